"""Bitstring Status List bits: random indices, the encoding an independent reader decodes,
and what happens when a small list fills up."""

from datetime import UTC, datetime

import pytest
from openbadgeslib.ob3.status import decode_encoded_list, set_indices

from quests import badges, status_list
from quests.badge_models import StatusEntry
from tests import factories


def test_encoding_matches_an_independent_reader():
    indices = [0, 7, 8, 1000, status_list.LIST_SIZE - 1]
    encoded = status_list.encode(indices)
    assert encoded.startswith("u")
    assert set_indices(decode_encoded_list(encoded)) == frozenset(indices)
    assert status_list.encode(indices) == encoded  # the same list, byte for byte


def _award_one(session, teacher, student):
    badge = factories.badge_class(session, teacher, allow_repeats=True)
    outcome = badges.award_by_hand(
        session,
        actor=teacher,
        badge=badge,
        students=[student],
        quest_ids=[],
        narrative="",
        now=datetime.now(UTC),
    )
    assert outcome.awarded


def test_each_award_gets_one_random_index(app, session):
    with app.test_request_context():
        teacher, student = factories.user(session, "teacher"), factories.user(session, "student")
        factories.cohort(session, teacher=teacher, students=[student])
        for _ in range(5):
            _award_one(session, teacher, student)
        rows = session.query(StatusEntry).all()
    assert len(rows) == 5 and all(row.award_id for row in rows)
    indices = sorted(row.status_index for row in rows)
    assert indices != list(range(indices[0], indices[0] + 5))  # not handed out in sequence


def test_a_full_list_says_so(app, session, monkeypatch):
    monkeypatch.setattr(status_list, "LIST_SIZE", 2)
    monkeypatch.setattr(status_list, "ATTEMPTS", 20)
    with app.test_request_context():
        teacher, student = factories.user(session, "teacher"), factories.user(session, "student")
        factories.cohort(session, teacher=teacher, students=[student])
        _award_one(session, teacher, student)
        _award_one(session, teacher, student)
        with pytest.raises(status_list.StatusListFull):
            _award_one(session, teacher, student)
