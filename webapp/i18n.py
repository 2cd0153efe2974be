"""Which language a page is in: the person's setting, then the browser's, then Finnish."""

from flask import current_app, g, request
from flask_babel import lazy_gettext
from flask_login import current_user

LANGUAGE_COOKIE = "polku_lang"
LANGUAGE_NAMES = {"fi": "Suomi", "sv": "Svenska", "en": "English"}


def select_locale() -> str:
    languages = current_app.config["LANGUAGES"]
    # The person comes from the database; an error page about the database must not ask it.
    if (
        not g.get("database_unavailable")
        and current_user.is_authenticated
        and current_user.locale in languages
    ):
        return current_user.locale
    chosen = request.cookies.get(LANGUAGE_COOKIE)
    if chosen in languages:
        return chosen
    return (
        request.accept_languages.best_match(languages) or current_app.config["BABEL_DEFAULT_LOCALE"]
    )


ROLE_LABELS = {
    "student": lazy_gettext("Student"),
    "teacher": lazy_gettext("Teacher"),
    "entrepreneur": lazy_gettext("Entrepreneur"),
    "employer": lazy_gettext("Employer"),
    "admin": lazy_gettext("Administrator"),
}


def role_label(role: str) -> str:
    return str(ROLE_LABELS[str(role)])
