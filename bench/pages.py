"""`make bench`: every main page at the hub's real size, served as in production.

Seeds bench.seed's data set into BENCH_DATABASE_URL (PostgreSQL; emptied
first, so never a test database), starts gunicorn with the shipped
configuration (gunicorn.conf.py), signs in 20 people of each role and drives
each page with 20 concurrent users for BENCH_SECONDS. Three repetitions; for
each page the repetition with its median p95 is reported, with that
repetition's /healthz for the ratio. Prints a table and writes JSON to
BENCH_OUT.

    make bench                                   # seed, then measure
    BENCH_SEED=0 make bench                      # measure the data already there
    BENCH_PAGES=review,results make bench        # only some pages
    BENCH_SOAK=300 BENCH_SEED=0 make bench       # 5 minutes of every page: memory growth
"""

import asyncio
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg

from bench import load, seed

URL = os.environ.get("BENCH_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/polku_bench")
SECONDS = float(os.environ.get("BENCH_SECONDS", "10"))
REPETITIONS = int(os.environ.get("BENCH_REPETITIONS", "3"))
USERS = int(os.environ.get("BENCH_USERS", "20"))
PORT = int(os.environ.get("BENCH_PORT", "8613"))
OUT = Path(os.environ.get("BENCH_OUT", "bench-results.json"))
SOAK = float(os.environ.get("BENCH_SOAK", "0"))
ROOT = Path(__file__).resolve().parent.parent

# (name, role, path; {placeholders} are filled per signed-in person from targets())
PAGES = [
    ("healthz", None, "/healthz"),
    ("home", "student", "/"),
    ("quests", "student", "/quests"),
    ("quest", "student", "/quests/{quest}"),
    ("plan", "student", "/plan"),
    ("badges", "student", "/badges"),
    ("leaderboard", "student", "/community/leaderboard"),
    ("projects", "student", "/community/projects"),
    ("notifications", "student", "/notifications"),
    ("teacher_home", "teacher", "/"),
    ("review", "teacher", "/review"),
    ("cohorts", "teacher", "/teach/cohorts"),
    ("cohort", "teacher", "/teach/cohorts/{cohort}"),
    ("badge_classes", "teacher", "/teach/badges"),
    ("project", "entrepreneur", "/community/projects/{project}"),
    ("judging", "judge", "/competitions/{competition}/judging"),
    ("admin_home", "admin", "/"),
    ("admin_award", "admin", "/teach/badges/{badge}/award"),
    ("results", "admin", "/competitions/{competition}/results"),
    ("verify", None, "/verify/{award}"),
    ("assertion", None, "/ob/assertions/{award}"),
]


def targets(count: int) -> dict[str, list[dict]]:
    """Per role, `count` people with what their pages need, read from the seeded database."""
    with psycopg.connect(URL) as conn:

        def column(sql: str, *params) -> list:
            return [row[0] for row in conn.execute(sql, params).fetchall()]

        students = conn.execute(
            "SELECT u.email, min(q.id) FROM users u JOIN quests q ON q.student_id = u.id"
            " WHERE u.email LIKE 'student%%' GROUP BY u.id ORDER BY u.id LIMIT %s",
            (count,),
        ).fetchall()
        teachers = conn.execute(
            "SELECT u.email, min(m.cohort_id) FROM users u JOIN cohort_memberships m"
            " ON m.user_id = u.id AND m.kind = 'teacher' GROUP BY u.id ORDER BY u.id LIMIT %s",
            (count,),
        ).fetchall()
        entrepreneurs = conn.execute(
            "SELECT u.email, min(p.id) FROM users u JOIN projects p ON p.owner_id = u.id"
            " GROUP BY u.id ORDER BY u.id LIMIT %s",
            (count,),
        ).fetchall()
        judges = column(
            "SELECT u.email FROM users u JOIN competition_judges j ON j.user_id = u.id"
            " ORDER BY u.id LIMIT %s",
            count,
        )
        admin = column("SELECT email FROM users WHERE email LIKE 'admin%%' LIMIT 1")[0]
        competition = column("SELECT min(id) FROM competition_competitions")[0]
        badge = column("SELECT public_id FROM badge_classes ORDER BY id LIMIT 1")[0]
        awards = column(
            "SELECT public_id FROM badge_awards WHERE NOT hidden AND revoked_at IS NULL"
            " ORDER BY id LIMIT %s",
            count,
        )
    return {
        "student": [{"email": e, "quest": q} for e, q in students],
        "teacher": [{"email": e, "cohort": c} for e, c in teachers],
        "entrepreneur": [{"email": e, "project": p} for e, p in entrepreneurs][:count],
        "judge": [{"email": e, "competition": competition} for e in judges],
        "admin": [{"email": admin, "competition": competition, "badge": badge}] * count,
        None: [{"award": a} for a in awards],
    }


def start_server(media: Path) -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": URL,
        "SECRET_KEY": "bench-secret",
        "REDIS_URL": os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/13"),
        "MEDIA_ROOT": str(media / "media"),
        "OUTBOX_DIR": str(media / "outbox"),
    }
    server = subprocess.Popen(  # noqa: S603
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "--config",
            str(ROOT / "gunicorn.conf.py"),
            "--bind",
            f"127.0.0.1:{PORT}",
            "webapp:create_app()",
        ],
        cwd=ROOT,
        env=env,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            answer = asyncio.run(load.request(PORT, "GET", "/healthz"))
            if answer.status == 200:
                return server
        except OSError:
            pass
        time.sleep(0.5)
    server.terminate()
    raise RuntimeError("gunicorn did not answer /healthz within 60 s")


