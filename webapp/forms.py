"""Flask-WTF forms: parsing and validation of what people type."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    PasswordField,
    SelectField,
    SelectMultipleField,
    StringField,
    widgets,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, EqualTo, Length

from quests.passwords import MAX_LENGTH, MIN_LENGTH
from quests.roles import INVITABLE_ROLES
from webapp.i18n import LANGUAGE_NAMES, ROLE_LABELS

LANGUAGE_CHOICES = [SelectChoice(code, name) for code, name in LANGUAGE_NAMES.items()]
REQUIRED = _l("This field is required.")
EMAIL = _l("Enter a valid email address, like name@example.fi.")
PASSWORD_LENGTH = _l("Use a password of at least 10 characters.")


def _email_field(label=None):
    return EmailField(
        label or _l("Email"),
        validators=[DataRequired(REQUIRED), Email(EMAIL, check_deliverability=False)],
        render_kw={"autocomplete": "email", "inputmode": "email"},
    )


def _new_password_field(label):
    return PasswordField(
        label,
        validators=[DataRequired(REQUIRED), Length(MIN_LENGTH, MAX_LENGTH, PASSWORD_LENGTH)],
        render_kw={"autocomplete": "new-password", "minlength": MIN_LENGTH},
    )


def _name_field():
    return StringField(
        _l("Name"),
        validators=[DataRequired(REQUIRED), Length(max=120)],
        render_kw={"autocomplete": "name"},
    )


class LoginForm(FlaskForm):
    email = _email_field()
    password = PasswordField(
        _l("Password"),
        validators=[DataRequired(REQUIRED)],
        render_kw={"autocomplete": "current-password"},
    )
    remember = BooleanField(_l("Keep me signed in on this device"))


class SignupForm(FlaskForm):
    join_code = StringField(
        _l("Join code from your teacher"),
        validators=[DataRequired(REQUIRED), Length(max=32)],
        render_kw={"autocomplete": "off", "autocapitalize": "characters"},
    )
    name = _name_field()
    email = _email_field()
    password = _new_password_field(_l("Password (at least 10 characters)"))


class InviteAcceptForm(FlaskForm):
    name = _name_field()
    password = _new_password_field(_l("Password (at least 10 characters)"))


class ForgotPasswordForm(FlaskForm):
    email = _email_field()


class ResetPasswordForm(FlaskForm):
    password = _new_password_field(_l("New password (at least 10 characters)"))
    confirm = PasswordField(
        _l("New password again"),
        validators=[DataRequired(REQUIRED), EqualTo("password", _l("The passwords do not match."))],
        render_kw={"autocomplete": "new-password"},
    )


class ChangePasswordForm(ResetPasswordForm):
    current_password = PasswordField(
        _l("Current password"),
        validators=[DataRequired(REQUIRED)],
        render_kw={"autocomplete": "current-password"},
    )


class ProfileForm(FlaskForm):
    name = _name_field()
    locale = SelectField(_l("Language"), choices=LANGUAGE_CHOICES)


class LanguageForm(FlaskForm):
    locale = SelectField(_l("Language"), choices=LANGUAGE_CHOICES)


class JoinCohortForm(FlaskForm):
    join_code = StringField(
        _l("Join code"),
        validators=[DataRequired(REQUIRED), Length(max=32)],
        render_kw={"autocomplete": "off", "autocapitalize": "characters"},
    )


class CohortForm(FlaskForm):
    name = StringField(
        _l("Class name"),
        validators=[DataRequired(REQUIRED), Length(max=120)],
        render_kw={"placeholder": _l("e.g. Business IT 2026")},
    )


class InviteForm(FlaskForm):
    email = _email_field()
    roles = SelectMultipleField(
        _l("Roles"),
        choices=[SelectChoice(role.value, ROLE_LABELS[role.value]) for role in INVITABLE_ROLES],
        validators=[DataRequired(_l("Choose at least one role."))],
        option_widget=widgets.CheckboxInput(),
        widget=widgets.ListWidget(prefix_label=False),
    )
