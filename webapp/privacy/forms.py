"""Forms of the data page and of an administrator's deletion on request."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, Length

from webapp.forms import REQUIRED, email_field


class DeleteAccountForm(FlaskForm):
    password = PasswordField(
        _l("Your password"),
        validators=[DataRequired(REQUIRED), Length(max=128)],
        render_kw={"autocomplete": "current-password"},
    )


class AdminDeleteForm(FlaskForm):
    email = email_field(_l("Email of the account to delete"))
    request_note = StringField(
        _l("How the person asked (date and channel)"),
        validators=[DataRequired(REQUIRED), Length(max=200)],
    )
    password = PasswordField(
        _l("Your own password"),
        validators=[DataRequired(REQUIRED), Length(max=128)],
        render_kw={"autocomplete": "current-password"},
    )


class MarkLeftForm(FlaskForm):
    """Shares a page with AdminDeleteForm: made with prefix="left" so the field ids differ."""

    email = email_field(_l("Email of the student who left"))
