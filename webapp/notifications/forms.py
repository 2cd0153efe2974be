"""Forms of the notification settings."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, StringField
from wtforms.validators import DataRequired, Length

from webapp.forms import REQUIRED
from webapp.notifications.kinds import PREFERENCES


class PreferencesForm(FlaskForm):
    """One switch per kind; built from the kinds registry."""

    def kind_fields(self):
        return [self[key] for key in PREFERENCES]

    def enabled(self) -> set[str]:
        return {key for key in PREFERENCES if self[key].data}


for _key, _label in PREFERENCES.items():
    setattr(PreferencesForm, _key, BooleanField(_label))


class DeviceNameForm(FlaskForm):
    name = StringField(
        _l("Device name"),
        validators=[DataRequired(REQUIRED), Length(max=120)],
        render_kw={"autocomplete": "off"},
    )
