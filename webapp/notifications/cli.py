"""`flask --app webapp push init-keys` and `flask --app webapp notify due`."""

import os
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from quests import reminders
from quests.clock import utcnow
from webapp.extensions import db
from webapp.notifications import vapid

push = AppGroup("push", help="Web Push: the server's VAPID keys.")
notify = AppGroup("notify", help="Scheduled notifications.")


@push.command("init-keys")
def init_keys():
    """Create the VAPID key pair in the instance folder, once."""
    if os.environ.get("VAPID_PRIVATE_KEY"):
        click.echo("VAPID_PRIVATE_KEY is set in the environment; nothing to create.")
    else:
        path, created = vapid.init_keys(Path(current_app.instance_path))
        click.echo(f"{'Created' if created else 'Kept the existing'} {path}")
        current_app.config["VAPID_PRIVATE_KEY"] = path.read_text()
        current_app.extensions.pop("polku_vapid", None)
    try:
        keys = vapid.current_keys(current_app)
    except vapid.VapidKeyError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Public key (applicationServerKey): {keys.application_server_key}")


@notify.command("due")
def due():
    """Send the deadline reminders that are due (run it from cron, e.g. hourly)."""
    sent = reminders.send_due(db.session, utcnow())
    click.echo(f"Sent {sent} reminder(s).")


def init_app(app: Flask) -> None:
    app.cli.add_command(push)
    app.cli.add_command(notify)
