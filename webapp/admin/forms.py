"""The administrator's invite form."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectMultipleField, widgets
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired

from quests.roles import INVITABLE_ROLES
from webapp.forms import email_field
from webapp.i18n import ROLE_LABELS


class InviteForm(FlaskForm):
    email = email_field()
    roles = SelectMultipleField(
        _l("Roles"),
        choices=[SelectChoice(role.value, ROLE_LABELS[role.value]) for role in INVITABLE_ROLES],
        validators=[DataRequired(_l("Choose at least one role."))],
        option_widget=widgets.CheckboxInput(),
        widget=widgets.ListWidget(prefix_label=False),
    )
