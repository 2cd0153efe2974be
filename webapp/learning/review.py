"""The review queue: teachers and project owners approve or return submitted evidence."""

from flask import Blueprint, abort, flash, redirect, url_for
from flask_babel import gettext
from flask_login import current_user

from quests import access, board, lifecycle
from quests.clock import utcnow
from quests.errors import DomainError
from quests.quest_models import Submission
from quests.roles import Capability
from webapp.auth import capability_required
from webapp.errors import failed
from webapp.extensions import db
from webapp.htmx import is_htmx, render_page_or_block
from webapp.learning.forms import ReviewForm

bp = Blueprint("review", __name__)


@bp.get("/review")
@capability_required(Capability.REVIEW)
def queue():
    return render_page_or_block(
        "review/queue.html",
        "queue",
        submissions=board.review_queue(db.session, current_user),
        form=ReviewForm(formdata=None),
    )


def _decide(submission_id: int, decide, done_message: str):
    form = ReviewForm()
    submission = db.session.get(Submission, submission_id)
    if submission is None:
        abort(404)
    if not access.can_review(db.session, current_user, submission.attempt):
        abort(403)
    if not form.validate():
        abort(422)
    try:
        result = decide(
            db.session,
            actor=current_user,
            submission=submission,
            feedback=(form.feedback.data or "").strip(),
            now=utcnow(),
        )
    except DomainError as error:
        if is_htmx():
            return render_page_or_block(
                "review/queue.html",
                "submission",
                status=error.status,
                item=submission,
                form=form,
                error=failed(error),
            )
        raise
    db.session.commit()
    if is_htmx():
        return render_page_or_block(
            "review/queue.html", "decided", item=result.submission, xp_granted=result.xp_granted
        )
    flash(done_message, "success")
    return redirect(url_for("review.queue"), 303)


@bp.post("/review/<int:submission_id>/approve")
@capability_required(Capability.REVIEW)
def approve(submission_id):
    return _decide(submission_id, lifecycle.approve, gettext("Approved. XP went to the student."))


@bp.post("/review/<int:submission_id>/return")
@capability_required(Capability.REVIEW)
def return_for_changes(submission_id):
    return _decide(
        submission_id,
        lifecycle.return_for_changes,
        gettext("Returned to the student with your feedback."),
    )


@bp.app_context_processor
def review_badge():
    """How many submissions wait for this reviewer: one COUNT, only when the nav shows it."""

    def pending_reviews() -> int:
        if not (current_user.is_authenticated and current_user.can(Capability.REVIEW)):
            return 0
        return board.review_count(db.session, current_user)

    return {"pending_reviews": pending_reviews, "reviews_shown": board.REVIEW_COUNT_SHOWN}
