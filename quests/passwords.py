"""Password hashing with Argon2id (the OWASP recommendation).

The cost is a named parameter set, chosen by configuration (PASSWORD_HASH_PROFILE, applied by
create_app or by calling configure()); it applies to the whole process.
"""

from argon2 import Parameters, PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError

from quests.errors import WeakPassword

MIN_LENGTH = 10
MAX_LENGTH = 128

PROFILES: dict[str, Parameters] = {
    # argon2-cffi's own default: RFC 9106's second recommendation (64 MiB, 3 passes).
    "RFC_9106_LOW_MEMORY": profiles.RFC_9106_LOW_MEMORY,
    "RFC_9106_HIGH_MEMORY": profiles.RFC_9106_HIGH_MEMORY,
    # The same algorithm at its lowest cost: for tests, which sign in over a thousand times.
    "CHEAPEST": profiles.CHEAPEST,
}
DEFAULT_PROFILE = "RFC_9106_LOW_MEMORY"
TESTS_ONLY = "CHEAPEST"


class _Hashing:
    def __init__(self, profile: str):
        self.profile = profile
        self.hasher = PasswordHasher.from_parameters(PROFILES[profile])
        # Verified when an email is unknown, so that answer takes as long as a wrong password.
        self.dummy_hash = self.hasher.hash("polku-no-such-account")


_hashing: _Hashing | None = None


def configure(profile: str = DEFAULT_PROFILE) -> None:
    """Hash and verify with the named parameter set from now on (a key of PROFILES)."""
    global _hashing
    if profile not in PROFILES:
        raise ValueError(f"unknown password hash profile {profile!r}; one of {sorted(PROFILES)}")
    if _hashing is None or _hashing.profile != profile:
        _hashing = _Hashing(profile)


def current_profile() -> str:
    return _current().profile


def _current() -> _Hashing:
    if _hashing is None:
        configure()
    assert _hashing is not None
    return _hashing


def check_strength(password: str) -> None:
    if not MIN_LENGTH <= len(password) <= MAX_LENGTH:
        raise WeakPassword(field="password")


def hash_password(password: str) -> str:
    return _current().hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    hashing = _current()
    try:
        return (
            hashing.hasher.verify(password_hash or hashing.dummy_hash, password)
            and password_hash is not None
        )
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _current().hasher.check_needs_rehash(password_hash)
