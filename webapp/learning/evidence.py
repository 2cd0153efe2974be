"""Turn a submission request into evidence items, storing its files.

If anything is refused, the request ends uncommitted and storage deletes the files
it stored, so a failed upload leaves no file behind.
"""

from urllib.parse import urlsplit

from flask import Request

from quests.errors import N_, InvalidInput
from quests.lifecycle import EvidenceItem
from quests.quest_models import EvidenceKind, Quest
from webapp import storage

FILE_KINDS = {EvidenceKind.PHOTO, EvidenceKind.VIDEO, EvidenceKind.FILE}
MAX_TEXT = 5000


def field_name(step_id: int) -> str:
    return f"step-{step_id}"


def _link(value: str, field: str) -> str:
    value = value.strip()
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc or len(value) > 2000:
        raise InvalidInput(N_("Give a web address that starts with https://"), field=field)
    return value


def read(request: Request, quest: Quest) -> list[EvidenceItem]:
    """The evidence items of the request; their files are stored as they are read."""
    items = []
    for step in quest.steps:
        name = field_name(step.id)
        kind = EvidenceKind(step.evidence)
        if kind in FILE_KINDS:
            upload = request.files.get(name)
            if upload is None or not upload.filename:
                continue
            saved = storage.save(upload, kind)
            items.append(
                EvidenceItem(
                    step_id=step.id,
                    kind=kind,
                    stored_name=saved.stored_name,
                    original_name=saved.original_name,
                    content_type=saved.content_type,
                    size_bytes=saved.size_bytes,
                )
            )
        else:
            value = request.form.get(name, "")
            if not value.strip():
                continue
            if len(value) > MAX_TEXT:
                raise InvalidInput(N_("Keep the text under 5000 characters."), field=name)
            if kind == EvidenceKind.LINK:
                items.append(EvidenceItem(step_id=step.id, kind=kind, url=_link(value, name)))
            else:
                items.append(EvidenceItem(step_id=step.id, kind=kind, text=value.strip()))
    return items
