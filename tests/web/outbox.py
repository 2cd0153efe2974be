"""Reading the emails the embedded default writes to its outbox folder."""

import re
from email import message_from_bytes
from email.policy import default
from pathlib import Path

LINK = re.compile(r"https?://\S+")


def messages(app) -> list:
    folder = Path(app.config["OUTBOX_DIR"])
    if not folder.exists():
        return []
    return [
        message_from_bytes(p.read_bytes(), policy=default) for p in sorted(folder.glob("*.eml"))
    ]


def last_link(app, to: str) -> str:
    sent = [m for m in messages(app) if m["To"] == to]
    assert sent, f"no email to {to}"
    return LINK.search(sent[-1].get_content()).group(0)
