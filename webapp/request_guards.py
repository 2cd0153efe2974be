"""Checks every request passes before a view sees it: the body's kind and no NUL characters.

One place for both, so no view has to remember them:
- A view that reads a form gets a form body (urlencoded or multipart) or none at all.
  Flask-WTF reads a JSON body as the form's data, and a JSON scalar there raised TypeError
  (500). Views that take JSON say so with @accepts_json and get only JSON.
- NUL is never a character a person types; PostgreSQL refuses it in text, so it would fail
  deep in a query (500). It is refused in the path, the query string, form fields and JSON.
"""

from flask import Flask, Request, abort, current_app, request
from werkzeug.exceptions import BadRequest

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
JSON_TYPE = "application/json"
BODY_METHODS = ("POST", "PUT", "PATCH", "DELETE")


def accepts_json(view):
    """Mark a view that takes a JSON body instead of a form."""
    view.accepts_json = True
    return view


def _view_takes_json() -> bool:
    view = current_app.view_functions.get(request.endpoint)
    return bool(getattr(view, "accepts_json", False))


def _has_body() -> bool:
    return bool(request.content_length) or request.headers.get("Transfer-Encoding") is not None


def check_body_kind() -> None:
    if request.method not in BODY_METHODS or request.endpoint is None or not _has_body():
        return
    wanted = (JSON_TYPE,) if _view_takes_json() else FORM_TYPES
    if request.mimetype not in wanted:
        abort(415)


def _has_nul(values) -> bool:
    return any("\x00" in key or "\x00" in value for key, value in values.items(multi=True))


class GuardedRequest(Request):
    """Refuses NUL in a form the moment the form is read, by whoever reads it first.

    Checked here rather than before the view: upload views raise the body limit
    themselves before they read a byte (see competitions.views._allow_body).
    """

    def _load_form_data(self) -> None:
        super()._load_form_data()
        names = (upload.filename or "" for upload in self.files.values())
        if _has_nul(self.form) or any("\x00" in name for name in names):
            raise BadRequest()


def refuse_nul() -> None:
    if "\x00" in request.path or _has_nul(request.args):
        abort(400)
    # A JSON body is small (the app-wide limit) and read whole anyway; \u0000 is NUL in JSON.
    if request.method in BODY_METHODS and request.mimetype == JSON_TYPE:
        body = request.get_data(cache=True)
        if b"\x00" in body or b"\\u0000" in body:
            abort(400)


def init_app(app: Flask) -> None:
    app.request_class = GuardedRequest
    # Registered before CSRFProtect, which is the first to read the body.
    app.before_request(check_body_kind)
    app.before_request(refuse_nul)
