"""Seed a hub of Omnia's size into a PostgreSQL database with COPY.

10,000 students in 400 classes, 300 teachers, 60 entrepreneurs with 150 projects,
about 200,000 quests, 300,000 submissions, 1,000,000 XP entries, 40,000 badge
awards and a competition with 2,000 entries and 30 judges. Check-ins are not
seeded: no table holds them yet.

The database is emptied and migrated first, so point BENCH_DATABASE_URL at a
database of its own (never a test database). Every account's password is
PASSWORD; the emails are ROLE<n>@bench.example.com.
"""

import hashlib
import random
import secrets
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import psycopg

from quests.passwords import hash_password

PASSWORD = "bench-password-13"
DOMAIN = "bench.example.com"

MILESTONES = 4
TEAM = 3
UNITS_PER_PLAN = 4
GOALS_PER_UNIT = 5  # 20 plan goals per student
CHALLENGES_PER_CLASS = 2
HUB_CHALLENGES = 20
ACTIVITY_DAYS = 30  # per student
NOTIFICATIONS = 5  # per student
JUDGES_PER_ENTRY = 3
CRITERIA = 4


@dataclass(frozen=True)
class Size:
    """How many of each; the defaults are the hub's real size."""

    students: int = 10_000
    classes: int = 400
    teachers: int = 300
    entrepreneurs: int = 60
    judges: int = 30
    projects: int = 150
    badge_classes: int = 200
    badge_awards: int = 40_000
    xp_entries: int = 1_000_000
    entries: int = 2_000


# The same shape at a thirtieth of the size: a few thousand rows, for tests of query plans.
SMALL = Size(
    students=300,
    classes=12,
    teachers=10,
    entrepreneurs=4,
    judges=6,
    projects=8,
    badge_classes=20,
    badge_awards=1_200,
    xp_entries=30_000,
    entries=200,
)


def email(role: str, n: int) -> str:
    return f"{role}{n}@{DOMAIN}"


