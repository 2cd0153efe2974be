import pytest

from quests.notification_models import Notification
from quests.notifications import Kind, notify
from tests import factories


def test_notify_puts_a_message_in_the_inbox(session):
    student = factories.user(session, "student")
    note = notify(
        session,
        user=student,
        kind=Kind.QUEST_REVIEWED,
        params={"quest": "Asiakaspalvelu"},
        url="/q/1",
    )
    assert session.get(Notification, note.id).params == {"quest": "Asiakaspalvelu"}
    assert note.read_at is None and note.kind == "quest_reviewed"


def test_unknown_kinds_are_refused(session):
    with pytest.raises(ValueError):
        notify(session, user=factories.user(session), kind="gossip")
