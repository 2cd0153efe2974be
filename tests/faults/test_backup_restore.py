"""Backup and restore as the README says: pg_dump + a copy of the media folder, restored
into an empty database and folder, give the same data (SQLite: its online backup)."""

import os
import shutil
import sqlite3
import subprocess
from urllib.parse import urlsplit

from sqlalchemy import create_engine, func, select, text

from quests.badge_models import BadgeClass
from quests.models import Base
from tests.conftest import _empty_tables
from webapp import demo
from webapp.extensions import db


def _counts(url: str) -> dict[str, int]:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return {
                table.name: connection.scalar(select(func.count()).select_from(table))
                for table in Base.metadata.sorted_tables
            }
    finally:
        engine.dispose()


def _pg(url: str) -> tuple[dict, str]:
    parts = urlsplit(url.replace("postgresql+psycopg://", "postgresql://"))
    env = {**os.environ, "PGHOST": parts.hostname, "PGPORT": str(parts.port or 5432)}
    env["PGUSER"] = parts.username or "postgres"
    if parts.password:
        env["PGPASSWORD"] = parts.password
    return env, parts.path.lstrip("/")


def _run(program: str, *args: str, env: dict, check: bool = True) -> None:
    path = shutil.which(program) or f"/usr/bin/{program}"
    subprocess.run([path, *args], env=env, check=check)  # noqa: S603 - PostgreSQL's own tools


def _backup_and_restore(url: str, tmp_path) -> str:
    if url.startswith("sqlite"):
        source = url.removeprefix("sqlite:///")
        target = tmp_path / "restored.sqlite3"
        with sqlite3.connect(source) as live, sqlite3.connect(target) as copy:
            live.backup(copy)
        return f"sqlite:///{target}"
    env, name = _pg(url)
    dump = tmp_path / "polku.dump"
    restored = f"{name}_restore_{os.getpid()}"
    _run("pg_dump", "-Fc", "-f", str(dump), name, env=env)
    _run("dropdb", "--if-exists", restored, env=env)
    _run("createdb", restored, env=env)
    _run("pg_restore", "--no-owner", "--exit-on-error", "-d", restored, str(dump), env=env)
    return url.rsplit("/", 1)[0] + "/" + restored


def test_a_backup_restored_into_an_empty_database_has_the_same_data(make_app, migrated, tmp_path):
    live = make_app(MEDIA_ROOT=str(tmp_path / "media"))
    restored_url, restored = None, None
    try:
        with live.app_context():
            list(demo.seed(db.session))
            db.session.commit()
            image = db.session.scalars(select(BadgeClass.public_id)).first()
        before = _counts(migrated)
        assert before["users"] > 5 and before["badge_awards"] > 0

        restored_url = _backup_and_restore(migrated, tmp_path)
        shutil.copytree(tmp_path / "media", tmp_path / "restored-media")

        assert _counts(restored_url) == before
        restored = make_app(
            SQLALCHEMY_DATABASE_URI=restored_url, MEDIA_ROOT=str(tmp_path / "restored-media")
        )
        client = restored.test_client()
        assert client.get(f"/ob/badges/{image}/image").status_code == 200
        with restored.app_context():
            assert db.session.execute(text("SELECT 1")).scalar() == 1
        result = restored.test_cli_runner().invoke(args=["media", "check"])
        assert result.exit_code == 0, result.output
        assert "0 missing file(s)" in result.output
    finally:
        _empty_tables(live)
        if restored is not None:
            with restored.app_context():
                db.engine.dispose()
        if restored_url and not restored_url.startswith("sqlite"):
            env, name = _pg(restored_url)
            _run("dropdb", "--if-exists", name, env=env, check=False)
