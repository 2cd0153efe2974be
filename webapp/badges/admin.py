"""Teachers' side of badges: classes, awarding by hand, applications, evidence files."""

from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext
from flask_login import current_user
from sqlalchemy import func, select

from quests import access, badge_applications, badges
from quests.badge_models import BadgeApplication, BadgeAward, BadgeClass
from quests.clock import utcnow
from quests.errors import DomainError
from quests.models import Cohort, CohortMembership, MembershipKind, User
from quests.roles import Capability
from webapp import storage
from webapp.auth import capability_required
from webapp.badges import images as badge_images
from webapp.badges.forms import AwardForm, BadgeClassForm, DecisionForm
from webapp.errors import failed
from webapp.extensions import db

bp = Blueprint("badge_admin", __name__, url_prefix="/teach/badges")


CLASSES_PER_PAGE = 20
MAX_PAGE = 10_000  # keeps OFFSET within every database's integers


@bp.get("")
@capability_required(Capability.AWARD)
def classes():
    """The hub's badge classes a page at a time, each with how many hold it: counted for
    the page's classes only (200 classes and 40,000 awards made 96 KB and a full count)."""
    page = min(max(request.args.get("page", 1, type=int), 1), MAX_PAGE)
    found = list(
        db.session.scalars(
            select(BadgeClass)
            .order_by(BadgeClass.name, BadgeClass.id)
            .offset((page - 1) * CLASSES_PER_PAGE)
            .limit(CLASSES_PER_PAGE + 1)
        )
    )
    shown = found[:CLASSES_PER_PAGE]
    counts = dict(
        db.session.execute(
            select(BadgeAward.badge_id, func.count())
            .where(
                BadgeAward.revoked_at.is_(None),
                BadgeAward.badge_id.in_([b.id for b in shown]),
            )
            .group_by(BadgeAward.badge_id)
        ).all()
    )
    return render_template(
        "badges/classes.html",
        rows=[(badge, counts.get(badge.id, 0)) for badge in shown],
        page=page,
        has_more=len(found) > CLASSES_PER_PAGE,
        pending=len(badge_applications.pending_applications(db.session, current_user)),
    )


@bp.route("/new", methods=["GET", "POST"])
@capability_required(Capability.AWARD)
def new_class():
    form = BadgeClassForm()
    if request.method == "GET":
        return render_template("badges/new_class.html", form=form)
    if not form.validate():
        return render_template("badges/new_class.html", form=form), 422
    if form.rule.data == "unit_goals" and not (form.rule_unit.data or "").strip():
        form.rule_unit.errors = [gettext("Give the plan unit's code.")]
        return render_template("badges/new_class.html", form=form), 422
    image_name = None
    try:
        upload = request.files.get("image")
        if upload is not None and upload.filename:
            image_name, image_type = badge_images.save_upload(upload)
        else:
            image_name, image_type = badge_images.generate(form.name.data, form.colour.data)
        badge = badges.create_class(
            db.session,
            actor=current_user,
            name=form.name.data,
            description=form.description.data,
            criteria=form.criteria.data,
            image_name=image_name,
            image_type=image_type,
            tags=(form.tags.data or "").split(","),
            valid_days=form.valid_days.data,
            allow_repeats=form.allow_repeats.data,
            open_for_applications=form.open_for_applications.data,
            alignment=(
                (form.alignment_code.data or "").strip(),
                (form.alignment_name.data or "").strip(),
                (form.alignment_url.data or "").strip(),
            ),
            rules=form.rule_spec(),
        )
        db.session.commit()
    except DomainError as error:
        form.image.errors = [failed(error)]
        return render_template("badges/new_class.html", form=form), error.status
    flash(gettext("The badge %(name)s is ready to award.", name=badge.name), "success")
    return redirect(url_for("badge_admin.award", public_id=badge.public_id), 303)


def _class_or_404(public_id: str) -> BadgeClass:
    badge = db.session.scalar(select(BadgeClass).where(BadgeClass.public_id == public_id))
    if badge is None:
        abort(404)
    return badge


def _award_cohorts() -> list[Cohort]:
    """Classes whose students this person may award: all for an administrator."""
    query = select(Cohort).order_by(Cohort.name)
    if not current_user.can(Capability.ADMINISTER):
        query = query.where(Cohort.id.in_(access.taught_cohort_ids(current_user)))
    return list(db.session.scalars(query))


