"""Co-creation projects: the list, posting and editing, joining the team, milestones."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user, login_required
from sqlalchemy import select

from quests import project_pages, projects
from quests.clock import utcnow
from quests.community_models import Project
from quests.errors import DomainError
from quests.models import User, UserRole
from quests.roles import Role
from webapp.community.blueprint import bp
from webapp.community.forms import (
    JoinForm,
    MilestoneForm,
    NewProjectForm,
    ProjectDetailsForm,
    TestimonialForm,
)
from webapp.errors import failed, show_on_form
from webapp.extensions import db


def _people_with(role: Role) -> list[User]:
    return list(
        db.session.scalars(
            select(User)
            .join(UserRole)
            .where(UserRole.role == role, User.active.is_(True))
            .order_by(User.name)
        )
    )


@bp.get("/projects")
@login_required
def project_list():
    return render_template(
        "community/projects.html",
        summaries=project_pages.project_list(db.session, current_user),
        can_post=projects.can_post_project(current_user),
    )


def _new_form() -> NewProjectForm:
    form = NewProjectForm()
    form.entrepreneur.choices = [("", gettext("Choose"))] + [
        (str(u.id), u.name) for u in _people_with(Role.ENTREPRENEUR)
    ]
    form.teacher.choices = [("", gettext("No teacher"))] + [
        (str(u.id), u.name) for u in _people_with(Role.TEACHER)
    ]
    return form


def _person(value: str | None) -> User | None:
    """The person a select chose; None for anything that is not a plausible id."""
    if not (value and value.isascii() and value.isdigit() and len(value) < 10):
        return None
    return db.session.get(User, int(value))


@bp.route("/projects/new", methods=["GET", "POST"])
@login_required
def new_project():
    if not projects.can_post_project(current_user):
        abort(403)
    form = _new_form()
    posts_own = current_user.can("post_projects")
    if request.method == "GET":
        return render_template("community/project_new.html", form=form, posts_own=posts_own)
    if not form.validate():
        return render_template("community/project_new.html", form=form, posts_own=posts_own), 422
    try:
        project = projects.create_project(
            db.session,
            actor=current_user,
            data=form.project_input(),
            milestones=form.milestone_list(),
            now=utcnow(),
            entrepreneur=_person(form.entrepreneur.data),
            teacher=_person(form.teacher.data),
        )
    except DomainError as error:
        show_on_form(form, error)
        return render_template(
            "community/project_new.html", form=form, posts_own=posts_own
        ), error.status
    db.session.commit()
    flash(gettext("The project is published. Students can now apply."), "success")
    return redirect(url_for("community.project", project_id=project.id), 303)


def _page(project_id: int, status: int = 200, **forms):
    page = project_pages.project_page(db.session, current_user, project_id)
    context = {
        "join_form": JoinForm(formdata=None),
        "milestone_form": MilestoneForm(formdata=None),
        "testimonial_form": TestimonialForm(formdata=None),
        **forms,
    }
    return render_template("community/project.html", page=page, **context), status


@bp.get("/projects/<int:project_id>")
@login_required
def project(project_id):
    return _page(project_id)


def _project_or_404(project_id: int) -> Project:
    found = db.session.get(Project, project_id)
    if found is None:
        abort(404)
    return found


def _managed_or_403(project_id: int) -> Project:
    found = _project_or_404(project_id)
    if not projects.can_manage_project(current_user, found):
        abort(403)
    return found


@bp.route("/projects/<int:project_id>/edit", methods=["GET", "POST"])
@login_required
def edit_project(project_id):
    found = _managed_or_403(project_id)
    form = ProjectDetailsForm(obj=found)
    if request.method == "GET":
        return render_template("community/project_edit.html", form=form, project=found)
    if not form.validate():
        return render_template("community/project_edit.html", form=form, project=found), 422
    try:
        projects.update_project(
            db.session, actor=current_user, project=found, data=form.project_input()
        )
    except DomainError as error:
        show_on_form(form, error)
        found = _project_or_404(project_id)
        return render_template(
            "community/project_edit.html", form=form, project=found
        ), error.status
    db.session.commit()
    flash(gettext("The project has been saved."), "success")
    return redirect(url_for("community.project", project_id=found.id), 303)


def _act(project_id: int, form, action, done: str, form_name: str):
    """Run one action on a project; a refused one shows the project page with the message."""
    found = _project_or_404(project_id)
    if not form.validate():
        return _page(project_id, status=422, **{form_name: form})
    try:
        action(found)
    except DomainError as error:
        return _page(project_id, status=error.status, error=failed(error), **{form_name: form})
    db.session.commit()
    flash(done, "success")
    return redirect(url_for("community.project", project_id=project_id), 303)


@bp.post("/projects/<int:project_id>/milestones")
@login_required
def add_milestone(project_id):
    form = MilestoneForm()
    return _act(
        project_id,
        form,
        lambda found: projects.add_milestone(
            db.session, actor=current_user, project=found, milestone=form.milestone_input()
        ),
        gettext("The milestone has been added."),
        "milestone_form",
    )


@bp.post("/projects/<int:project_id>/join")
@login_required
def join(project_id):
    form = JoinForm()
    return _act(
        project_id,
        form,
        lambda found: projects.apply_to_project(
            db.session,
            actor=current_user,
            project=found,
            message=form.message.data or "",
            now=utcnow(),
        ),
        gettext("You have applied to the team. The entrepreneur will answer soon."),
        "join_form",
    )


@bp.post("/projects/<int:project_id>/members/<int:user_id>/accept")
@login_required
def accept_member(project_id, user_id):
    return _act(
        project_id,
        JoinForm(),
        lambda found: projects.accept_member(
            db.session, actor=current_user, project=found, user_id=user_id, now=utcnow()
        ),
        gettext("The student is now in the team."),
        "join_form",
    )


@bp.post("/projects/<int:project_id>/testimonial")
@login_required
def testimonial(project_id):
    form = TestimonialForm()
    return _act(
        project_id,
        form,
        lambda found: projects.leave_testimonial(
            db.session, actor=current_user, project=found, text=form.testimonial.data, now=utcnow()
        ),
        gettext("Thank you! Your testimonial is on the project page."),
        "testimonial_form",
    )
