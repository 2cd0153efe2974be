"""What /healthz checks: each part Polku needs, named, so a load balancer and a person can tell.

The database always; Redis and a live background worker when REDIS_URL is set (without
Redis, jobs run in the web process and there is no worker to look for).
"""

from datetime import UTC, timedelta

from flask import current_app
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from quests.clock import utcnow
from webapp.extensions import db

# RQ workers write a heartbeat at least every worker_ttl / 2 ... here, every 60 s or so.
WORKER_SILENCE = timedelta(minutes=3)
REDIS_TIMEOUT = 0.5


def _database() -> str:
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        current_app.logger.exception("health check: database did not answer")
        db.session.rollback()
        return "unavailable"
    return "ok"


def _redis_and_worker(url: str) -> dict[str, str]:
    from redis import Redis
    from redis.exceptions import RedisError
    from rq import Worker

    connection = Redis.from_url(
        url, socket_connect_timeout=REDIS_TIMEOUT, socket_timeout=REDIS_TIMEOUT
    )
    try:
        connection.ping()
        workers = Worker.all(connection=connection)
    except RedisError:
        current_app.logger.exception("health check: Redis did not answer")
        return {"redis": "unavailable", "worker": "unknown"}
    finally:
        connection.close()
    now = utcnow()
    alive = [
        worker
        for worker in workers
        if worker.last_heartbeat
        and now - worker.last_heartbeat.replace(tzinfo=UTC) < WORKER_SILENCE
    ]
    return {"redis": "ok", "worker": "ok" if alive else "no heartbeat"}


def report() -> tuple[dict[str, str], bool]:
    """{part: state} and whether every part is ok."""
    parts = {"database": _database()}
    if current_app.config.get("REDIS_URL"):
        parts.update(_redis_and_worker(current_app.config["REDIS_URL"]))
    healthy = all(state == "ok" for state in parts.values())
    return {"status": "ok" if healthy else "error", **parts}, healthy
