"""The judge's pages: conflicts of interest, the queue and scoring an entry."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user, login_required

from quests.clock import utcnow
from quests.errors import DomainError
from webapp.competitions import judging, services
from webapp.competitions.errors import BlindConflicts
from webapp.competitions.forms import ActionForm, ConflictsForm, ScoreForm, scores_from
from webapp.competitions.models import Competition
from webapp.competitions.views import bp
from webapp.errors import show_on_form
from webapp.extensions import db
from webapp.htmx import is_htmx, render_page_or_block


def _seat_or_403(competition):
    judge = services.judge_seat(db.session, current_user, competition.id)
    if judge is None:
        abort(403)
    return judge


def _judging_page(competition, status=200):
    """The judge's queue. The conflicts list (every entrant: 2,000 checkboxes at the hub's
    size) has a page of its own, so the page opened every time stays small."""
    judge = _seat_or_403(competition)
    queue = judging.judging_queue(db.session, current_user, competition)
    return render_template(
        "competitions/judging.html",
        competition=competition,
        judge=judge,
        conflicts=len(judging.declared_conflicts(db.session, judge)),
        queue=queue,
        judged=sum(1 for item in queue if item.judged),
        is_open=services.judging_open(competition, utcnow()),
    ), status


@bp.get("/<int:competition_id>/judging")
@login_required
def judging_home(competition_id):
    competition = services.get_competition(db.session, current_user, competition_id)
    return _judging_page(competition)


def _conflicts_page(competition, judge, form=None, status=200):
    if form is None:
        form = ConflictsForm(entries=sorted(judging.declared_conflicts(db.session, judge)))
    form.entries.choices = judging.entrants_for_conflicts(db.session, competition)
    return render_template(
        "competitions/conflicts.html", competition=competition, judge=judge, form=form
    ), status


@bp.get("/<int:competition_id>/conflicts")
@login_required
def conflicts_form(competition_id):
    competition = services.get_competition(db.session, current_user, competition_id)
    judge = _seat_or_403(competition)
    # Blind judging names no one: a judge reports an entry they recognise on its own page.
    if competition.blind:
        raise BlindConflicts()
    return _conflicts_page(competition, judge)


@bp.post("/<int:competition_id>/conflicts")
@login_required
def conflicts(competition_id):
    competition = services.get_competition(db.session, current_user, competition_id)
    judge = _seat_or_403(competition)
    if competition.blind:
        raise BlindConflicts()
    form = ConflictsForm()
    form.entries.choices = judging.entrants_for_conflicts(db.session, competition)
    if not form.validate():
        return _conflicts_page(competition, judge, form, 422)
    judging.declare_conflicts(
        db.session, current_user, competition, set(form.entries.data or []), utcnow()
    )
    db.session.commit()
    flash(gettext("Your conflicts of interest have been saved."), "success")
    return redirect(url_for("competitions.judging_home", competition_id=competition_id), 303)


def _judge_page(found, assignment, form=None, status=200, saved=False):
    queue = judging.judging_queue(db.session, current_user, found.competition)
    ids = [item.entry.id for item in queue]
    here = ids.index(found.id)
    return render_page_or_block(
        "competitions/judge_entry.html",
        "save_status",
        status=status,
        entry=found,
        competition=found.competition,
        assignment=assignment,
        given={s.criterion_id: s.value for s in assignment.scores},
        form=form or ScoreForm(comment=assignment.comment),
        position=here + 1,
        total=len(ids),
        judged=sum(1 for item in queue if item.judged),
        previous_id=ids[here - 1] if here > 0 else None,
        next_id=ids[here + 1] if here + 1 < len(ids) else None,
        is_open=services.judging_open(found.competition, utcnow()),
        saved=saved,
    )


@bp.get("/entries/<int:entry_id>/judge")
@login_required
def judge_entry(entry_id):
    found = services.get_entry(db.session, entry_id)
    assignment = judging.assignment_for(db.session, current_user, found)
    return _judge_page(found, assignment)


@bp.post("/entries/<int:entry_id>/judge")
@login_required
def score(entry_id):
    found = services.get_entry(db.session, entry_id)
    assignment = judging.assignment_for(db.session, current_user, found)
    form = ScoreForm()
    if not form.validate():
        return _judge_page(found, assignment, form, 422)
    try:
        judging.save_scores(
            db.session,
            current_user,
            found,
            scores=scores_from(request.form, found.competition.criteria),
            comment=form.comment.data if "comment" in request.form else None,
            now=utcnow(),
        )
    except DomainError as error:
        show_on_form(form, error)
        return _judge_page(found, assignment, form, error.status)
    db.session.commit()
    if is_htmx():
        return _judge_page(found, assignment, saved=True)
    flash(gettext("Your scores have been saved."), "success")
    target = request.form.get("next_id", type=int)
    if target:
        return redirect(url_for("competitions.judge_entry", entry_id=target), 303)
    return redirect(url_for("competitions.judging_home", competition_id=found.competition_id), 303)


@bp.post("/entries/<int:entry_id>/conflict")
@login_required
def report_conflict(entry_id):
    found = services.get_entry(db.session, entry_id)
    judging.assignment_for(db.session, current_user, found)
    if not ActionForm().validate():
        abort(400)
    judging.report_conflict(db.session, current_user, found, utcnow())
    db.session.commit()
    flash(gettext("The entry has left your list. Thank you for saying so."), "success")
    return redirect(url_for("competitions.judging_home", competition_id=found.competition_id), 303)


@bp.route("/seats/<token>", methods=["GET", "POST"])
@login_required
def accept_seat(token):
    """A judge's seat is taken only here, by the person the link was mailed to."""
    judge = judging.seat_by_token(db.session, token)
    if request.method == "POST":
        if not ActionForm().validate():
            abort(400)
        judging.accept_seat(db.session, current_user, token, utcnow())
        db.session.commit()
        flash(gettext("You are now a judge of this competition."), "success")
        return redirect(
            url_for("competitions.judging_home", competition_id=judge.competition_id), 303
        )
    competition = db.session.get(Competition, judge.competition_id)
    return render_template(
        "competitions/accept_seat.html", competition=competition, form=ActionForm()
    )