def rss_mb(server: subprocess.Popen) -> float:
    """Resident memory of gunicorn's master and workers, in MB."""
    pids = [str(server.pid)] + subprocess.run(  # noqa: S603
        ["/usr/bin/pgrep", "-P", str(server.pid)], capture_output=True, text=True
    ).stdout.split()
    total = 0
    for pid in pids:
        status = Path(f"/proc/{pid}/status")
        if status.exists():
            for line in status.read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
    return round(total / 1024, 1)


async def sign_in_everyone(people: dict) -> dict:
    sessions = {}
    for role, rows in people.items():
        if role is None:
            sessions[role] = [None] * len(rows)
            continue
        sessions[role] = [await load.sign_in(PORT, row["email"], seed.PASSWORD) for row in rows]
    return sessions


async def measure(pages, people, sessions) -> dict:
    run = {}
    for name, role, path in pages:
        pairs = [
            (
                sessions[role][i % len(sessions[role])],
                path.format(**people[role][i % len(people[role])]),
            )
            for i in range(USERS)
        ]
        figures = await load.drive(PORT, pairs, SECONDS)
        run[name] = figures.summary() | {"path": path, "role": role or "anonymous"}
        print(f"  {name:<16}{run[name]['p50_ms']:>8} ms p50 {run[name]['p95_ms']:>8} ms p95")
    return run


def report(runs: list[dict]) -> dict:
    """Per page, the repetition with the median p95, and its ratio to that run's /healthz."""
    table = {}
    for name in runs[0]:
        ordered = sorted(range(len(runs)), key=lambda r: runs[r][name]["p95_ms"])
        chosen = ordered[len(ordered) // 2]
        row = dict(runs[chosen][name])
        health = runs[chosen]["healthz"]["p50_ms"]
        row["vs_healthz_p50"] = round(row["p50_ms"] / health, 1) if health else None
        row["repetition"] = chosen + 1
        table[name] = row
    return table


def print_table(table: dict) -> None:
    print(
        f"\n{'page':<16}{'role':<14}{'req/s':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}"
        f"{'errors':>8}{'÷ healthz':>11}"
    )
    for name, row in table.items():
        print(
            f"{name:<16}{row['role']:<14}{row['req_per_s']:>8}{row['p50_ms']:>9}"
            f"{row['p95_ms']:>9}{row['p99_ms']:>9}{row['errors']:>8}{row['vs_healthz_p50']:>10}×"
        )


async def soak(pages, people, sessions, seconds: float) -> dict:
    """Every page in turn for `seconds`, 20 users each on a different page at a time."""
    pairs_per_page = []
    for _, role, path in pages:
        who, what = sessions[role], people[role]
        pairs_per_page.append(
            [(who[i % len(who)], path.format(**what[i % len(what)])) for i in range(USERS)]
        )
    deadline = time.monotonic() + seconds
    totals = {"requests": 0, "errors": 0}
    step = 0
    while time.monotonic() < deadline:
        mix = [pairs_per_page[(step + i) % len(pairs_per_page)][i] for i in range(USERS)]
        figures = await load.drive(PORT, mix, min(5.0, max(deadline - time.monotonic(), 0.1)))
        totals["requests"] += figures.requests
        totals["errors"] += figures.errors
        step += 1
    return totals


def main_soak(pages, people) -> None:
    with tempfile.TemporaryDirectory() as folder:
        server = start_server(Path(folder))
        try:
            sessions = asyncio.run(sign_in_everyone(people))
            # Warm up first: each worker imports templates and fills its caches once.
            asyncio.run(soak(pages, people, sessions, min(60.0, SOAK)))
            before = rss_mb(server)
            totals = asyncio.run(soak(pages, people, sessions, SOAK))
            after = rss_mb(server)
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
    growth = round(100 * (after - before) / before, 1)
    print(
        f"soak {SOAK:.0f} s: {totals['requests']} requests, {totals['errors']} errors;"
        f" gunicorn RSS {before} MB → {after} MB ({growth:+} %)"
    )
    OUT.write_text(
        json.dumps(
            {"soak_seconds": SOAK, **totals, "rss_mb": {"before": before, "after": after}},
            indent=2,
        )
    )


def main() -> None:
    if os.environ.get("BENCH_SEED", "1") == "1":
        seed.seed(URL)
    wanted = os.environ.get("BENCH_PAGES")
    pages = PAGES
    if wanted:
        names = {"healthz", *wanted.split(",")}
        pages = [p for p in PAGES if p[0] in names]
    people = targets(USERS)
    if SOAK:
        main_soak(pages, people)
        return
    with tempfile.TemporaryDirectory() as folder:
        server = start_server(Path(folder))
        try:
            sessions = asyncio.run(sign_in_everyone(people))
            rss_before = rss_mb(server)
            runs = []
            for repetition in range(REPETITIONS):
                print(f"repetition {repetition + 1} of {REPETITIONS}")
                runs.append(asyncio.run(measure(pages, people, sessions)))
            rss_after = rss_mb(server)
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
    table = report(runs)
    print_table(table)
    print(f"\ngunicorn RSS {rss_before} MB before, {rss_after} MB after")
    OUT.write_text(
        json.dumps(
            {
                "settings": {"seconds": SECONDS, "users": USERS, "repetitions": REPETITIONS},
                "median": table,
                "runs": runs,
                "rss_mb": {"before": rss_before, "after": rss_after},
                "median_p95_of_pages": statistics.median(r["p95_ms"] for r in table.values()),
            },
            indent=2,
        )
    )
    print(f"written to {OUT}")


if __name__ == "__main__":
    main()
