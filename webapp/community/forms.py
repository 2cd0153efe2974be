"""Forms and labels of the entrepreneur community: applications, projects, leaderboard."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    FieldList,
    Form,
    FormField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    URLField,
    widgets,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    URL,
    DataRequired,
    Email,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from quests.projects import MAX_MILESTONES, MilestoneInput, ProjectInput
from quests.quest_models import EvidenceKind
from webapp.forms import EMAIL, REQUIRED
from webapp.labels import EVIDENCE
from webapp.learning.forms import XP_RANGE

STAGES = {
    "idea": _l("An idea"),
    "new": _l("A new business"),
    "established": _l("An established business"),
}
NEEDS = {
    "premises": _l("Premises in the hub"),
    "training": _l("Training"),
    "product_development": _l("Product development"),
    "service_design": _l("Service design"),
    "business_advice": _l("Business advice"),
    "popup_selling": _l("Pop-up selling"),
}
PROJECT_NEEDS = {
    "product_development": _l("Product development"),
    "service_design": _l("Service design"),
    "marketing": _l("Marketing"),
    "sales": _l("Sales"),
    "website": _l("Website or app"),
    "other": _l("Something else"),
}
APPLICATION_STATUSES = {
    "pending": _l("Waiting for a decision"),
    "info_requested": _l("More information asked"),
    "accepted": _l("Accepted"),
    "declined": _l("Declined"),
}
BOARD_MODES = {
    "full": _l("The whole list"),
    "around": _l("Only the places around each student"),
}
LABELS = {
    "stage_label": STAGES,
    "need_label": NEEDS,
    "project_need_label": PROJECT_NEEDS,
    "application_status_label": APPLICATION_STATUSES,
}


def _choices(labels):
    return [SelectChoice(key, label) for key, label in labels.items()]


def _text(label, required=True, max_length=2000, **kwargs):
    validators = [DataRequired(REQUIRED)] if required else [Optional()]
    return TextAreaField(label, validators=[*validators, Length(max=max_length)], **kwargs)


class ApplicationForm(FlaskForm):
    name = StringField(
        _l("Your name"),
        validators=[DataRequired(REQUIRED), Length(max=120)],
        render_kw={"autocomplete": "name"},
    )
    email = EmailField(
        _l("Email"),
        validators=[DataRequired(REQUIRED), Email(EMAIL, check_deliverability=False)],
        render_kw={"autocomplete": "email", "inputmode": "email"},
    )
    phone = StringField(
        _l("Phone (optional)"),
        validators=[Optional(), Length(max=40)],
        render_kw={"autocomplete": "tel", "inputmode": "tel"},
    )
    business_name = StringField(
        _l("Business name"),
        validators=[DataRequired(REQUIRED), Length(max=200)],
        render_kw={"autocomplete": "organization"},
    )
    sector = StringField(
        _l("Sector"),
        validators=[DataRequired(REQUIRED), Length(max=120)],
        render_kw={"placeholder": _l("e.g. café, design, IT services")},
    )
    website = URLField(
        _l("Website (optional)"),
        validators=[
            Optional(),
            URL(message=_l("Give a web address that starts with https://")),
            Length(max=500),
        ],
        render_kw={"inputmode": "url", "placeholder": "https://"},
    )
    stage = RadioField(
        _l("Stage of the business"), choices=_choices(STAGES), validators=[DataRequired(REQUIRED)]
    )
    expectations = _text(_l("What do you expect from the community?"))
    needs = SelectMultipleField(
        _l("What do you need?"),
        choices=_choices(NEEDS),
        validators=[Optional()],
        option_widget=widgets.CheckboxInput(),
        widget=widgets.ListWidget(prefix_label=False),
    )
    cooperation = _text(_l("How could you co-operate with students?"))


class ReplyForm(FlaskForm):
    reply = _text(_l("Your answer"))


class DecisionForm(FlaskForm):
    message = _text(_l("Message to the applicant"), required=False)


class ProjectDetailsForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(REQUIRED), Length(max=200)])
    need = SelectField(_l("The real need"), choices=_choices(PROJECT_NEEDS))
    description = _text(
        _l("Description"),
        required=False,
        max_length=5000,
        description=_l("Markdown: **bold**, *italic*, lists and links."),
    )
    skills = StringField(
        _l("Skills wanted"),
        validators=[Optional(), Length(max=500)],
        render_kw={"placeholder": _l("e.g. photography, HTML, customer service")},
    )
    team_size = IntegerField(
        _l("Team size"),
        default=3,
        validators=[DataRequired(REQUIRED), NumberRange(1, 12, _l("Between 1 and 12."))],
    )
    starts_on = DateField(_l("Starts"), validators=[Optional()])
    ends_on = DateField(_l("Ends"), validators=[Optional()])

    def project_input(self) -> ProjectInput:
        return ProjectInput(
            title=self.title.data,
            need=self.need.data,
            description=self.description.data or "",
            skills=self.skills.data or "",
            team_size=self.team_size.data,
            starts_on=self.starts_on.data,
            ends_on=self.ends_on.data,
        )


class MilestoneRow(Form):
    title = StringField(_l("Milestone"), validators=[Optional(), Length(max=200)])
    evidence = SelectField(_l("Evidence"), choices=_choices(EVIDENCE), validate_choice=False)
    xp = IntegerField(_l("XP"), default=50, validators=[Optional(), XP_RANGE])
    due_date = DateField(_l("Due date"), validators=[Optional()])


class NewProjectForm(ProjectDetailsForm):
    # Teachers choose the entrepreneur; entrepreneurs may link a teacher.
    entrepreneur = SelectField(_l("Entrepreneur"), coerce=str, validate_choice=False)
    teacher = SelectField(_l("Teacher who follows the project"), coerce=str, validate_choice=False)
    milestones = FieldList(FormField(MilestoneRow), min_entries=3, max_entries=MAX_MILESTONES)

    def milestone_list(self) -> list[MilestoneInput]:
        return [
            MilestoneInput(
                title=row.title.data.strip(),
                evidence=EvidenceKind(row.evidence.data),
                xp=row.xp.data or 50,
                due_date=row.due_date.data,
            )
            for row in self.milestones
            if row.title.data and row.title.data.strip()
        ]

    def validate_milestones(self, field):
        filled = [row for row in self.milestones if row.title.data and row.title.data.strip()]
        if not filled:
            raise ValidationError(_l("Add at least one milestone."))
        if any(row.evidence.data not in EVIDENCE for row in filled):
            raise ValidationError(_l("Choose the evidence for every milestone."))


class MilestoneForm(FlaskForm):
    title = StringField(_l("Milestone"), validators=[DataRequired(REQUIRED), Length(max=200)])
    description = _text(_l("Description"), required=False, max_length=5000)
    evidence = SelectField(_l("Evidence"), choices=_choices(EVIDENCE))
    xp = IntegerField(_l("XP"), default=50, validators=[DataRequired(REQUIRED), XP_RANGE])
    due_date = DateField(_l("Due date"), validators=[Optional()])

    def milestone_input(self) -> MilestoneInput:
        return MilestoneInput(
            title=self.title.data,
            evidence=EvidenceKind(self.evidence.data),
            xp=self.xp.data,
            description=self.description.data or "",
            due_date=self.due_date.data,
        )


class JoinForm(FlaskForm):
    message = _text(_l("Why would you like to join? (optional)"), required=False, max_length=1000)


class TestimonialForm(FlaskForm):
    testimonial = _text(_l("Your testimonial"), max_length=600)


class PreferenceForm(FlaskForm):
    opted_in = BooleanField(_l("Show me on my classes' weekly leaderboards"))
    display_name = StringField(
        _l("Name shown on the leaderboard"),
        validators=[Optional(), Length(max=40)],
        render_kw={"autocomplete": "nickname"},
    )


class BoardModeForm(FlaskForm):
    mode = RadioField(_l("What students see"), choices=_choices(BOARD_MODES))
