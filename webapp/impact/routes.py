"""/impact for administrators and teachers, and a CSV of each of its tables."""

from datetime import date

from flask import Blueprint, Response, abort, render_template, request
from flask_babel import gettext
from flask_login import current_user

from quests import impact
from quests.clock import helsinki_day, utcnow
from quests.errors import DomainError
from quests.roles import Capability
from webapp.auth import capability_required
from webapp.competitions import impact_figures
from webapp.errors import show_on_form
from webapp.extensions import db
from webapp.impact.csv_export import table_csv
from webapp.impact.figures import BY_SLUG, tables
from webapp.impact.forms import ImpactFilterForm, month_of

bp = Blueprint("impact", __name__, url_prefix="/impact")

DEFAULT_MONTHS = 12


def _cohort_id() -> int | None:
    value = request.args.get("cohort", "")
    if not value:
        return None
    if not value.isdigit() or len(value) > 9:
        abort(404)
    return int(value)


def _default_range() -> tuple[date, date]:
    today = helsinki_day(utcnow())
    last = today.replace(day=1)
    months_back = last.year * 12 + last.month - DEFAULT_MONTHS
    return date(months_back // 12, months_back % 12 + 1, 1), last


def _build(form):
    """The report, or None when the filter is wrong (its message is on the form). Who may
    see the class is decided first: a refusal answers 403 whatever the dates say."""
    cohort_id = _cohort_id()
    scope = impact.scope_for(db.session, actor=current_user, cohort_id=cohort_id)
    if not form.validate():
        return None, scope
    first, last = _default_range()
    first = month_of(form.start.data) or first
    last = month_of(form.end.data) or last
    try:
        report = impact.report(
            db.session, actor=current_user, first=first, last=last, cohort_id=cohort_id
        )
    except DomainError as error:
        show_on_form(form, error)
        return None, scope
    impact_figures.add_to(db.session, report)
    return report, scope


@bp.get("")
@capability_required(Capability.MANAGE_COHORTS)
def index():
    form = ImpactFilterForm(request.args)
    report, scope = _build(form)
    if report is None:
        return render_template("impact/index.html", form=form, scope=scope, report=None), 422
    if not form.start.data:
        form.start.data = report.months[0]
    if not form.end.data:
        form.end.data = report.months[-1]
    return render_template(
        "impact/index.html", form=form, scope=scope, report=report, tables=tables(report)
    )


@bp.get("/<slug>.csv")
@capability_required(Capability.MANAGE_COHORTS)
def table_download(slug: str):
    kind = BY_SLUG.get(slug)
    if kind is None:
        abort(404)
    form = ImpactFilterForm(request.args)
    report, scope = _build(form)
    if report is None:
        abort(422)
    table = next((t for t in tables(report) if t.kind.slug == slug), None)
    if table is None:
        abort(404)  # a hub-wide figure asked for one class
    if report.cohort is not None:
        place = report.cohort.name
    else:
        place = gettext("The whole hub") if report.hub_wide else gettext("Your classes")
    header = [gettext("Month"), str(kind.unit), gettext("Classes")]
    body = table_csv(header, [[month, value, place] for month, _, value in table.rows])
    name = f"polku-{slug}-{report.months[0]}-{report.months[-1]}.csv"
    return Response(
        body,
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