class Seeder:
    def __init__(self, conn: psycopg.Connection, now: datetime, size: Size = Size()):  # noqa: B008
        self.conn = conn
        self.size = size
        self.now = now
        self.today = now.date()
        self.rng = random.Random(13)
        self.counts: dict[str, int] = {}

    def copy(self, table: str, columns: tuple[str, ...], rows) -> None:
        count = 0
        with (
            self.conn.cursor() as cursor,
            cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row(row)
                count += 1
        self.counts[table] = self.counts.get(table, 0) + count

    def ago(self, days: float) -> datetime:
        return self.now - timedelta(days=days)

    def run(self) -> None:
        rng, size = self.rng, self.size
        password_hash = hash_password(PASSWORD)
        next_user = iter(range(1, 1_000_000))
        admin_id = next(next_user)
        teacher_ids = [next(next_user) for _ in range(size.teachers)]
        entrepreneur_ids = [next(next_user) for _ in range(size.entrepreneurs)]
        judge_ids = [next(next_user) for _ in range(size.judges)]
        student_ids = [next(next_user) for _ in range(size.students)]
        people = (
            [(admin_id, "admin", 0, ("admin",))]
            + [(u, "teacher", i, ("teacher",)) for i, u in enumerate(teacher_ids)]
            + [(u, "entrepreneur", i, ("entrepreneur",)) for i, u in enumerate(entrepreneur_ids)]
            + [(u, "judge", i, ("employer",)) for i, u in enumerate(judge_ids)]
            + [(u, "student", i, ("student",)) for i, u in enumerate(student_ids)]
        )
        emails = {u: email(role, n) for u, role, n, _ in people}
        self.copy(
            "users",
            ("id", "email", "name", "password_hash", "session_token", "active", "created_at"),
            (
                (u, emails[u], f"{role.title()} {n}", password_hash, secrets.token_urlsafe(24))
                + (True, self.ago(400))
                for u, role, n, _ in people
            ),
        )
        self.copy(
            "user_roles",
            ("user_id", "role"),
            ((u, r) for u, _, _, roles in people for r in roles),
        )

        # Classes of 25, each with two teachers; a teacher has two or three classes.
        cohort_ids = list(range(1, size.classes + 1))
        class_of = {
            s: cohort_ids[i * size.classes // size.students] for i, s in enumerate(student_ids)
        }
        teachers_of = {
            c: (
                teacher_ids[i % size.teachers],
                teacher_ids[(i + size.teachers // 2 + 1) % size.teachers],
            )
            for i, c in enumerate(cohort_ids)
        }
        self.copy(
            "cohorts",
            ("id", "name", "join_code", "created_at"),
            ((c, f"Luokka {c:03d}", f"BENCH{c:05d}", self.ago(400)) for c in cohort_ids),
        )
        self.copy(
            "cohort_memberships",
            ("cohort_id", "user_id", "kind", "joined_at"),
            [(c, t, "teacher", self.ago(400)) for c, ts in teachers_of.items() for t in set(ts)]
            + [(c, s, "student", self.ago(400)) for s, c in class_of.items()],
        )

        # Plans: four units with five goals each, the goals written by the class's teacher.
        plans, units, quests, steps = [], [], [], []
        quest_id = 0
        goals_of: dict[int, list[tuple[int, int, int]]] = {}  # student → (quest, owner, xp)
        for plan_id, s in enumerate(student_ids, start=1):
            plans.append((plan_id, s, "Liiketoiminnan perustutkinto", "351101", "", self.ago(30)))
            owner = teachers_of[class_of[s]][0]
            for position in range(UNITS_PER_PLAN):
                unit_id = len(units) + 1
                units.append((unit_id, plan_id, f"1000{position}", f"Osa {position + 1}", 25))
                units[-1] += (position,)
                for g in range(GOALS_PER_UNIT):
                    quest_id += 1
                    due = self.today + timedelta(days=rng.randint(-60, 120))
                    xp = rng.choice((20, 50, 80, 100, 150))
                    quests.append(
                        (quest_id, "plan_goal", f"Tavoite {position + 1}.{g + 1}", "Kuvaa työsi.")
                        + (xp, due, owner, s, None, unit_id, "school", None, self.ago(90))
                    )
                    goals_of.setdefault(s, []).append((quest_id, owner, xp))
        for c in cohort_ids:
            for n in range(CHALLENGES_PER_CLASS):
                quest_id += 1
                quests.append(
                    (quest_id, "challenge", f"Haaste {n + 1}", "Luokan haaste.", 50, None)
                    + (teachers_of[c][0], None, c, None, None, None, self.ago(60))
                )
        for n in range(HUB_CHALLENGES):
            quest_id += 1
            quests.append(
                (quest_id, "challenge", f"Koko talon haaste {n + 1}", "Kaikille.", 50, None)
                + (admin_id, None, None, None, None, None, self.ago(60))
            )
        projects, members = [], []
        for p in range(1, size.projects + 1):
            owner = entrepreneur_ids[p % size.entrepreneurs]
            teacher = teacher_ids[p % size.teachers]
            projects.append(
                (p, owner, teacher, f"Projekti {p}", "service_design", "Palvelumuotoilu.", "")
                + (TEAM, self.today - timedelta(days=30), self.today + timedelta(days=60))
                + (self.ago(40), None)
            )
            for m in range(MILESTONES):
                quest_id += 1
                quests.append(
                    (quest_id, "project", f"Virstanpylväs {m + 1}", "Projektin vaihe.", 100)
                    + (self.today + timedelta(days=14 * m), owner, None, None, None, "project")
                    + (p, self.ago(40))
                )
            for k in range(TEAM):
                student = student_ids[(p * 37 + k * 11) % size.students]
                members.append((p, student, "accepted", "", self.ago(35), self.ago(34)))
        self.copy(
            "learning_plans",
            ("id", "student_id", "qualification", "qualification_code", "support_needs")
            + ("updated_at",),
            plans,
        )
        self.copy(
            "plan_units",
            ("id", "plan_id", "code", "name", "competence_points", "position"),
            units,
        )
        self.copy(
            "projects",
            ("id", "owner_id", "teacher_id", "title", "need", "description", "skills")
            + ("team_size", "starts_on", "ends_on", "created_at", "completed_at"),
            projects,
        )
        self.copy(
            "quests",
            ("id", "kind", "title", "description", "xp", "due_date", "owner_id", "student_id")
            + ("cohort_id", "plan_unit_id", "acquisition", "project_id", "created_at"),
            quests,
        )
        steps = ((q[0], q[0], 0, "Kuvaa työsi", "text") for q in quests)
        self.copy("quest_steps", ("id", "quest_id", "position", "title", "evidence"), steps)
        self.copy(
            "project_members",
            ("project_id", "user_id", "status", "message", "created_at", "accepted_at"),
            members,
        )

        # Of a student's 20 goals: 11 approved after one return, 2 returned twice and once
        # more, 1 waiting after two returns, 1 accepted, 5 not started: 30 submissions each.
        attempts, submissions, evidence, ledger = [], [], [], []
        plan = ["approved"] * 11 + ["returned"] * 2 + ["submitted", "accepted"]
        for s in student_ids:
            for (quest, owner, xp), state in zip(goals_of[s], plan, strict=False):
                attempt_id = len(attempts) + 1
                started = self.ago(rng.uniform(20, 90))
                attempts.append((attempt_id, quest, s, state, started, started))
                rounds = {"approved": 2, "returned": 3, "submitted": 3, "accepted": 0}[state]
                for number in range(1, rounds + 1):
                    last = number == rounds
                    at = started + timedelta(days=number * 3)
                    decision = "returned"
                    if last and state == "approved":
                        decision = "approved"
                    elif last and state == "submitted":
                        decision = "pending"
                    pending = decision == "pending"
                    submissions.append(
                        (len(submissions) + 1, attempt_id, number, at, decision)
                        + (None if pending else owner, None if pending else at)
                        + (None if pending else "Hyvä.",)
                    )
                    if pending:
                        evidence.append((len(evidence) + 1, len(submissions), "text", "Tein sen."))
                if state == "approved":
                    ledger.append((s, xp, f"quest:{quest}:student:{s}", "Quest approved"))
        self.copy(
            "quest_attempts",
            ("id", "quest_id", "student_id", "state", "accepted_at", "updated_at"),
            attempts,
        )
        self.copy(
            "submissions",
            ("id", "attempt_id", "number", "submitted_at", "decision", "reviewer_id")
            + ("reviewed_at", "feedback"),
            submissions,
        )
        self.copy("evidence", ("id", "submission_id", "kind", "text"), evidence)

        # The rest of the ledger: small awards over the last year, some of them this week.
        extra = size.xp_entries - len(ledger)
        ledger_rows = (
            (i, u, amount, source, reason, self.ago(rng.uniform(0, 30)))
            for i, (u, amount, source, reason) in enumerate(ledger, start=1)
        )
        filler = (
            (len(ledger) + i + 1, student_ids[i % size.students], rng.randint(1, 30))
            + (f"bench:{i}", "Activity", self.ago(rng.uniform(0, 365)))
            for i in range(extra)
        )
        columns = ("id", "user_id", "amount", "source", "reason", "created_at")
        self.copy("xp_entries", columns, ledger_rows)
        self.copy("xp_entries", columns, filler)
        self.copy(
            "activity_days",
            ("user_id", "day"),
            (
                (s, self.today - timedelta(days=d))
                for s in student_ids
                for d in sorted(rng.sample(range(120), ACTIVITY_DAYS))
            ),
        )
        self.copy(
            "leaderboard_preferences",
            ("user_id", "opted_in", "display_name", "updated_at"),
            ((s, True, f"Pelaaja {i}", self.ago(50)) for i, s in enumerate(student_ids) if i % 2),
        )
        self.copy(
            "notifications",
            ("user_id", "kind", "params", "url", "created_at", "read_at"),
            (
                (s, "quest_reviewed", '{"quest": "Tavoite"}', "/quests", self.ago(n))
                + (None if n == 0 else self.ago(n),)
                for s in student_ids
                for n in range(NOTIFICATIONS)
            ),
        )

        # Badges: 200 classes by teachers, 40,000 awards (four per student on average).
        self.copy(
            "badge_classes",
            ("id", "public_id", "name", "description", "criteria", "image_name", "image_type")
            + ("tags", "allow_repeats", "open_for_applications", "created_by_id", "created_at"),
            (
                (b, secrets.token_urlsafe(16), f"Merkki {b}", "Osaamismerkki.", "Näytä osaamisesi.")
                + ("bench.png", "image/png", "", False, b % 4 != 0, teacher_ids[b % size.teachers])
                + (self.ago(300),)
                for b in range(1, size.badge_classes + 1)
            ),
        )
        awards = []
        for a in range(1, size.badge_awards + 1):
            student = student_ids[(a * 7) % size.students]
            badge = (a // 7) % size.badge_classes + 1
            public = secrets.token_urlsafe(16)
            salt = secrets.token_hex(8)
            digest = hashlib.sha256((emails[student] + salt).encode()).hexdigest()
            awards.append(
                (a, public, badge, student, teachers_of[class_of[student]][0])
                + (f"bench:{a}", salt, "sha256$" + digest, "", self.ago(rng.uniform(0, 300)))
                + (False, a % 3 == 0)
            )
        self.copy(
            "badge_awards",
            ("id", "public_id", "badge_id", "recipient_id", "awarded_by_id", "source", "salt")
            + ("recipient_hash", "narrative", "issued_at", "hidden", "show_name"),
            awards,
        )

        # The competition: judging open now, 2,000 entries, 30 judges, three judges an entry.
        competition_id = 1
        self.copy(
            "competition_competitions",
            ("id", "title", "description", "rules", "submission_opens_at")
            + ("submission_closes_at", "judging_opens_at", "judging_closes_at", "blind")
            + ("max_duration_seconds", "max_size_mb", "judges_per_entry", "open_to_all")
            + ("created_by_id", "created_at"),
            [
                (competition_id, "Video-CV 2026", "Kerro itsestäsi.", "Säännöt.", self.ago(60))
                + (self.ago(10), self.ago(9), self.ago(-20), True, 180, 500, JUDGES_PER_ENTRY)
                + (True, admin_id, self.ago(70))
            ],
        )
        self.copy(
            "competition_criteria",
            ("id", "competition_id", "position", "name", "description", "weight", "max_score"),
            ((c, competition_id, c, f"Kriteeri {c}", "", c % 2 + 1, 5) for c in range(1, 5)),
        )
        self.copy(
            "competition_judges",
            ("id", "competition_id", "email", "user_id", "conflicts_declared_at", "created_at"),
            (
                (j, competition_id, emails[u], u, self.ago(8), self.ago(9))
                for j, u in enumerate(judge_ids, start=1)
            ),
        )
        entrants = student_ids[: size.entries]
        self.copy(
            "competition_entries",
            ("id", "competition_id", "student_id", "title", "pitch", "consent_at", "under_18")
            + ("video_state", "video_key", "duration_seconds", "created_at", "updated_at"),
            (
                (e, competition_id, s, f"Minun video-CV {e}", "Olen ahkera.", self.ago(20))
                + (False, "ready", secrets.token_hex(8), 90, self.ago(20), self.ago(20))
                for e, s in enumerate(entrants, start=1)
            ),
        )
        assignments, scores = [], []
        for e in range(1, size.entries + 1):
            for k in range(JUDGES_PER_ENTRY):
                judge = (e + k * 10) % size.judges + 1
                assignments.append((len(assignments) + 1, e, judge, "", self.ago(5)))
                for c in range(1, CRITERIA + 1):
                    value = min(5, max(0, round(rng.gauss(3 + (judge % 3 - 1) * 0.5, 1))))
                    scores.append((len(scores) + 1, len(assignments), c, value))
        self.copy(
            "competition_assignments",
            ("id", "entry_id", "judge_id", "comment", "updated_at"),
            assignments,
        )
        self.copy("competition_scores", ("id", "assignment_id", "criterion_id", "value"), scores)


def reset_sequences(conn: psycopg.Connection) -> None:
    """COPY wrote the ids; move each id sequence past them so new rows do not collide."""
    rows = conn.execute(
        "SELECT table_name FROM information_schema.columns"
        " WHERE table_schema = 'public' AND column_name = 'id'"
        " AND column_default LIKE 'nextval%'"
    ).fetchall()
    for (table,) in rows:
        conn.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"  # noqa: S608
            f" COALESCE((SELECT max(id) FROM {table}), 0) + 1, false)"
        )


def fill(conn: psycopg.Connection, size: Size) -> dict[str, int]:
    """COPY the data set into migrated, empty tables; returns the rows written per table."""
    seeder = Seeder(conn, datetime.now(UTC), size)
    seeder.run()
    reset_sequences(conn)
    return seeder.counts


def seed(url: str) -> None:
    """Empty and migrate the database at `url`, fill it, analyse it; prints what it took."""
    started = time.perf_counter()
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("DROP SCHEMA public CASCADE")
        conn.execute("CREATE SCHEMA public")
    _migrate(url)
    migrated = time.perf_counter()
    with psycopg.connect(url) as conn:
        counts = fill(conn, Size())
        conn.commit()
    copied = time.perf_counter()
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")
    done = time.perf_counter()
    for table, count in counts.items():
        print(f"  {table:<28}{count:>10,}")
    print(
        f"seeded in {done - started:.0f} s (migrate {migrated - started:.0f} s,"
        f" copy {copied - migrated:.0f} s, vacuum analyze {done - copied:.0f} s)"
    )


def _migrate(url: str) -> None:
    from flask_migrate import upgrade

    from webapp import create_app

    engine_url = url.replace("postgresql://", "postgresql+psycopg://", 1)
    app = create_app({"SQLALCHEMY_DATABASE_URI": engine_url})
    with app.app_context():
        upgrade()
