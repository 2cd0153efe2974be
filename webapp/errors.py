"""Every error answers in the reader's language: a fragment for htmx, a page otherwise."""

from flask import Flask, render_template
from flask_babel import gettext, lazy_gettext
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from quests.errors import DomainError
from webapp.extensions import db
from webapp.htmx import is_htmx

MESSAGES = {
    400: (lazy_gettext("Bad request"), lazy_gettext("The request was not understood.")),
    403: (
        lazy_gettext("Not allowed"),
        lazy_gettext("You do not have permission to see this page."),
    ),
    404: (lazy_gettext("Page not found"), lazy_gettext("There is no page at this address.")),
    405: (
        lazy_gettext("Not allowed"),
        lazy_gettext("This address does not accept that kind of request."),
    ),
    409: (
        lazy_gettext("Conflict"),
        lazy_gettext("That conflicts with something that already exists."),
    ),
    410: (lazy_gettext("Link no longer valid"), lazy_gettext("That link is no longer valid.")),
    413: (
        lazy_gettext("Too large"),
        lazy_gettext("What you sent is too large. Try a smaller file."),
    ),
    422: (lazy_gettext("Please check"), lazy_gettext("Please check the form.")),
    429: (
        lazy_gettext("Too many attempts"),
        lazy_gettext("Too many attempts. Wait a minute and try again."),
    ),
    500: (
        lazy_gettext("Something went wrong"),
        lazy_gettext("Something went wrong on our side. Try again in a moment."),
    ),
}


def render_error(status: int, message: str | None = None):
    title, default_message = MESSAGES.get(status, MESSAGES[400])
    context = {"status": status, "title": title, "message": message or default_message}
    if is_htmx():
        # Errors go to the page's message area, whatever the request meant to swap.
        body = render_template("errors/_message.html", **context)
        headers = {"HX-Retarget": "#flash", "HX-Reswap": "innerHTML"}
        return body, status, headers
    return render_template("errors/error.html", **context), status


def handle_http_error(error: HTTPException):
    return render_error(error.code or 500)


def handle_csrf_error(error: CSRFError):
    return render_error(
        400,
        gettext("The form had expired or was sent from elsewhere. Reload the page and try again."),
    )


def message_of(error: DomainError) -> str:
    """The domain error's message in the reader's language."""
    return gettext(error.message, **error.params)


def is_refusal(error: DomainError) -> bool:
    """Not allowed, or not there: the answer is the error page alone, never the object."""
    return error.status in (401, 403, 404)


def failed(error: DomainError) -> str:
    """The one way a view handles a failed action: roll back what it did (the files the
    request stored go when it ends uncommitted, see storage.py) and return the message to
    show beside the field or above the form. Who may act is decided before what is wrong
    with the input: a refusal (403) or a missing object (404) goes on to the app's error
    handler, so no error answer renders an object the actor may not see."""
    db.session.rollback()
    if is_refusal(error):
        raise error
    return message_of(error)


def show_on_form(form, error: DomainError) -> None:
    """Handle a failed action (see failed()) by showing its message next to the field the
    error names, or above the form."""
    field = getattr(form, error.field or "", None)
    message = failed(error)
    if field is not None:
        field.errors = [*field.errors, message]
    else:
        form.form_errors.append(message)


def handle_domain_error(error: DomainError):
    db.session.rollback()
    return render_error(error.status, message_of(error))


def handle_unexpected_error(error: InternalServerError):
    db.session.rollback()
    return render_error(500)


def init_app(app: Flask) -> None:
    app.register_error_handler(CSRFError, handle_csrf_error)
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(DomainError, handle_domain_error)
    app.register_error_handler(InternalServerError, handle_unexpected_error)
