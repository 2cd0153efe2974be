"""The competition's pages: thin views that parse a form, call a service and render."""

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext
from flask_login import current_user, login_required
from flask_wtf.csrf import CSRFError, validate_csrf
from werkzeug.exceptions import RequestEntityTooLarge
from wtforms import ValidationError

from quests.clock import utcnow
from quests.errors import DomainError
from quests.models import Cohort
from quests.roles import Capability
from webapp.auth import capability_required
from webapp.competitions import judging, media, services
from webapp.competitions.errors import WindowClosed
from webapp.competitions.forms import (
    ActionForm,
    CaptionsForm,
    CompetitionForm,
    EntryForm,
    VideoForm,
    to_utc,
)
from webapp.competitions.models import VideoState
from webapp.errors import render_error, show_on_form
from webapp.extensions import csrf, db
from webapp.htmx import is_htmx, render_page_or_block

bp = Blueprint("competitions", __name__, url_prefix="/competitions")
MB = 1024 * 1024
# Room for the form's other fields next to the file.
FORM_OVERHEAD = 64 * 1024


@bp.errorhandler(RequestEntityTooLarge)
def too_large(error):
    return render_error(
        413,
        gettext(
            "The file is larger than this competition allows. Trim it or record a shorter one."
        ),
    )


# --- lists and pages ---------------------------------------------------------


@bp.get("/")
@login_required
def index():
    managed = []
    if services.is_organiser(current_user):
        managed = services.management_summary(db.session, current_user)
    return render_template(
        "competitions/index.html",
        listing=services.competitions_for(db.session, current_user),
        managed=managed,
        now=utcnow(),
    )


def _new_page(form, status=200):
    return render_template("competitions/new.html", form=form), status


def _cohort_choices(form) -> None:
    form.cohorts.choices = [
        (c.id, c.name) for c in db.session.scalars(db.select(Cohort).order_by(Cohort.name))
    ]


@bp.get("/new")
@capability_required(Capability.ADMINISTER)
def new():
    form = CompetitionForm()
    _cohort_choices(form)
    return _new_page(form)


@bp.post("/new")
@capability_required(Capability.ADMINISTER)
def create():
    form = CompetitionForm()
    _cohort_choices(form)
    if not form.validate():
        return _new_page(form, 422)
    criteria = [
        services.CriterionInput(
            c.data["name"],
            c.data["description"] or "",
            c.data["weight"] or 1,
            c.data["max_score"] or 5,
        )
        for c in form.criteria
        if (c.data["name"] or "").strip()
    ]
    prizes = [
        (p.data["title"].strip(), (p.data["sponsor"] or "").strip())
        for p in form.prizes
        if (p.data["title"] or "").strip()
    ]
    try:
        competition = services.create_competition(
            db.session,
            current_user,
            title=form.title.data,
            description=form.description.data or "",
            rules=form.rules.data,
            windows=tuple(
                to_utc(f.data)
                for f in (
                    form.submission_opens,
                    form.submission_closes,
                    form.judging_opens,
                    form.judging_closes,
                )
            ),
            criteria=criteria,
            prizes=prizes,
            blind=form.blind.data,
            max_duration_seconds=form.max_minutes.data * 60,
            max_size_mb=form.max_size_mb.data,
            judges_per_entry=form.judges_per_entry.data,
            cohort_ids=form.cohorts.data or [],
        )
    except DomainError as error:
        show_on_form(form, error)
        return _new_page(form, error.status)
    db.session.commit()
    flash(gettext("The competition has been created."), "success")
    return redirect(url_for("competitions.manage", competition_id=competition.id), 303)


@bp.get("/<int:competition_id>")
@login_required
def show(competition_id):
    competition = services.get_competition(db.session, current_user, competition_id)
    return render_template(
        "competitions/competition.html",
        competition=competition,
        entry=services.own_entry(db.session, current_user, competition_id),
        may_enter=services.may_enter(db.session, current_user, competition),
        judge=services.judge_seat(db.session, current_user, competition_id),
        winners=judging.winners_of(db.session, competition) if competition.published_at else [],
        now=utcnow(),
    )


