"""The teacher's class form."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import DataRequired, Length

from webapp.forms import REQUIRED


class CohortForm(FlaskForm):
    name = StringField(
        _l("Class name"),
        validators=[DataRequired(REQUIRED), Length(max=120)],
        render_kw={"placeholder": _l("e.g. Business IT 2026")},
    )
