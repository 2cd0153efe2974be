"""The impact page's filter: a date range in months, read from the query string. The class
is chosen with a plain select; the domain decides whether the reader may see it."""

from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import Optional, ValidationError

MONTH_FORMAT = "%Y-%m"


def month_of(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return datetime.strptime(text.strip(), MONTH_FORMAT).date()
    except ValueError:
        return None


def _a_month(form, field) -> None:
    if field.data and month_of(field.data) is None:
        raise ValidationError(_l("Choose a month, like 2026-09."))


class ImpactFilterForm(FlaskForm):
    class Meta:
        csrf = False  # a GET form that changes nothing

    start = StringField(
        _l("From month"), validators=[Optional(), _a_month], render_kw={"type": "month"}
    )
    end = StringField(
        _l("To month"), validators=[Optional(), _a_month], render_kw={"type": "month"}
    )
