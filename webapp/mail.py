"""Outgoing email: SMTP by a job when MAIL_SERVER is set, otherwise the log and an outbox folder.

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
from webapp import jobs


def send_template(to: str, template: str, locale: str | None, **context) -> None:
    """Send templates/email/<template>.txt in the recipient's language: its first line is
    the subject, the rest the body."""
    with force_locale(locale or "fi"):
        subject, _, body = render_template(f"email/{template}.txt", **context).partition("\n")
    send_mail(to, subject.strip(), body.lstrip("\n"))


# Waits before the 2nd, 3rd and 4th try of a message the SMTP server did not take.
RETRY_DELAYS = (30, 120, 600)
SMTP_TIMEOUT = 10


def _message(to: str, subject: str, body: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = current_app.config["MAIL_FROM"]
    message["To"] = to
    message["Subject"] = subject
    message.set_content(body)
    return message


def send_mail(to: str, subject: str, body: str) -> None:
    """Send a message; views call it after their commit.

    With an SMTP server it is a job on the mail queue, tried again with backoff: a server
    that hangs costs the request nothing. The outbox folder (no server) is written at once.
    """
    config = current_app.config
    if not config["MAIL_SERVER"]:
        _write_to_outbox(_message(to, subject, body), body)
        return
    from redis.exceptions import RedisError

    options = jobs.Options(queue=jobs.MAIL, retry_delays=RETRY_DELAYS, timeout=5 * 60)
    try:
        jobs.enqueue(deliver, to, subject, body, options=options)
    except RedisError:
        current_app.logger.exception("mail queue down; sending to %s from this process", to)
        jobs.enqueue_in_process(deliver, to, subject, body, options=options)


def deliver(to: str, subject: str, body: str) -> None:
    """The job: hand one message to the SMTP server (raises, and so is retried, if it fails)."""
    config = current_app.config
    message = _message(to, subject, body)
    with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=SMTP_TIMEOUT) as smtp:
        if config["MAIL_USE_TLS"]:
            smtp.starttls()
        if config["MAIL_USERNAME"]:
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
        smtp.send_message(message)


def _write_to_outbox(message: EmailMessage, body: str) -> None:
    outbox = Path(current_app.config["OUTBOX_DIR"])
    outbox.mkdir(parents=True, exist_ok=True)
    # Microseconds, so the folder lists messages in the order they were written.
    stamp = utcnow().strftime("%Y%m%dT%H%M%S.%f")
    path = outbox / f"{stamp}-{token_hex(4)}.eml"
    path.write_bytes(bytes(message))
    current_app.logger.info(
        "Email to %s (%s) written to %s\n%s", message["To"], message["Subject"], path, body
    )
