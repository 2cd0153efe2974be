"""Command-line tools: `flask --app webapp users create` and `flask --app webapp seed-demo`."""

import click
from flask import Flask
from flask.cli import AppGroup, with_appcontext

from quests.clock import utcnow
from quests.errors import DomainError
from quests.roles import Role
from webapp import demo
from webapp.extensions import db
from webapp.notifications import cli as notifications_cli
from webapp.privacy import cli as privacy_cli

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
        # Whoever runs the command on the server vouches for the address.
        user.email_verified_at = utcnow()
    except DomainError as error:
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

    from sqlalchemy import select

    from quests import badges
    from quests.models import User, UserRole

    students = db.session.scalars(
        select(User).join(UserRole).where(UserRole.role == Role.STUDENT).order_by(User.id)
    ).all()
    now = utcnow()
    awarded = 0
    for student in students:
        awarded += len(badges.evaluate_rules(db.session, student, now))
    db.session.commit()
    click.echo(f"Checked {len(students)} students; awarded {awarded} badges.")


@badges_cli.command("init-key")
def init_badge_key():
    """Create the key that signs Open Badges 3.0 credentials (else made on first use)."""
    from flask import current_app

    from webapp.badges import signing

    app = current_app._get_current_object()
    if app.config.get("BADGE_SIGNING_KEY"):
        click.echo("BADGE_SIGNING_KEY is set in the environment; nothing to create.")
    else:
        from quests import signing_keys

        path = signing.key_path(app)
        created = signing.write_key(path, signing_keys.generate_pem())
        click.echo(f"{'Created' if created else 'Kept the existing'} {path}")
    _publish_current_key(app)


@badges_cli.command("rotate-key")
def rotate_badge_key():
    """Sign from now on with a new key; every earlier public key stays published."""
    from flask import current_app

    from quests import signing_keys
    from webapp.badges import signing

    app = current_app._get_current_object()
    if app.config.get("BADGE_SIGNING_KEY"):
        raise click.ClickException(
            "BADGE_SIGNING_KEY is set in the environment: put the new key there instead "
            "(make one with: openssl genpkey -algorithm ed25519). Polku publishes it on first use."
        )
    # The old public key is in the database already; make sure before its private key goes.
    _publish_current_key(app)
    signing.write_key(signing.key_path(app), signing_keys.generate_pem(), replace=True)
    signing.forget_key(app)
    _publish_current_key(app)


def _publish_current_key(app) -> None:

    from quests import signing_keys
    from webapp.badges import signing

    key = signing.current_key(app)
    signing_keys.register(db.session, key, utcnow())
    db.session.commit()
    click.echo(f"Signing with {signing.issuer_did(app)}#{key.fragment}")


@badges_cli.command("issue-credentials")
def issue_credentials():
    """Give every award that has no Open Badges 3.0 credential one (safe to run again)."""
    from flask import current_app
    from sqlalchemy import select

    from quests.badge_models import BadgeAward
    from webapp.badges import signing

    app = current_app._get_current_object()
    awards = db.session.scalars(
        select(BadgeAward).where(BadgeAward.credential_jwt.is_(None)).order_by(BadgeAward.id)
    ).all()
    for award in awards:
        signing.issue(db.session, award, app)
    db.session.commit()
    click.echo(f"Issued {len(awards)} credential(s).")


jobs_cli = AppGroup("jobs", help="Background work.")


@jobs_cli.command("sweep")
def sweep_jobs():
    """Queue again the videos and pushes the database says are owed (run it every 5 minutes)."""

    from flask import current_app

    from webapp import sweeper

    app = current_app._get_current_object()
    if not app.config.get("REDIS_URL"):
        # No queue outlives this command: the work is done here, now.
        app.config["JOBS_EAGER"] = True
    report = sweeper.sweep(app, utcnow())
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
    privacy_cli.init_app(app)
