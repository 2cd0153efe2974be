"""Everything Polku's domain holds about one person, area by area, for their data export
(GDPR articles 15 and 20). The competition module adds its own areas (webapp/competitions/
personal_data.py); the web layer adds badge URLs and writes the ZIP.

Secrets are left out on purpose: the password hash, the session token, push encryption keys
and link-token hashes are not the person's data but keys to it.
"""

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, selectinload

from quests.badge_models import BadgeApplication, BadgeAward
from quests.community_models import (
    EntrepreneurApplication,
    LeaderboardPreference,
    Project,
    ProjectMember,
)
from quests.models import Cohort, CohortMembership, User
from quests.notification_models import Notification, NotificationPreference, PushSubscription
from quests.plan_models import LearningPlan, PlanComment
from quests.quest_models import ActivityDay, Evidence, QuestAttempt, Submission, XpEntry


@dataclass(frozen=True)
class ExportFile:
    """A stored file to copy into the ZIP: where it lies (area and name under MEDIA_ROOT, see
    webapp/storage.py) and where it goes in the archive."""

    area: str
    stored_name: str
    archive_path: str


@dataclass
class PersonalData:
    areas: dict[str, object] = field(default_factory=dict)
    files: list[ExportFile] = field(default_factory=list)
    awards: list[BadgeAward] = field(default_factory=list)


