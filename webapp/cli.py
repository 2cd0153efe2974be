"""Command-line tools: `flask --app webapp users create` and `flask --app webapp seed-demo`."""

import click
from flask import Flask
from flask.cli import AppGroup, with_appcontext

from quests.errors import DomainError
from quests.roles import Role
from webapp import demo
from webapp.extensions import db
from webapp.notifications import cli as notifications_cli

users = AppGroup("users", help="Manage people's accounts.")


@users.command("create")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--password", required=True, help="At least 10 characters.")
@click.option(
    "--role",
    "roles",
    multiple=True,
    required=True,
    type=click.Choice([role.value for role in Role]),
    help="Repeat for several roles.",
)
def create_user(email, name, password, roles):
    """Create an account with one or more roles."""
    from quests.accounts import create_user as create

    try:
        user = create(db.session, email=email, name=name, password=password, roles=map(Role, roles))
    except DomainError as error:
        db.session.rollback()
        raise click.ClickException(error.message) from error
    db.session.commit()
    click.echo(f"Created {user.email} with roles: {', '.join(sorted(user.roles))}")


@click.command("seed-demo")
@with_appcontext
def seed_demo():
    """Create the demo class and one account per role (safe to run again)."""
    for role, email, password in demo.seed(db.session):
        click.echo(f"{role} {email} {password}")
    db.session.commit()


badges_cli = AppGroup("badges", help="Open Badges.")


@badges_cli.command("backfill")
def backfill_badges():
    """Award rule badges for progress made before the rules existed (each once)."""
    from datetime import UTC, datetime

    from sqlalchemy import select

    from quests import badges
    from quests.models import User, UserRole

    students = db.session.scalars(
        select(User).join(UserRole).where(UserRole.role == Role.STUDENT).order_by(User.id)
    ).all()
    now = datetime.now(UTC)
    awarded = 0
    for student in students:
        awarded += len(badges.evaluate_rules(db.session, student, now))
    db.session.commit()
    click.echo(f"Checked {len(students)} students; awarded {awarded} badges.")


jobs_cli = AppGroup("jobs", help="Background work.")


@jobs_cli.command("sweep")
def sweep_jobs():
    """Queue again the videos and pushes the database says are owed (run it every 5 minutes)."""
    from datetime import UTC, datetime

    from flask import current_app

    from webapp import sweeper

    app = current_app._get_current_object()
    if not app.config.get("REDIS_URL"):
        # No queue outlives this command: the work is done here, now.
        app.config["JOBS_EAGER"] = True
    report = sweeper.sweep(app, datetime.now(UTC))
    click.echo(
        f"Videos queued again: {report.videos_queued or 'none'}; "
        f"given up: {report.videos_failed or 'none'}. "
        f"Pushes queued again: {report.pushes_queued or 'none'}; "
        f"dropped: {report.pushes_dropped or 'none'}."
    )


media_cli = AppGroup("media", help="The media folder.")


@media_cli.command("check")
@click.option("--delete", is_flag=True, help="Remove orphan files older than an hour.")
def check_media(delete):
    """Report files with no row and rows whose files vanished (run it daily from cron)."""
    from pathlib import Path

    from flask import current_app

    from webapp import media_cleanup

    findings = media_cleanup.check(Path(current_app.config["MEDIA_ROOT"]), delete=delete)
    for path in findings.orphans:
        click.echo(f"orphan file: {path}{' (deleted)' if path in findings.deleted else ''}")
    for name in findings.missing:
        click.echo(f"missing file: {name}")
    click.echo(
        f"{len(findings.orphans)} orphan file(s), {len(findings.deleted)} deleted; "
        f"{len(findings.missing)} missing file(s)."
    )
    if findings.missing:
        raise SystemExit(1)


def init_app(app: Flask) -> None:
    app.cli.add_command(jobs_cli)
    app.cli.add_command(media_cli)
    app.cli.add_command(users)
    app.cli.add_command(seed_demo)
    app.cli.add_command(badges_cli)
    notifications_cli.init_app(app)
