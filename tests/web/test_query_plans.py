"""The main pages read the big tables through indexes (PostgreSQL only).

The benchmark's data set at a thirtieth of its size is copied in, and every
SELECT a main page runs is run with EXPLAIN ANALYZE and sequential scans switched
off (on a few thousand rows a sequential scan is cheapest; at the hub's size it is
not). Then:
- a "Seq Scan" on a big table means no index can answer that query shape;
- no scan of a big table may look at more than a tenth of its rows beyond what one
  person's page needs: an OR across tables reads a whole table through an index as
  well as without one.
The competition's tables are left out of the second check: the organiser's results
read the whole competition by design, and the bench has one competition.
"""

import os

import psycopg
import pytest
from sqlalchemy import event

from bench import seed
from tests.conftest import log_in
from webapp.extensions import db

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.skipif(
        not os.environ.get("TEST_DATABASE_URL"), reason="query plans are PostgreSQL's"
    ),
]

BIG_TABLES = {
    "users",
    "cohort_memberships",
    "quests",
    "quest_steps",
    "quest_attempts",
    "submissions",
    "evidence",
    "xp_entries",
    "activity_days",
    "notifications",
    "badge_awards",
    "learning_plans",
    "plan_units",
    "competition_entries",
    "competition_assignments",
    "competition_scores",
}

# Read as a whole by design where one competition is all there is.
WHOLE_BY_DESIGN = {"competition_entries", "competition_assignments", "competition_scores"}
SHARE = 0.1
# What one person's page may read at any size of hub: a teacher's three classes own about
# a thousand quests. The small shape's hub-wide tables are larger than this.
FEW = 1100

PAGES = [
    ("student", "/"),
    ("student", "/quests"),
    ("student", "/quests?tab=done"),
    ("student", "/quests/{quest}"),
    ("student", "/plan"),
    ("student", "/badges"),
    ("student", "/community/leaderboard"),
    ("student", "/notifications"),
    ("teacher", "/"),
    ("teacher", "/review"),
    ("teacher", "/teach/cohorts"),
    ("teacher", "/teach/cohorts/{cohort}"),
    # Not yet: a teacher's award page offers every approved quest of all their students as
    # evidence (hundreds of rows); it needs the class choice the administrator has.
    ("admin", "/review"),
    ("admin", "/competitions/{competition}/results"),
    ("admin", "/teach/badges/{badge}/award"),
    ("judge", "/competitions/{competition}/judging"),
    (None, "/verify/{award}"),
    (None, "/ob/assertions/{award}"),
]


def _examined(plan: dict, sizes: dict[str, int]) -> set[str]:
    """Big tables of which a scan node looked at more than SHARE of the rows."""
    found = set()
    table = plan.get("Relation Name")
    if table in BIG_TABLES - WHOLE_BY_DESIGN:
        loops = plan.get("Actual Loops", 1)
        rows = (
            plan.get("Actual Rows", 0)
            + plan.get("Rows Removed by Filter", 0)
            + plan.get("Rows Removed by Index Recheck", 0)
        ) * loops
        if rows > max(FEW, SHARE * sizes[table]):
            found.add(f"{table}: {rows:.0f} of {sizes[table]} rows")
    for child in plan.get("Plans", []):
        found |= _examined(child, sizes)
    return found


def _seq_scans(plan: dict) -> set[str]:
    found = set()
    if plan.get("Node Type") == "Seq Scan" and plan.get("Relation Name") in BIG_TABLES:
        found.add(plan["Relation Name"])
    for child in plan.get("Plans", []):
        found |= _seq_scans(child)
    return found


@pytest.fixture
def hub(app):
    url = app.config["SQLALCHEMY_DATABASE_URI"].replace("+psycopg", "")
    with psycopg.connect(url) as conn:
        seed.fill(conn, seed.SMALL)
        conn.commit()
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("ANALYZE")
        row = conn.execute(
            "SELECT (SELECT min(id) FROM quests WHERE student_id = u.id),"
            " (SELECT min(cohort_id) FROM cohort_memberships m JOIN users t ON t.id = m.user_id"
            "  WHERE t.email = %s),"
            " (SELECT public_id FROM badge_classes ORDER BY id LIMIT 1),"
            " (SELECT public_id FROM badge_awards WHERE NOT hidden ORDER BY id LIMIT 1),"
            " (SELECT min(id) FROM competition_competitions)"
            " FROM users u WHERE u.email = %s",
            (seed.email("teacher", 0), seed.email("student", 0)),
        ).fetchone()
    return dict(zip(("quest", "cohort", "badge", "award", "competition"), row, strict=True))


def test_main_pages_use_no_sequential_scan_on_big_tables(app, hub):
    emails = {
        "student": seed.email("student", 0),
        "teacher": seed.email("teacher", 0),
        "admin": seed.email("admin", 0),
        "judge": seed.email("judge", 0),
    }
    statements: list[tuple[str, object]] = []

    def remember(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith("SELECT") and "FOR UPDATE" not in statement:
            statements.append((statement, parameters))

    found = {}
    with app.app_context():
        engine = db.engine
    with engine.connect() as connection:
        sizes = {
            table: connection.exec_driver_sql(f"SELECT count(*) FROM {table}").scalar()  # noqa: S608
            for table in BIG_TABLES
        }
    explained_count = 0
    # Requests run outside this test's app context, so each has its own `g`.
    event.listen(engine, "before_cursor_execute", remember)
    try:
        for role, path in PAGES:
            client = app.test_client()
            if role is not None:
                log_in(client, emails[role], password=seed.PASSWORD)
            url = path.format(**hub)
            statements.clear()
            response = client.get(url)
            assert response.status_code == 200, (role, url, response.status_code)
            pending = list(statements)
            with engine.connect() as connection:
                # On a few thousand rows a sequential scan is the cheapest plan; what is
                # checked is that an index plan exists that reads only what it needs.
                connection.exec_driver_sql("SET enable_seqscan = off")
                for statement, parameters in pending:
                    explained_count += 1
                    plan = connection.exec_driver_sql(
                        "EXPLAIN (ANALYZE, FORMAT JSON) " + statement, parameters
                    ).scalar()[0]["Plan"]
                    problems = _seq_scans(plan) | _examined(plan, sizes)
                    if problems:
                        found.setdefault(f"{role} {path}", []).append(
                            (sorted(problems), " ".join(statement.split())[:200])
                        )
    finally:
        event.remove(engine, "before_cursor_execute", remember)
    assert explained_count > 5 * len(PAGES)
    assert not found, "\n".join(f"{page}: {problems}" for page, problems in found.items())
