"""Forms for quests, challenges, reviews and learning plans."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    FieldList,
    Form,
    FormField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from quests.quest_models import EvidenceKind
from webapp.forms import REQUIRED
from webapp.labels import ACQUISITION, EVIDENCE

XP_RANGE = NumberRange(10, 500, _l("Give between 10 and 500 XP."))


class StepForm(Form):
    title = StringField(_l("Step"), validators=[Optional(), Length(max=200)])
    # Checked in QuestForm.validate_steps: an empty row may leave it unset.
    evidence = SelectField(
        _l("Evidence"),
        choices=[SelectChoice(kind, label) for kind, label in EVIDENCE.items()],
        validate_choice=False,
    )


class QuestForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(REQUIRED), Length(max=200)])
    description = TextAreaField(
        _l("Description"),
        validators=[Length(max=5000)],
        description=_l("Markdown: **bold**, *italic*, lists and links."),
    )
    xp = IntegerField(_l("XP"), default=50, validators=[DataRequired(REQUIRED), XP_RANGE])
    due_date = DateField(_l("Due date"), validators=[Optional()])
    steps = FieldList(FormField(StepForm), min_entries=3, max_entries=8)

    def step_list(self) -> list[tuple[str, EvidenceKind]]:
        return [
            (entry.title.data.strip(), EvidenceKind(entry.evidence.data))
            for entry in self.steps
            if entry.title.data and entry.title.data.strip()
        ]

    def validate_steps(self, field):
        filled = [e for e in self.steps if e.title.data and e.title.data.strip()]
        if not filled:
            raise ValidationError(_l("Add at least one step."))
        if any(e.evidence.data not in EVIDENCE for e in filled):
            raise ValidationError(_l("Choose the evidence for every step."))


class ChallengeForm(QuestForm):
    cohort = SelectField(_l("For whom"), coerce=str, validators=[DataRequired(REQUIRED)])


class GoalForm(QuestForm):
    unit = SelectField(_l("Unit"), coerce=int, validators=[DataRequired(REQUIRED)])
    acquisition = SelectField(
        _l("How the competence is acquired"),
        choices=[SelectChoice(kind, label) for kind, label in ACQUISITION.items()],
    )


class ReviewForm(FlaskForm):
    feedback = TextAreaField(_l("Feedback to the student"), validators=[Length(max=2000)])


class PlanForm(FlaskForm):
    qualification = StringField(
        _l("Qualification"), validators=[DataRequired(REQUIRED), Length(max=200)]
    )
    qualification_code = StringField(_l("Qualification code"), validators=[Length(max=20)])
    support_needs = TextAreaField(_l("Support needs"), validators=[Length(max=2000)])


class UnitForm(FlaskForm):
    code = StringField(_l("Unit code"), validators=[DataRequired(REQUIRED), Length(max=20)])
    name = StringField(_l("Unit name"), validators=[DataRequired(REQUIRED), Length(max=200)])
    points = IntegerField(
        _l("Competence points"),
        validators=[DataRequired(REQUIRED), NumberRange(1, 200, _l("Between 1 and 200."))],
    )


class PeriodForm(FlaskForm):
    workplace = StringField(_l("Workplace"), validators=[DataRequired(REQUIRED), Length(max=200)])
    supervisor = StringField(
        _l("Workplace supervisor"), validators=[DataRequired(REQUIRED), Length(max=200)]
    )
    starts_on = DateField(_l("Starts"), validators=[DataRequired(REQUIRED)])
    ends_on = DateField(_l("Ends"), validators=[DataRequired(REQUIRED)])
    hours_per_week = IntegerField(
        _l("Hours per week"),
        validators=[DataRequired(REQUIRED), NumberRange(1, 40, _l("Between 1 and 40."))],
    )


class DemonstrationForm(FlaskForm):
    description = StringField(
        _l("Demonstration"), validators=[DataRequired(REQUIRED), Length(max=500)]
    )
    unit = SelectField(_l("Unit"), coerce=int, validators=[Optional()])
    place = StringField(_l("Place"), validators=[Length(max=200)])
    planned_on = DateField(_l("Planned date"), validators=[Optional()])


class CommentForm(FlaskForm):
    body = TextAreaField(_l("Comment"), validators=[DataRequired(REQUIRED), Length(max=2000)])