def _chosen_cohort(cohorts: list[Cohort]) -> Cohort | None:
    """The class asked for in ?cohort=, 404 if it is not one of the person's."""
    wanted = request.args.get("cohort", type=int)
    if wanted is None:
        return None
    chosen = next((c for c in cohorts if c.id == wanted), None)
    if chosen is None:
        abort(404)
    return chosen


def _my_students(cohort: Cohort | None) -> list[User]:
    """A teacher's students (or one class's); an administrator picks a class first, so the
    page never lists the whole hub (10,000 students made 17 MB of HTML)."""
    if cohort is None and current_user.can(Capability.ADMINISTER):
        return []
    query = (
        select(User).join(CohortMembership).where(CohortMembership.kind == MembershipKind.STUDENT)
    )
    if cohort is not None:
        query = query.where(CohortMembership.cohort_id == cohort.id)
    if not current_user.can(Capability.ADMINISTER):
        query = query.where(User.id.in_(access.taught_student_ids(current_user)))
    return list(db.session.scalars(query.distinct().order_by(User.name)))


def _award_form(students: list[User], form=None) -> AwardForm:
    form = form or AwardForm()
    form.students.choices = [(s.id, s.name) for s in students]
    names = {s.id: s.name for s in students}
    form.quests.choices = [
        (quest.id, f"{names[attempt.student_id]}: {quest.title}")
        for attempt, quest in badges.approved_quests(db.session, list(names))
    ]
    return form


@bp.route("/<public_id>/award", methods=["GET", "POST"])
@capability_required(Capability.AWARD)
def award(public_id):
    badge = _class_or_404(public_id)
    cohorts = _award_cohorts()
    cohort = _chosen_cohort(cohorts)
    students = _my_students(cohort)
    form = _award_form(students)
    page = {"badge": badge, "form": form, "cohorts": cohorts, "cohort": cohort}
    if request.method == "GET":
        return render_template("badges/award.html", **page)
    if not form.validate() or not form.students.data:
        if not form.students.data:
            form.students.errors = [gettext("Choose at least one student.")]
        return render_template("badges/award.html", **page), 422
    chosen = [s for s in students if s.id in set(form.students.data)]
    outcome = badges.award_by_hand(
        db.session,
        actor=current_user,
        badge=badge,
        students=chosen,
        quest_ids=form.quests.data or [],
        narrative=form.narrative.data or "",
        now=utcnow(),
    )
    db.session.commit()
    if outcome.awarded:
        names = ", ".join(s.name for s in outcome.awarded)
        flash(gettext("Badge awarded to %(names)s.", names=names), "success")
    if outcome.already:
        names = ", ".join(s.name for s in outcome.already)
        flash(gettext("Already had this badge: %(names)s.", names=names), "info")
    return redirect(
        url_for("badge_admin.award", public_id=public_id, cohort=cohort.id if cohort else None),
        303,
    )


@bp.get("/applications")
@capability_required(Capability.AWARD)
def applications():
    pending = badge_applications.pending_applications(db.session, current_user)
    return render_template(
        "badges/applications.html",
        applications=pending,
        quests=dict(
            (quest.id, quest.title)
            for _, quest in badges.approved_quests(db.session, [a.student_id for a in pending])
        ),
        form=DecisionForm(formdata=None),
    )


def _application_or_404(application_id: int) -> BadgeApplication:
    application = db.session.get(BadgeApplication, application_id)
    if application is None:
        abort(404)
    if not badge_applications.can_decide(db.session, current_user, application):
        abort(403)
    return application


@bp.post("/applications/<int:application_id>/<any(accept, decline):decision>")
@capability_required(Capability.AWARD)
def decide(application_id, decision):
    application = _application_or_404(application_id)
    form = DecisionForm()
    if not form.validate():
        abort(422)
    badge_applications.decide(
        db.session,
        actor=current_user,
        application=application,
        accept=decision == "accept",
        reason=form.reason.data or "",
        now=utcnow(),
    )
    db.session.commit()
    if decision == "accept":
        flash(gettext("Application accepted and the badge awarded."), "success")
    else:
        flash(gettext("Application declined; the student sees your reason."), "info")
    return redirect(url_for("badge_admin.applications"), 303)


@bp.get("/applications/<int:application_id>/file")
@capability_required(Capability.AWARD)
def application_file(application_id):
    application = _application_or_404(application_id)
    if application.file_name is None:
        abort(404)
    response = send_file(
        storage.path_for(application.file_name),
        mimetype=application.file_type,
        download_name=application.file_original,
        as_attachment=True,
    )
    response.headers["Cache-Control"] = "private, no-store"
    return response
