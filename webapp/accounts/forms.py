"""Forms of signing in, signing up, passwords and the person's own settings."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, EqualTo, Length

from webapp.forms import (
    LANGUAGE_CHOICES,
    REQUIRED,
    email_field,
    name_field,
    new_password_field,
)


class LoginForm(FlaskForm):
    email = email_field()
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
    name = name_field()
    email = email_field()
    password = new_password_field(_l("Password (at least 10 characters)"))


class InviteAcceptForm(FlaskForm):
    name = name_field()
    password = new_password_field(_l("Password (at least 10 characters)"))


class ForgotPasswordForm(FlaskForm):
    email = email_field()


class ResetPasswordForm(FlaskForm):
    password = new_password_field(_l("New password (at least 10 characters)"))
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
    name = name_field()
    locale = SelectField(_l("Language"), choices=LANGUAGE_CHOICES)


class LanguageForm(FlaskForm):
    locale = SelectField(_l("Language"), choices=LANGUAGE_CHOICES)


class JoinCohortForm(FlaskForm):
    join_code = StringField(
        _l("Join code"),
        validators=[DataRequired(REQUIRED), Length(max=32)],
        render_kw={"autocomplete": "off", "autocapitalize": "characters"},
    )
