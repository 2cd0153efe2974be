"""Teachers' classes: create one, share its join code, see who has joined."""

from flask import Blueprint, abort, render_template
from flask_login import current_user

from quests import accounts
from quests.errors import DomainError
from quests.models import Cohort
from quests.roles import Capability
from webapp.auth import capability_required
from webapp.errors import failed
from webapp.extensions import db
from webapp.htmx import render_page_or_block
from webapp.teach.forms import CohortForm

bp = Blueprint("teach", __name__, url_prefix="/teach")


def _cohorts_page(form, status=200, created=None):
    return render_page_or_block(
        "teach/cohorts.html",
        "cohort_section",
        status=status,
        form=form,
        cohorts=accounts.cohort_summaries(db.session, current_user),
        created=created,
    )


@bp.get("/cohorts")
@capability_required(Capability.MANAGE_COHORTS)
def cohorts():
    return _cohorts_page(CohortForm())


@bp.post("/cohorts")
@capability_required(Capability.MANAGE_COHORTS)
def create_cohort():
    form = CohortForm()
    if not form.validate():
        return _cohorts_page(form, status=422)
    try:
        cohort = accounts.create_cohort(db.session, teacher=current_user, name=form.name.data)
    except DomainError as error:
        form.name.errors = [failed(error)]
        return _cohorts_page(form, status=error.status)
    db.session.commit()
    return _cohorts_page(CohortForm(formdata=None), status=201, created=cohort)


@bp.get("/cohorts/<int:cohort_id>")
@capability_required(Capability.MANAGE_COHORTS)
def cohort(cohort_id):
    found = db.session.get(Cohort, cohort_id)
    if found is None:
        abort(404)
    if not accounts.can_manage_cohort(current_user, found):
        abort(403)
    return render_template(
        "teach/cohort.html", cohort=found, students=accounts.cohort_students(db.session, found)
    )