# --- entering ----------------------------------------------------------------


def _enter_page(competition, form, status=200):
    return render_page_or_block(
        "competitions/enter.html", "entry_form", status=status, competition=competition, form=form
    )


def _go(url: str):
    """After an upload: a redirect, or for htmx a full page load of the new address."""
    if is_htmx():
        return Response("", 200, {"HX-Redirect": url})
    return redirect(url, 303)


def _allow_body(max_bytes: int) -> None:
    """This view's own body limit, set before anything reads the body; then the CSRF check."""
    request.max_content_length = max_bytes + FORM_OVERHEAD
    token = request.form.get("csrf_token") or request.headers.get("X-CSRFToken")
    try:
        validate_csrf(token)
    except ValidationError as error:
        raise CSRFError(error.args[0]) from error


@bp.get("/<int:competition_id>/enter")
@login_required
def enter_form(competition_id):
    competition = services.get_competition(db.session, current_user, competition_id)
    services.check_can_enter(db.session, current_user, competition, utcnow())
    return _enter_page(competition, EntryForm())


# The body may be hundreds of megabytes: the app-wide CSRF check would read it under the
# app's 16 MiB limit, so upload views skip it and check the token after raising the limit.
@bp.post("/<int:competition_id>/enter")
@csrf.exempt
@login_required
def enter(competition_id):
    competition = services.get_competition(db.session, current_user, competition_id)
    now = utcnow()
    services.check_can_enter(db.session, current_user, competition, now)
    max_bytes = competition.max_size_mb * MB
    _allow_body(max_bytes)
    form = EntryForm()
    if not form.validate():
        return _enter_page(competition, form, 422)
    key = services.new_video_key()
    try:
        path = media.save_upload(form.video.data.stream, key, max_bytes)
        duration = media.probe(path, competition.max_duration_seconds)
        entry = services.enter(
            db.session,
            current_user,
            competition,
            title=form.title.data,
            pitch=form.pitch.data,
            under_18=form.under_18.data,
            guardian_consent=form.guardian_consent.data,
            video_key=key,
            duration_seconds=duration,
            now=now,
        )
        entry_id = entry.id
        db.session.commit()
    except DomainError as error:
        media.delete_files(key)
        if error.field is None and error.status in (413, 422):
            error.field = "video"
        show_on_form(form, error)
        return _enter_page(competition, form, error.status)
    except BaseException:
        db.session.rollback()
        media.delete_files(key)
        raise
    # Nothing is read through the session before the job runs: on SQLite an open read
    # would keep the job (inline in tests, a thread by default) from writing. Queued after
    # the commit; if the queue is down the entry says "processing" and the sweeper queues it.
    media.queue_transcode(entry_id, key)
    flash(gettext("Your entry has been received. The video is being processed."), "success")
    return _go(url_for("competitions.entry", entry_id=entry_id))


def _entry_page(entry, status=200, video_form=None, captions_form=None, block="video_status"):
    return render_page_or_block(
        "competitions/entry.html",
        block,
        status=status,
        entry=entry,
        competition=entry.competition,
        video_form=video_form or VideoForm(),
        captions_form=captions_form or CaptionsForm(),
        action_form=ActionForm(),
        is_open=services.submissions_open(entry.competition, utcnow()),
    )


@bp.get("/entries/<int:entry_id>")
@login_required
def entry(entry_id):
    found = services.get_entry(db.session, entry_id)
    if not services.can_manage_entry(current_user, found):
        abort(403)
    # htmx polls while the video is processing; no change, no swap.
    if is_htmx() and request.args.get("state") == found.video_state:
        return Response(status=204)
    return _entry_page(found)


