"""Every error answers in the reader's language: a fragment for htmx, a page otherwise."""

import errno

from flask import Flask, current_app, g, render_template
from flask_babel import get_locale, gettext, lazy_gettext
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import InterfaceError, OperationalError, SQLAlchemyError
from sqlalchemy.exc import TimeoutError as SATimeoutError
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
    415: (
        lazy_gettext("Not a form"),
        lazy_gettext("This address takes a form, not that kind of data."),
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
    507: (
        lazy_gettext("Storage full"),
        lazy_gettext(
            "The server has no room for the file just now. Nothing was saved; try again later."
        ),
    ),
    503: (
        lazy_gettext("Service unavailable"),
        lazy_gettext("Polku cannot reach its data just now. Try again in a minute."),
    ),
}
# Errors that mean the database cannot be reached (down, restarting, pool exhausted).
DATABASE_DOWN = (OperationalError, InterfaceError, SATimeoutError)


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


def _forget_the_transaction() -> None:
    try:
        db.session.rollback()
    except SQLAlchemyError:
        current_app.logger.warning("rollback after an error failed too", exc_info=True)


def render_without_database(status: int):
    """A page that needs nothing but the request: no person, no context processors.

    The normal pages read the person (and their language) from the database; when that
    is what failed, rendering them failed again and gunicorn sent its bare English page.
    """
    g.database_unavailable = True
    title, message = MESSAGES[status]
    context = {"status": status, "title": title, "message": message}
    headers = {"Vary": "HX-Request", "Cache-Control": "no-store"}
    if status == 503:
        headers["Retry-After"] = "30"
    if is_htmx():
        template = current_app.jinja_env.get_template("errors/_message.html")
        headers.update({"HX-Retarget": "#flash", "HX-Reswap": "innerHTML"})
    else:
        template = current_app.jinja_env.get_template("errors/standalone.html")
    return template.render(locale=str(get_locale()), **context), status, headers


def handle_database_down(error: SQLAlchemyError):
    current_app.logger.error("the database did not answer: %s", error)
    _forget_the_transaction()
    return render_without_database(503)


def handle_unexpected_error(error: InternalServerError):
    _forget_the_transaction()
    return render_without_database(500)


def handle_missing_file(error: FileNotFoundError):
    # A row whose file has vanished (a lost disk, a restore without the media folder):
    # the reader gets "not found", the log names the file, `flask media check` lists them all.
    current_app.logger.error("a stored file is missing: %s", error.filename)
    db.session.rollback()
    return render_error(404)


def handle_os_error(error: OSError):
    _forget_the_transaction()
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        current_app.logger.error("storage full: %s", error)
        return render_error(507)
    current_app.logger.exception("unexpected error from the operating system")
    return render_without_database(500)


def init_app(app: Flask) -> None:
    app.register_error_handler(OSError, handle_os_error)
    app.register_error_handler(FileNotFoundError, handle_missing_file)
    for database_error in DATABASE_DOWN:
        app.register_error_handler(database_error, handle_database_down)
    app.register_error_handler(CSRFError, handle_csrf_error)
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(DomainError, handle_domain_error)
    app.register_error_handler(InternalServerError, handle_unexpected_error)
