"""The accessibility feedback form and the administrator's reply."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from webapp.forms import REQUIRED, email_field


class FeedbackForm(FlaskForm):
    name = StringField(
        _l("Name (optional)"),
        validators=[Optional(), Length(max=120)],
        render_kw={"autocomplete": "name"},
    )
    email = email_field(_l("Email for the reply"))
    page = StringField(
        _l("Page or feature (optional)"),
        validators=[Optional(), Length(max=500)],
    )
    message = TextAreaField(
        _l("What was hard to use?"),
        validators=[
            DataRequired(REQUIRED),
            Length(max=5000, message=_l("Write at most 5000 characters.")),
        ],
        render_kw={"rows": 6},
    )


class ReplyForm(FlaskForm):
    reply = TextAreaField(
        _l("Reply"),
        validators=[
            DataRequired(REQUIRED),
            Length(max=5000, message=_l("Write at most 5000 characters.")),
        ],
        render_kw={"rows": 5},
    )
