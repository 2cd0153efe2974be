"""What each impact chart shows: which figure and column, and its words in the reader's
language."""

from dataclasses import dataclass

from flask_babel import gettext
from flask_babel import lazy_gettext as _l

from quests import impact
from webapp.impact.charts import Chart, bar_chart, format_value, short_month


@dataclass(frozen=True)
class ChartKind:
    slug: str
    figure: str
    column: str
    title: object
    unit: object


CHARTS = [
    ChartKind("active-students", "active_students", "count", _l("Active students"), _l("Students")),
    ChartKind(
        "work-periods",
        "work_periods",
        "count",
        _l("Work-based learning periods started"),
        _l("Periods"),
    ),
    ChartKind(
        "work-hours",
        "work_periods",
        "hours",
        _l("Planned hours of work-based learning"),
        _l("Hours"),
    ),
    ChartKind("quests-approved", "quests_approved", "count", _l("Quests approved"), _l("Quests")),
    ChartKind("badges-issued", "badges_issued", "count", _l("Badges issued"), _l("Badges")),
    ChartKind(
        "competition-entries",
        "competition_entries",
        "count",
        _l("Video-CV competition entries"),
        _l("Entries"),
    ),
    ChartKind("judges", "judges", "count", _l("Competition judges invited"), _l("Judges")),
    ChartKind(
        "entrepreneurs",
        "entrepreneurs_supported",
        "count",
        _l("Entrepreneurs accepted to the community"),
        _l("Entrepreneurs"),
    ),
    ChartKind(
        "projects-completed",
        "projects_completed",
        "count",
        _l("Co-creation projects completed"),
        _l("Projects"),
    ),
    ChartKind(
        "teachers-developing",
        "teachers_developing",
        "count",
        _l("Teachers taking development challenges"),
        _l("Teachers"),
    ),
]
BY_SLUG = {kind.slug: kind for kind in CHARTS}


@dataclass(frozen=True)
class Table:
    kind: ChartKind
    chart: Chart
    rows: list[tuple[str, str, str]]  # (month as "2026-03", as shown, value as shown)
    total: str


def tables(report: impact.Report) -> list[Table]:
    made = []
    for kind in CHARTS:
        if kind.figure not in report.figures:
            continue
        series = report.series(kind.figure, kind.column)
        total = sum(value for _, value in series)
        peak_month, peak = max(series, key=lambda item: item[1], default=("", 0))
        description = gettext(
            "%(first)s to %(last)s: %(total)s in all; the most, %(peak)s, in %(month)s.",
            first=short_month(report.months[0]),
            last=short_month(report.months[-1]),
            total=format_value(total),
            peak=format_value(peak),
            month=short_month(peak_month) if peak_month else "-",
        )
        chart = bar_chart(kind.slug, str(kind.title), description, series)
        rows = [(month, short_month(month), format_value(value)) for month, value in series]
        made.append(Table(kind, chart, rows, format_value(total)))
    return made