@bp.post("/entries/<int:entry_id>/video")
@csrf.exempt
@login_required
def replace_video(entry_id):
    found = services.entry_of_student(db.session, current_user, entry_id)
    competition = found.competition
    now = utcnow()
    if not services.submissions_open(competition, now):
        raise WindowClosed()
    _allow_body(competition.max_size_mb * MB)
    form = VideoForm()
    if not form.validate():
        return _entry_page(found, 422, video_form=form, block="video_form_block")
    key = services.new_video_key()
    try:
        path = media.save_upload(form.video.data.stream, key, competition.max_size_mb * MB)
        duration = media.probe(path, competition.max_duration_seconds)
        old_key = services.replace_video(
            db.session, current_user, found, video_key=key, duration=duration, now=now
        )
        db.session.commit()
    except DomainError as error:
        media.delete_files(key)
        error.field = error.field or "video"
        show_on_form(form, error)
        return _entry_page(found, error.status, video_form=form, block="video_form_block")
    except BaseException:
        db.session.rollback()
        media.delete_files(key)
        raise
    media.delete_files(old_key)
    media.queue_transcode(entry_id, key)
    flash(gettext("The new video has been received and is being processed."), "success")
    return _go(url_for("competitions.entry", entry_id=entry_id))


@bp.post("/entries/<int:entry_id>/captions")
@csrf.exempt
@login_required
def captions(entry_id):
    found = services.entry_of_student(db.session, current_user, entry_id)
    _allow_body(media.MAX_CAPTIONS_BYTES)
    form = CaptionsForm()
    if not form.validate():
        return _entry_page(found, 422, captions_form=form)
    try:
        upload = form.captions.data
        if upload and upload.filename:
            vtt, transcript = media.read_captions(upload.stream)
        else:
            transcript = " ".join((form.transcript.data or "").split())
            vtt = media.transcript_to_vtt(transcript, found.duration_seconds)
        services.set_captions(
            db.session, current_user, found, vtt=vtt, transcript=transcript, now=utcnow()
        )
        db.session.commit()
    except DomainError as error:
        error.field = error.field or "captions"
        show_on_form(form, error)
        return _entry_page(found, error.status, captions_form=form)
    flash(gettext("The captions have been saved."), "success")
    return redirect(url_for("competitions.entry", entry_id=found.id), 303)


@bp.post("/entries/<int:entry_id>/withdraw")
@login_required
def withdraw(entry_id):
    if not ActionForm().validate():
        abort(400)
    found = services.entry_of_student(db.session, current_user, entry_id)
    competition_id = found.competition_id
    previous = found.previous_video_key
    key = services.withdraw(db.session, current_user, found, utcnow())
    db.session.commit()
    media.delete_files(key)
    media.delete_files(previous)
    flash(gettext("Your entry has been withdrawn."), "success")
    return redirect(url_for("competitions.show", competition_id=competition_id), 303)


# --- media -------------------------------------------------------------------


def _media(entry_id: int, suffix: str, mimetype: str):
    found = services.entry_to_watch(db.session, current_user, entry_id)
    if found.video_state != VideoState.READY:
        abort(404)
    path = media.path_of(found.video_key, suffix)
    if not path.exists():
        abort(404)
    # send_file answers Range requests (206), so phones can seek.
    response = send_file(path, mimetype=mimetype, conditional=True, max_age=3600)
    response.headers["Cache-Control"] = "private, max-age=3600"
    return response


@bp.get("/entries/<int:entry_id>/video.mp4")
@login_required
def video(entry_id):
    return _media(entry_id, "mp4", "video/mp4")


@bp.get("/entries/<int:entry_id>/poster.jpg")
@login_required
def poster(entry_id):
    return _media(entry_id, "jpg", "image/jpeg")


@bp.get("/entries/<int:entry_id>/captions.vtt")
@login_required
def captions_file(entry_id):
    found = services.entry_to_watch(db.session, current_user, entry_id)
    if not found.captions_vtt:
        abort(404)
    response = Response(found.captions_vtt, mimetype="text/vtt")
    response.headers["Cache-Control"] = "private, no-cache"
    return response
