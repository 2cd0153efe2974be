"""Outgoing email: SMTP when MAIL_SERVER is set, otherwise the log and an outbox folder.

The outbox lets a newcomer on the embedded default follow a reset or invite
link without any mail server.
"""

import smtplib
from email.message import EmailMessage
from pathlib import Path
from secrets import token_hex

from flask import current_app, render_template
from flask_babel import force_locale

from quests.clock import utcnow


def send_template(to: str, template: str, locale: str | None, **context) -> None:
    """Send templates/email/<template>.txt in the recipient's language: its first line is
    the subject, the rest the body."""
    with force_locale(locale or "fi"):
        subject, _, body = render_template(f"email/{template}.txt", **context).partition("\n")
    send_mail(to, subject.strip(), body.lstrip("\n"))


def send_mail(to: str, subject: str, body: str) -> None:
    config = current_app.config
    message = EmailMessage()
    message["From"] = config["MAIL_FROM"]
    message["To"] = to
    message["Subject"] = subject
    message.set_content(body)

    if config["MAIL_SERVER"]:
        with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=10) as smtp:
            if config["MAIL_USE_TLS"]:
                smtp.starttls()
            if config["MAIL_USERNAME"]:
                smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
            smtp.send_message(message)
        return

    outbox = Path(config["OUTBOX_DIR"])
    outbox.mkdir(parents=True, exist_ok=True)
    stamp = utcnow().strftime("%Y%m%dT%H%M%S")
    path = outbox / f"{stamp}-{token_hex(4)}.eml"
    path.write_bytes(bytes(message))
    current_app.logger.info("Email to %s (%s) written to %s\n%s", to, subject, path, body)
