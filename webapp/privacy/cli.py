"""`flask --app webapp privacy retention [--dry-run]`: run daily from cron."""

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from quests import account_deletion
from quests.clock import utcnow
from webapp.extensions import db
from webapp.privacy import deletion, export

privacy = AppGroup("privacy", help="Data protection: retention.")


@privacy.command("retention")
@click.option("--dry-run", is_flag=True, help="List who would be deleted; change nothing.")
def retention(dry_run: bool):
    """Delete students who left the hub more than RETENTION_DAYS ago, and expired exports."""
    now = utcnow()
    days = current_app.config["RETENTION_DAYS"]
    due = account_deletion.due_for_retention(db.session, now=now, days=days)
    verb = "Would delete" if dry_run else "Deleting"
    click.echo(f"{verb} {len(due)} account(s) deactivated more than {days} days ago.")
    for user in due:
        click.echo(f"  {user.id} {user.email} left {user.deactivated_at:%Y-%m-%d}")
    if dry_run:
        return
    for user in due:
        deletion.erase(user)
    removed = export.delete_expired(now)
    db.session.commit()
    click.echo(f"Deleted {len(due)} account(s) and {removed} expired data export(s).")


def init_app(app: Flask) -> None:
    app.cli.add_command(privacy)
