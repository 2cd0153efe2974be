"""Command-line tools: `flask --app webapp users create` and `flask --app webapp seed-demo`."""

import click
from flask import Flask
from flask.cli import AppGroup, with_appcontext

from quests.errors import DomainError
from quests.roles import Role
from webapp import demo
from webapp.extensions import db

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


def init_app(app: Flask) -> None:
    app.cli.add_command(users)
    app.cli.add_command(seed_demo)
