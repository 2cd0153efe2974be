"""Forms of the competition: what organisers, students and judges send."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    EmailField,
    FieldList,
    Form,
    FormField,
    IntegerField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    widgets,
)
from wtforms.validators import DataRequired, Email, InputRequired, Length, NumberRange, Optional

from webapp.competitions.errors import InvalidScore
from webapp.forms import EMAIL, REQUIRED

HUB_ZONE = ZoneInfo("Europe/Helsinki")
NUMBER = _l("Enter a whole number in the range shown.")


def to_utc(local: datetime) -> datetime:
    """A time typed on the hub's clock, as UTC."""
    return local.replace(tzinfo=HUB_ZONE).astimezone(UTC)


def to_local(moment: datetime) -> datetime:
    return moment.astimezone(HUB_ZONE).replace(tzinfo=None)


def _when(label):
    return DateTimeLocalField(label, format="%Y-%m-%dT%H:%M", validators=[InputRequired(REQUIRED)])


class CriterionForm(Form):
    name = StringField(_l("Criterion"), validators=[Optional(), Length(max=120)])
    description = StringField(_l("What the judges look for"), validators=[Length(max=500)])
    weight = IntegerField(
        _l("Weight"), default=1, validators=[Optional(), NumberRange(1, 10, NUMBER)]
    )
    max_score = IntegerField(
        _l("Highest score"), default=5, validators=[Optional(), NumberRange(1, 10, NUMBER)]
    )


class PrizeForm(Form):
    title = StringField(_l("Prize"), validators=[Optional(), Length(max=160)])
    sponsor = StringField(_l("Offered by"), validators=[Optional(), Length(max=160)])


class CompetitionForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(REQUIRED), Length(max=160)])
    description = TextAreaField(_l("Description"), validators=[Length(max=4000)])
    rules = TextAreaField(_l("Rules"), validators=[DataRequired(REQUIRED), Length(max=8000)])
    submission_opens = _when(_l("Entries open"))
    submission_closes = _when(_l("Entries close"))
    judging_opens = _when(_l("Judging opens"))
    judging_closes = _when(_l("Judging closes"))
    blind = BooleanField(_l("Blind judging: judges do not see students' names"), default=True)
    max_minutes = IntegerField(
        _l("Longest video (minutes)"),
        default=3,
        validators=[InputRequired(REQUIRED), NumberRange(1, 10, NUMBER)],
    )
    max_size_mb = IntegerField(
        _l("Largest file (MB)"),
        default=500,
        validators=[InputRequired(REQUIRED), NumberRange(10, 2000, NUMBER)],
    )
    judges_per_entry = IntegerField(
        _l("Judges per entry"),
        validators=[Optional(), NumberRange(1, 20, NUMBER)],
    )
    cohorts = SelectMultipleField(
        _l("Who may enter"),
        coerce=int,
        option_widget=widgets.CheckboxInput(),
        widget=widgets.ListWidget(prefix_label=False),
    )
    criteria = FieldList(FormField(CriterionForm), min_entries=5, max_entries=5)
    prizes = FieldList(FormField(PrizeForm), min_entries=3, max_entries=3)


class EntryForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(REQUIRED), Length(max=160)])
    pitch = TextAreaField(
        _l("Your pitch in a few sentences"), validators=[DataRequired(REQUIRED), Length(max=1000)]
    )
    video = FileField(
        _l("Video"),
        validators=[DataRequired(_l("Choose or record a video."))],
        render_kw={"accept": "video/*"},
    )
    consent = BooleanField(
        _l("I accept the rules, and I agree that the judges assigned to my entry may watch it"),
        validators=[DataRequired(_l("You need to agree to enter."))],
    )
    under_18 = BooleanField(_l("I am under 18"))
    guardian_consent = BooleanField(_l("My guardian has agreed that I take part"))


class VideoForm(FlaskForm):
    video = FileField(
        _l("New video"),
        validators=[DataRequired(_l("Choose or record a video."))],
        render_kw={"accept": "video/*"},
    )


class CaptionsForm(FlaskForm):
    captions = FileField(_l("Caption file (WebVTT)"), render_kw={"accept": ".vtt,text/vtt"})
    transcript = TextAreaField(
        _l("Or type what you say in the video"), validators=[Length(max=10000)]
    )


class ActionForm(FlaskForm):
    """A button that changes something: only the CSRF token travels."""


class JudgeForm(FlaskForm):
    email = EmailField(
        _l("Judge's email"),
        validators=[DataRequired(REQUIRED), Email(EMAIL, check_deliverability=False)],
        render_kw={"autocomplete": "off", "inputmode": "email"},
    )


class ConflictsForm(FlaskForm):
    entries = SelectMultipleField(
        _l("I know these entrants personally or have worked with them"),
        coerce=int,
        option_widget=widgets.CheckboxInput(),
        widget=widgets.ListWidget(prefix_label=False),
    )


class ScoreForm(FlaskForm):
    """The comment; each criterion's score arrives as criterion_ID (see scores_from)."""

    comment = TextAreaField(_l("Comment for the organisers"), validators=[Length(max=2000)])


def scores_from(formdata, criteria) -> dict[int, int | None]:
    """The scores in a post: a number, an empty value (clears it) or absent (left as it is)."""
    scores = {}
    for criterion in criteria:
        name = f"criterion_{criterion.id}"
        if name not in formdata:
            continue
        raw = formdata.get(name, "").strip()
        if raw == "":
            scores[criterion.id] = None
            continue
        try:
            scores[criterion.id] = int(raw)
        except ValueError as error:
            raise InvalidScore(field=name) from error
    return scores


def winners_from(formdata, prizes) -> dict[int, int | None]:
    winners = {}
    for prize in prizes:
        raw = formdata.get(f"prize_{prize.id}", "").strip()
        try:
            winners[prize.id] = int(raw) if raw else None
        except ValueError:
            winners[prize.id] = -1
    return winners
