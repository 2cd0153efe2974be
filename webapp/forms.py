"""What every feature's forms share: the messages and the common fields."""

from flask_babel import lazy_gettext as _l
from wtforms import (
    EmailField,
    PasswordField,
    StringField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, Length

from quests.passwords import MAX_LENGTH, MIN_LENGTH
from webapp.i18n import LANGUAGE_NAMES

LANGUAGE_CHOICES = [SelectChoice(code, name) for code, name in LANGUAGE_NAMES.items()]
REQUIRED = _l("This field is required.")
EMAIL = _l("Enter a valid email address, like name@example.fi.")
PASSWORD_LENGTH = _l("Use a password of at least 10 characters.")


def email_field(label=None):
    return EmailField(
        label or _l("Email"),
        validators=[DataRequired(REQUIRED), Email(EMAIL, check_deliverability=False)],
        render_kw={"autocomplete": "email", "inputmode": "email"},
    )


def new_password_field(label):
    return PasswordField(
        label,
        validators=[DataRequired(REQUIRED), Length(MIN_LENGTH, MAX_LENGTH, PASSWORD_LENGTH)],
        render_kw={"autocomplete": "new-password", "minlength": MIN_LENGTH},
    )


def name_field():
    return StringField(
        _l("Name"),
        validators=[DataRequired(REQUIRED), Length(max=120)],
        render_kw={"autocomplete": "name"},
    )
