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


def init_app(app: Flask) -> None:
    app.cli.add_command(users)
    app.cli.add_command(seed_demo)
    app.cli.add_command(badges_cli)
    notifications_cli.init_app(app)
    privacy_cli.init_app(app)
