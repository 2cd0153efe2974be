"""The competition's part of the hub's impact report (quests.impact): entries per month, and
for the whole hub, judges invited per month. One aggregate query each."""

from sqlalchemy import func
from sqlalchemy.orm import Session

from quests import impact
from webapp.competitions.models import Entry, Judge


def add_to(session: Session, report: impact.Report) -> None:
    sql = impact.Dialect(session)
    report.figures["competition_entries"] = impact.Figure(
        "competition_entries",
        impact.per_month(
            session,
            sql.month(Entry.created_at),
            func.count(Entry.id).label("count"),
            where=[
                Entry.created_at >= report.start,
                Entry.created_at < report.end,
                Entry.student_id.in_(impact.students_in_scope(report.scope)),
            ],
        ),
    )
    if report.hub_wide:
        report.figures["judges"] = impact.Figure(
            "judges",
            impact.per_month(
                session,
                sql.month(Judge.created_at),
                func.count(Judge.id).label("count"),
                where=[Judge.created_at >= report.start, Judge.created_at < report.end],
            ),
        )
