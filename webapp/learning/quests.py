"""The quest board, a quest's page, accepting, submitting evidence, and new challenges."""

from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext
from flask_login import current_user, login_required
from sqlalchemy import select

from quests import access, board, lifecycle
from quests.clock import utcnow
from quests.errors import DomainError, InvalidTransition
from quests.models import Cohort
from quests.quest_models import Evidence, Quest, QuestAttempt
from quests.roles import Capability
from webapp import storage
from webapp.auth import capability_required
from webapp.errors import failed
from webapp.extensions import db
from webapp.htmx import render_page_or_block
from webapp.learning import evidence as evidence_input
from webapp.learning.forms import ChallengeForm

bp = Blueprint("quests", __name__)


@bp.get("/quests")
@login_required
def board_page():
    try:
        tab = board.Tab(request.args.get("tab", board.Tab.ALL))
        page = int(request.args.get("page", 1))
        if not 1 <= page <= board.MAX_PAGE:
            raise ValueError(page)
    except ValueError:
        abort(404)
    result = board.quest_board(db.session, current_user, tab, page)
    return render_page_or_block(
        "quests/board.html", "quest_list", board=result, tabs=list(board.Tab), today=utcnow().date()
    )


def _quest_or_404(quest_id: int) -> Quest:
    quest = db.session.get(Quest, quest_id)
    if quest is None:
        abort(404)
    if not access.can_view_quest(db.session, current_user, quest):
        abort(403)
    return quest


def _detail(quest: Quest, status: int = 200, error: str | None = None):
    page = board.quest_page(db.session, current_user, quest)
    return (
        render_template(
            "quests/detail.html",
            quest=quest,
            attempt=page.attempt,
            submissions=page.submissions,
            can_take=page.can_take,
            field_name=evidence_input.field_name,
            error=error,
        ),
        status,
    )


@bp.get("/quests/<int:quest_id>")
@login_required
def detail(quest_id):
    return _detail(_quest_or_404(quest_id))


@bp.post("/quests/<int:quest_id>/accept")
@login_required
def accept(quest_id):
    quest = _quest_or_404(quest_id)
    lifecycle.accept(db.session, actor=current_user, quest=quest, now=utcnow())
    db.session.commit()
    flash(gettext("Quest accepted. Good luck!"), "success")
    return redirect(url_for("quests.detail", quest_id=quest.id), 303)


@bp.post("/quests/<int:quest_id>/submit")
@login_required
def submit(quest_id):
    quest = _quest_or_404(quest_id)
    if not access.can_take(db.session, current_user, quest):
        abort(403)
    attempt = lifecycle.attempt_for(db.session, quest, current_user)
    if attempt is None:
        raise InvalidTransition()
    try:
        items = evidence_input.read(request, quest)
        lifecycle.submit(db.session, actor=current_user, attempt=attempt, items=items, now=utcnow())
        db.session.commit()
    except DomainError as error:
        return _detail(quest, status=error.status, error=failed(error))
    flash(gettext("Sent for review. Your teacher will look at it soon."), "success")
    return redirect(url_for("quests.detail", quest_id=quest.id), 303)


@bp.get("/evidence/<int:evidence_id>")
@login_required
def evidence_file(evidence_id):
    item = db.session.get(Evidence, evidence_id)
    if item is None or item.stored_name is None:
        abort(404)
    attempt: QuestAttempt = item.submission.attempt
    if not access.can_view_attempt(db.session, current_user, attempt):
        abort(403)
    path = storage.path_for(item.stored_name)
    if not path.exists():
        abort(404)
    response = send_file(
        path,
        mimetype=item.content_type,
        download_name=item.original_name,
        as_attachment=not item.content_type.startswith(("image/", "video/")),
        conditional=True,
        max_age=0,
    )
    # Private to the student and their reviewers: never kept by shared caches.
    response.headers["Cache-Control"] = "private, no-store"
    return response


def _challenge_form() -> ChallengeForm:
    form = ChallengeForm()
    cohorts = db.session.scalars(
        select(Cohort).where(Cohort.id.in_(access.taught_cohort_ids(current_user)))
    )
    form.cohort.choices = [("all", gettext("Everyone in the hub (teachers too)"))] + [
        (str(c.id), c.name) for c in cohorts
    ]
    return form


@bp.route("/quests/new", methods=["GET", "POST"])
@capability_required(Capability.MANAGE_COHORTS)
def new_challenge():
    form = _challenge_form()
    if request.method == "POST":
        if not form.validate():
            return render_template("quests/new.html", form=form), 422
        cohort = (
            None if form.cohort.data == "all" else db.session.get(Cohort, int(form.cohort.data))
        )
        quest = lifecycle.create_challenge(
            db.session,
            actor=current_user,
            title=form.title.data,
            description=form.description.data or "",
            xp_reward=form.xp.data,
            steps=form.step_list(),
            cohort=cohort,
            due_date=form.due_date.data,
        )
        db.session.commit()
        flash(gettext("The challenge is published."), "success")
        return redirect(url_for("quests.detail", quest_id=quest.id), 303)
    return render_template("quests/new.html", form=form)
