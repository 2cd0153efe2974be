"""Learning plans: the student reads and comments, their teacher writes."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext
from flask_login import current_user, login_required

from quests import access, plans
from quests.clock import utcnow
from quests.errors import N_, Conflict, DomainError
from quests.models import User
from quests.plan_models import PlanUnit
from quests.quest_models import Acquisition
from webapp.errors import show_on_form
from webapp.extensions import db
from webapp.learning.forms import (
    CommentForm,
    DemonstrationForm,
    GoalForm,
    PeriodForm,
    PlanForm,
    UnitForm,
)

bp = Blueprint("plans", __name__)


def _student_or_404(student_id: int) -> User:
    student = db.session.get(User, student_id)
    if student is None:
        abort(404)
    if not access.can_view_plan(db.session, current_user, student):
        abort(403)
    return student


def _forms(plan, **given):
    unit_choices = [(u.id, f"{u.code} {u.name}") for u in plan.units] if plan else []
    goal = given.get("goal_form") or GoalForm(formdata=None, xp=60)
    goal.unit.choices = unit_choices
    demonstration = given.get("demonstration_form") or DemonstrationForm(formdata=None)
    demonstration.unit.choices = [(0, gettext("No particular unit"))] + unit_choices
    return {
        "plan_form": given.get("plan_form") or PlanForm(formdata=None, obj=plan),
        "unit_form": given.get("unit_form") or UnitForm(formdata=None),
        "goal_form": goal,
        "period_form": given.get("period_form") or PeriodForm(formdata=None),
        "demonstration_form": demonstration,
        "comment_form": given.get("comment_form") or CommentForm(formdata=None),
    }


def _page(student: User, status: int = 200, **given):
    plan = plans.plan_of(db.session, student)
    return (
        render_template(
            "plans/plan.html",
            student=student,
            plan=plan,
            units=plans.unit_progress(db.session, plan) if plan else [],
            can_edit=access.can_edit_plan(db.session, current_user, student),
            today=utcnow().date(),
            **_forms(plan, **given),
        ),
        status,
    )


@bp.get("/plan")
@login_required
def mine():
    return _page(current_user._get_current_object())


@bp.get("/plans/<int:student_id>")
@login_required
def plan(student_id):
    student = _student_or_404(student_id)
    if student.id == current_user.id:
        return redirect(url_for("plans.mine"))
    return _page(student)


def _edit(student_id: int, form_name: str, form, apply):
    """Validate one of the plan's forms, apply it with a service, and go back to the plan."""
    student = _student_or_404(student_id)
    if not access.can_edit_plan(db.session, current_user, student):
        abort(403)
    plan = plans.plan_of(db.session, student)
    if form_name != "plan_form" and plan is None:
        raise Conflict(N_("Start the plan by saving its qualification first."))
    if plan is not None:
        _forms(plan, **{form_name: form})  # gives the unit fields their choices
    if not form.validate():
        return _page(student, status=422, **{form_name: form})
    try:
        apply(student, plan)
    except DomainError as error:
        show_on_form(form, error)
        return _page(student, status=error.status, **{form_name: form})
    db.session.commit()
    flash(gettext("The plan is saved."), "success")
    return redirect(url_for("plans.plan", student_id=student.id), 303)


def _unit_of(plan, unit_id: int | None) -> PlanUnit | None:
    if not unit_id:
        return None
    unit = db.session.get(PlanUnit, unit_id)
    if unit is None or unit.plan_id != plan.id:
        abort(404)
    return unit


@bp.post("/plans/<int:student_id>")
@login_required
def save(student_id):
    form = PlanForm()
    return _edit(
        student_id,
        "plan_form",
        form,
        lambda student, plan: plans.save_plan(
            db.session,
            actor=current_user,
            student=student,
            qualification=form.qualification.data,
            qualification_code=form.qualification_code.data,
            support_needs=form.support_needs.data or "",
            now=utcnow(),
        ),
    )


@bp.post("/plans/<int:student_id>/units")
@login_required
def add_unit(student_id):
    form = UnitForm()
    return _edit(
        student_id,
        "unit_form",
        form,
        lambda student, plan: plans.add_unit(
            db.session,
            actor=current_user,
            plan=plan,
            code=form.code.data,
            name=form.name.data,
            points=form.points.data,
        ),
    )


@bp.post("/plans/<int:student_id>/goals")
@login_required
def add_goal(student_id):
    form = GoalForm()
    return _edit(
        student_id,
        "goal_form",
        form,
        lambda student, plan: plans.add_goal(
            db.session,
            actor=current_user,
            unit=_unit_of(plan, form.unit.data),
            title=form.title.data,
            description=form.description.data or "",
            acquisition=Acquisition(form.acquisition.data),
            xp_reward=form.xp.data,
            due_date=form.due_date.data,
            steps=form.step_list(),
        ),
    )


@bp.post("/plans/<int:student_id>/periods")
@login_required
def add_period(student_id):
    form = PeriodForm()
    return _edit(
        student_id,
        "period_form",
        form,
        lambda student, plan: plans.add_period(
            db.session,
            actor=current_user,
            plan=plan,
            workplace=form.workplace.data,
            supervisor=form.supervisor.data,
            starts_on=form.starts_on.data,
            ends_on=form.ends_on.data,
            hours_per_week=form.hours_per_week.data,
        ),
    )


@bp.post("/plans/<int:student_id>/demonstrations")
@login_required
def add_demonstration(student_id):
    form = DemonstrationForm()
    return _edit(
        student_id,
        "demonstration_form",
        form,
        lambda student, plan: plans.add_demonstration(
            db.session,
            actor=current_user,
            plan=plan,
            unit=_unit_of(plan, form.unit.data),
            description=form.description.data,
            place=form.place.data or "",
            planned_on=form.planned_on.data,
        ),
    )


@bp.post("/plans/<int:student_id>/comments")
@login_required
def comment(student_id):
    form = CommentForm()
    student = _student_or_404(student_id)
    plan = plans.plan_of(db.session, student)
    if plan is None:
        abort(404)
    if not form.validate():
        return _page(student, status=422, comment_form=form)
    plans.add_comment(db.session, actor=current_user, plan=plan, body=form.body.data, now=utcnow())
    db.session.commit()
    flash(gettext("Your comment is added."), "success")
    if student.id == current_user.id:
        return redirect(url_for("plans.mine"), 303)
    return redirect(url_for("plans.plan", student_id=student.id), 303)
