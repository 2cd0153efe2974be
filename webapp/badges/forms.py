"""Forms for badge classes, awarding, applications, revocation and sharing."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    URLField,
    widgets,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import URL, DataRequired, Length, NumberRange, Optional

from webapp.forms import REQUIRED

RULE_CHOICES = [
    SelectChoice("", _l("No rule: awarded by hand or on application")),
    SelectChoice("unit_goals", _l("All goals of a plan unit approved")),
    SelectChoice("quests_approved", _l("A number of approved quests")),
    SelectChoice("project_completed", _l("A co-creation project completed")),
]
QUEST_KIND_CHOICES = [
    SelectChoice("", _l("Any kind")),
    SelectChoice("plan_goal", _l("Plan goals")),
    SelectChoice("challenge", _l("Challenges")),
    SelectChoice("project", _l("Project milestones")),
]


class MultiCheckbox(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


class BadgeClassForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(REQUIRED), Length(max=120)])
    description = TextAreaField(
        _l("Description"), validators=[DataRequired(REQUIRED), Length(max=500)]
    )
    criteria = TextAreaField(
        _l("Criteria"),
        validators=[DataRequired(REQUIRED), Length(max=5000)],
        description=_l("What earns the badge. Markdown: **bold**, *italic*, lists and links."),
    )
    image = FileField(_l("Image (PNG or SVG)"), description=_l("Or leave empty and pick a colour."))
    colour = StringField(_l("Colour of a drawn image"), default="#0b5c4b")
    tags = StringField(
        _l("Tags"), validators=[Length(max=300)], description=_l("Separate with commas.")
    )
    valid_days = IntegerField(
        _l("Valid for (days)"),
        validators=[Optional(), NumberRange(1, 3650, _l("Between 1 and 3650 days."))],
        description=_l("Leave empty if it never expires."),
    )
    allow_repeats = BooleanField(_l("A student may earn it more than once"))
    open_for_applications = BooleanField(_l("Students may apply for it"), default=True)
    alignment_code = StringField(_l("Qualification unit code"), validators=[Length(max=40)])
    alignment_name = StringField(_l("Qualification unit name"), validators=[Length(max=200)])
    alignment_url = URLField(
        _l("Link to the national requirements"),
        validators=[Optional(), URL(message=_l("Give a web address that starts with https://"))],
    )
    rule = SelectField(_l("Award automatically when"), choices=RULE_CHOICES)
    rule_unit = StringField(_l("Unit code in the student's plan"), validators=[Length(max=20)])
    rule_count = IntegerField(
        _l("How many quests"),
        validators=[Optional(), NumberRange(1, 500, _l("Between 1 and 500."))],
        default=5,
    )
    rule_kind = SelectField(_l("Of kind"), choices=QUEST_KIND_CHOICES)

    def rule_spec(self) -> list[tuple[str, dict]]:
        if self.rule.data == "unit_goals":
            return [("unit_goals", {"unit_code": (self.rule_unit.data or "").strip()})]
        if self.rule.data == "quests_approved":
            params = {"count": self.rule_count.data or 1}
            if self.rule_kind.data:
                params["quest_kind"] = self.rule_kind.data
            return [("quests_approved", params)]
        if self.rule.data == "project_completed":
            return [("project_completed", {})]
        return []


class AwardForm(FlaskForm):
    students = MultiCheckbox(_l("Students"), coerce=int)
    quests = MultiCheckbox(_l("Approved quests as evidence"), coerce=int)
    narrative = TextAreaField(_l("Why they earned it"), validators=[Length(max=2000)])


class ApplicationForm(FlaskForm):
    text = TextAreaField(_l("Why should you get this badge?"), validators=[Length(max=3000)])
    quests = MultiCheckbox(_l("My approved quests as evidence"), coerce=int)
    file = FileField(_l("A file as evidence (optional)"))


class DecisionForm(FlaskForm):
    reason = TextAreaField(_l("Reason (the student sees it)"), validators=[Length(max=500)])


class RevokeForm(FlaskForm):
    reason = TextAreaField(
        _l("Reason for revoking"), validators=[DataRequired(REQUIRED), Length(max=500)]
    )


class PrivacyForm(FlaskForm):
    hidden = BooleanField(_l("Hide this badge: its public page and link stop working"))
    show_name = BooleanField(_l("Show my name on the public page"))


class SuspendForm(FlaskForm):
    """Suspending and resuming need nothing but the CSRF token."""


class DidForm(FlaskForm):
    did = StringField(
        _l("Your DID (optional)"),
        validators=[Optional(), Length(max=300)],
        description=_l(
            "If you have a digital wallet, paste its DID here. Badges you earn from now on "
            "name it, so the wallet can prove they are yours."
        ),
    )


class VerifyCredentialForm(FlaskForm):
    credential = TextAreaField(
        _l("Paste a credential (the .jwt file's text)"), validators=[Length(max=200_000)]
    )
    image = FileField(_l("Or choose a badge image (PNG or SVG)"))