def plain(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def fields_of(obj, *names) -> dict:
    return {name: plain(getattr(obj, name)) for name in names}


def _safe_name(name: str | None, fallback: str) -> str:
    cleaned = "".join(ch if ch.isalnum() or ch in "._- " else "_" for ch in (name or ""))
    return cleaned.strip(" .")[:80] or fallback


def collect(session: Session, user: User) -> PersonalData:
    data = PersonalData()
    data.areas["profile"] = _profile(session, user)
    data.areas["plan"] = _plan(session, user)
    data.areas["quests"] = _quests(session, user, data)
    data.areas["xp"] = _xp(session, user)
    data.areas["badges"] = _badges(session, user, data)
    data.areas["community"] = _community(session, user)
    data.areas["notifications"] = _notifications(session, user)
    return data


def file_count(session: Session, user: User) -> int:
    """How many stored files an export would copy: big accounts are built in the background."""
    evidence = session.scalar(
        select(func.count(Evidence.id))
        .join(Submission)
        .join(QuestAttempt)
        .where(QuestAttempt.student_id == user.id, Evidence.stored_name.is_not(None))
    )
    applications = session.scalar(
        select(func.count(BadgeApplication.id)).where(
            BadgeApplication.student_id == user.id, BadgeApplication.file_name.is_not(None)
        )
    )
    return evidence + applications


def _profile(session, user):
    classes = session.execute(
        select(Cohort.name, CohortMembership.kind, CohortMembership.joined_at)
        .join(CohortMembership)
        .where(CohortMembership.user_id == user.id)
        .order_by(Cohort.name)
    )
    return {
        **fields_of(user, "id", "name", "email", "locale", "active", "created_at"),
        "roles": sorted(role.value for role in user.roles),
        "classes": [
            {"name": name, "as": kind, "joined_at": plain(joined)} for name, kind, joined in classes
        ],
    }


def _plan(session, user):
    plan = session.scalar(select(LearningPlan).where(LearningPlan.student_id == user.id))
    mine = None
    if plan is not None:
        mine = {
            **fields_of(plan, "qualification", "qualification_code", "support_needs"),
            "updated_at": plain(plan.updated_at),
            "units": [
                fields_of(u, "code", "name", "competence_points", "position") for u in plan.units
            ],
            "work_based_learning_periods": [
                fields_of(p, "workplace", "supervisor", "starts_on", "ends_on", "hours_per_week")
                for p in plan.periods
            ],
            "demonstrations": [
                fields_of(d, "description", "place", "planned_on") for d in plan.demonstrations
            ],
            "comments": [
                {
                    "author": c.author.name if c.author else None,
                    "body": c.body,
                    "created_at": plain(c.created_at),
                }
                for c in plan.comments
            ],
        }
    written = session.scalars(
        select(PlanComment).where(PlanComment.author_id == user.id).order_by(PlanComment.id)
    )
    return {
        "my_plan": mine,
        "comments_i_wrote_on_plans": [
            {"plan_of": c.plan.student.name, "body": c.body, "created_at": plain(c.created_at)}
            for c in written
        ],
    }


def _quests(session, user, data: PersonalData):
    attempts = session.scalars(
        select(QuestAttempt)
        .where(QuestAttempt.student_id == user.id)
        .options(
            selectinload(QuestAttempt.quest),
            selectinload(QuestAttempt.submissions).selectinload(Submission.evidence),
        )
        .order_by(QuestAttempt.id)
    )
    out = []
    for attempt in attempts:
        submissions = []
        for submission in attempt.submissions:
            evidence = []
            for item in submission.evidence:
                entry = fields_of(item, "kind", "text", "url", "original_name", "content_type")
                if item.stored_name:
                    path = (
                        f"files/evidence/{item.id}-"
                        f"{_safe_name(item.original_name, item.stored_name)}"
                    )
                    data.files.append(ExportFile("evidence", item.stored_name, path))
                    entry["file"] = path
                evidence.append(entry)
            submissions.append(
                {
                    **fields_of(submission, "number", "submitted_at", "decision"),
                    **fields_of(submission, "reviewed_at", "feedback"),
                    "reviewer": submission.reviewer.name if submission.reviewer else None,
                    "evidence": evidence,
                }
            )
        out.append(
            {
                "quest": attempt.quest.title,
                "kind": attempt.quest.kind,
                **fields_of(attempt, "state", "accepted_at", "updated_at"),
                "submissions": submissions,
            }
        )
    return out


def _xp(session, user):
    ledger = session.scalars(select(XpEntry).where(XpEntry.user_id == user.id).order_by(XpEntry.id))
    days = session.scalars(
        select(ActivityDay.day).where(ActivityDay.user_id == user.id).order_by(ActivityDay.day)
    )
    return {
        "ledger": [fields_of(e, "amount", "reason", "source", "created_at") for e in ledger],
        "activity_days": [plain(day) for day in days],
    }


def _badges(session, user, data: PersonalData):
    awards = list(
        session.scalars(
            select(BadgeAward)
            .where(BadgeAward.recipient_id == user.id)
            .options(selectinload(BadgeAward.badge))
            .order_by(BadgeAward.id)
        )
    )
    data.awards = awards
    applications = session.scalars(
        select(BadgeApplication)
        .where(BadgeApplication.student_id == user.id)
        .order_by(BadgeApplication.id)
    )
    applied = []
    for application in applications:
        entry = {
            "badge": application.badge.name,
            **fields_of(application, "text", "status", "reason", "created_at", "decided_at"),
        }
        if application.file_name:
            path = (
                f"files/badge-applications/{application.id}-"
                f"{_safe_name(application.file_original, application.file_name)}"
            )
            data.files.append(ExportFile("evidence", application.file_name, path))
            entry["file"] = path
        applied.append(entry)
    return {
        # The web layer adds each award's assertion URL and baked image (see the README).
        "awards": [
            {
                "badge": award.badge.name,
                "public_id": award.public_id,
                **fields_of(award, "issued_at", "expires_at", "revoked_at", "narrative"),
                **fields_of(award, "revocation_reason", "hidden", "show_name"),
                "evidence": [{"name": e.name, "narrative": e.narrative} for e in award.evidence],
            }
            for award in awards
        ],
        "applications": applied,
    }


def _community(session, user):
    applications = session.scalars(
        select(EntrepreneurApplication)
        .where(
            or_(
                EntrepreneurApplication.user_id == user.id,
                EntrepreneurApplication.email == user.email,
            )
        )
        .order_by(EntrepreneurApplication.id)
    )
    owned = session.scalars(
        select(Project)
        .where(or_(Project.owner_id == user.id, Project.teacher_id == user.id))
        .order_by(Project.id)
    )
    memberships = session.scalars(
        select(ProjectMember).where(ProjectMember.user_id == user.id).order_by(ProjectMember.id)
    )
    leaderboard = session.get(LeaderboardPreference, user.id)
    return {
        "applications": [
            fields_of(
                a,
                "name",
                "email",
                "phone",
                "business_name",
                "sector",
                "website",
                "stage",
                "expectations",
                "needs",
                "cooperation",
                "status",
                "admin_message",
                "applicant_reply",
                "created_at",
                "decided_at",
            )
            for a in applications
        ],
        "projects": [
            fields_of(p, "title", "need", "description", "skills", "team_size", "created_at")
            | fields_of(p, "completed_at", "testimonial")
            for p in owned
        ],
        "project_memberships": [
            {"project": m.project.title, **fields_of(m, "status", "message", "created_at")}
            for m in memberships
        ],
        "leaderboard": fields_of(leaderboard, "opted_in", "display_name") if leaderboard else None,
    }


def _notifications(session, user):
    inbox = session.scalars(
        select(Notification).where(Notification.user_id == user.id).order_by(Notification.id)
    )
    switched = session.scalars(
        select(NotificationPreference).where(NotificationPreference.user_id == user.id)
    )
    devices = session.scalars(select(PushSubscription).where(PushSubscription.user_id == user.id))
    return {
        "inbox": [fields_of(n, "kind", "params", "url", "created_at", "read_at") for n in inbox],
        "preferences": [fields_of(p, "kind", "enabled") for p in switched],
        "push_devices": [
            fields_of(d, "device", "endpoint", "created_at", "last_success_at") for d in devices
        ],
    }
