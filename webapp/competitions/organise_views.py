"""The organiser's pages: judges, assignments, results, winners and publishing."""

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale, gettext
from flask_login import current_user

from quests.clock import utcnow
from quests.errors import DomainError
from quests.roles import Capability
from webapp.auth import capability_required
from webapp.competitions import judging, media, results, services, video_jobs
from webapp.competitions.forms import ActionForm, JudgeForm, winners_from
from webapp.competitions.models import Competition
from webapp.competitions.views import bp
from webapp.errors import show_on_form
from webapp.extensions import db
from webapp.htmx import render_page_or_block
from webapp.mail import send_template


def _competition_for_organiser(competition_id):
    competition = db.session.get(Competition, competition_id)
    if competition is None:
        abort(404)
    return competition


def _manage_page(competition, judge_form=None, status=200, new_link=None, student_email=None):
    summary = dict(services.management_summary(db.session, current_user))
    return render_page_or_block(
        "competitions/manage.html",
        "judges_section",
        status=status,
        competition=competition,
        counts=summary[competition],
        judges=judging.judges_with_progress(db.session, current_user, competition),
        judge_form=judge_form or JudgeForm(),
        action_form=ActionForm(),
        new_link=new_link,
        student_email=student_email,
        now=utcnow(),
        attention=video_jobs.needing_attention(db.session, competition.id, utcnow()),
        can_retry=video_jobs.can_retry,
    )


@bp.post("/entries/<int:entry_id>/retry")
@capability_required(Capability.ADMINISTER)
def retry_video(entry_id):
    if not ActionForm().validate():
        abort(400)
    entry = services.get_entry(db.session, entry_id)
    video_jobs.retry(db.session, current_user, entry, utcnow())
    competition_id, key = entry.competition_id, entry.video_key
    db.session.commit()
    if media.queue_transcode(entry_id, key):
        flash(gettext("The video is being converted again."), "success")
    else:
        flash(gettext("The job queue is not answering; the video is converted when it is back."))
    return redirect(url_for("competitions.manage", competition_id=competition_id), 303)


@bp.get("/<int:competition_id>/manage")
@capability_required(Capability.ADMINISTER)
def manage(competition_id):
    return _manage_page(_competition_for_organiser(competition_id))


@bp.post("/<int:competition_id>/judges")
@capability_required(Capability.ADMINISTER)
def add_judge(competition_id):
    competition = _competition_for_organiser(competition_id)
    form = JudgeForm()
    if not form.validate():
        return _manage_page(competition, form, 422)
    try:
        offer = judging.add_judge(db.session, current_user, competition, form.email.data, utcnow())
    except DomainError as error:
        show_on_form(form, error)
        return _manage_page(competition, form, error.status)
    db.session.commit()
    link = url_for("competitions.accept_seat", token=offer.seat_token, _external=True)
    if offer.account_token:
        # The account comes first; its invite then leads on to the seat.
        seat_path = url_for("competitions.accept_seat", token=offer.seat_token)
        link = url_for(
            "accounts.accept_invite", token=offer.account_token, next=seat_path, _external=True
        )
    send_template(
        offer.judge.email,
        "judge_invite",
        str(get_locale()),
        admin=current_user.name,
        title=competition.title,
        link=link,
    )
    return _manage_page(
        competition,
        JudgeForm(formdata=None),
        201,
        new_link=link if offer.account_token else None,
        student_email=offer.judge.email if offer.belongs_to_student else None,
    )


@bp.post("/<int:competition_id>/assign")
@capability_required(Capability.ADMINISTER)
def assign(competition_id):
    competition = _competition_for_organiser(competition_id)
    if not ActionForm().validate():
        abort(400)
    count = judging.assign(
        db.session,
        current_user,
        competition,
        url=url_for("competitions.judging_home", competition_id=competition.id),
    )
    db.session.commit()
    flash(
        gettext("%(num)d new assignments were made.", num=count)
        if count
        else gettext("Every judge already has their entries."),
        "success",
    )
    return redirect(url_for("competitions.manage", competition_id=competition.id), 303)


def _results_page(competition, status=200):
    normalise = request.args.get("normalise") == "1"
    page = request.args.get("page", 1, type=int)
    table = results.ranking_page(db.session, current_user, competition, normalise, page)
    return render_template(
        "competitions/results.html",
        competition=competition,
        table=table,
        winners=judging.winners_of(db.session, competition),
        action_form=ActionForm(),
    ), status


@bp.get("/<int:competition_id>/results")
@capability_required(Capability.ADMINISTER)
def results_page(competition_id):
    return _results_page(_competition_for_organiser(competition_id))


@bp.get("/<int:competition_id>/results.csv")
@capability_required(Capability.ADMINISTER)
def results_csv(competition_id):
    competition = _competition_for_organiser(competition_id)
    table = results.results(db.session, current_user, competition, normalise=False)
    headers = {
        "rank": gettext("Rank"),
        "entry": gettext("Entry"),
        "student": gettext("Student"),
        "mean": gettext("Mean"),
        "normalised": gettext("Normalised mean"),
        "judge": gettext("Judge"),
        "total": gettext("Judge's total"),
        "comment": gettext("Comment"),
    }
    response = Response(results.to_csv(table, headers), mimetype="text/csv")
    response.headers["Content-Disposition"] = (
        f'attachment; filename="competition-{competition.id}-scores.csv"'
    )
    return response


@bp.post("/<int:competition_id>/winners")
@capability_required(Capability.ADMINISTER)
def winners(competition_id):
    competition = _competition_for_organiser(competition_id)
    if not ActionForm().validate():
        abort(400)
    judging.choose_winners(
        db.session, current_user, competition, winners_from(request.form, competition.prizes)
    )
    db.session.commit()
    flash(gettext("The winners have been saved."), "success")
    return redirect(url_for("competitions.results_page", competition_id=competition.id), 303)


@bp.post("/<int:competition_id>/publish")
@capability_required(Capability.ADMINISTER)
def publish(competition_id):
    competition = _competition_for_organiser(competition_id)
    if not ActionForm().validate():
        abort(400)
    told = judging.publish(
        db.session,
        current_user,
        competition,
        utcnow(),
        url=url_for("competitions.show", competition_id=competition.id),
    )
    db.session.commit()
    flash(
        gettext("The results have been published and %(num)d entrants notified.", num=told),
        "success",
    )
    return redirect(url_for("competitions.results_page", competition_id=competition.id), 303)
