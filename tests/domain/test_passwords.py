"""Argon2's cost comes from configuration: a named parameter set, applied to the process."""

import pytest
from argon2 import extract_parameters, profiles

from quests import passwords


@pytest.fixture
def profile():
    """Put the tests' own profile back after a test that changes it."""
    before = passwords.current_profile()
    yield passwords.configure
    passwords.configure(before)


def test_the_configured_profile_sets_the_cost_of_new_hashes(profile):
    profile("RFC_9106_LOW_MEMORY")
    assert extract_parameters(passwords.hash_password("salasana-123")) == (
        profiles.RFC_9106_LOW_MEMORY
    )
    profile("CHEAPEST")
    cheap = passwords.hash_password("salasana-123")
    assert extract_parameters(cheap) == profiles.CHEAPEST
    assert passwords.verify_password(cheap, "salasana-123")
    assert not passwords.verify_password(cheap, "väärä-salasana")
    assert not passwords.verify_password(None, "salasana-123")


def test_a_hash_of_another_profile_is_still_verified_and_asks_for_a_rehash(profile):
    profile("CHEAPEST")
    old = passwords.hash_password("salasana-123")
    profile("RFC_9106_LOW_MEMORY")
    assert passwords.verify_password(old, "salasana-123")
    assert passwords.needs_rehash(old)


def test_an_unknown_profile_is_refused(profile):
    with pytest.raises(ValueError, match="unknown password hash profile"):
        profile("FAST")
