"""Redis down: the pages that are rate limited keep working, and Redis is used again when back."""

import time

import pytest
from redis import Redis

from tests.conftest import page_token


def _wrong_login(client, email="kuka@example.fi"):
    token = page_token(client)
    return client.post("/login", data={"csrf_token": token, "email": email, "password": "väärä"})


@pytest.mark.faults
def test_limits_fall_back_to_the_process_and_return_to_redis(make_app, redis_process, make_user):
    app = make_app(RATELIMIT_STORAGE_URI=redis_process.url)
    client = app.test_client()
    assert _wrong_login(client).status_code == 401
    assert Redis.from_url(redis_process.url).dbsize() > 0

    redis_process.stop()
    statuses, slowest = [], 0.0
    for _ in range(11):
        started = time.monotonic()
        statuses.append(_wrong_login(client, "aino@example.fi").status_code)
        slowest = max(slowest, time.monotonic() - started)
    # Ten failed logins a minute to one account from one address, counted in this process:
    # the 11th waits.
    assert statuses == [401] * 10 + [429]
    # No request waits on the dead Redis for long (generous: the machine may be busy).
    assert slowest < 5

    token = page_token(client, "/signup")
    signup = client.post("/signup", data={"csrf_token": token, "email": "x"})
    assert signup.status_code == 422
    token = page_token(client, "/password/forgot")
    forgot = client.post("/password/forgot", data={"csrf_token": token, "email": "a@b.fi"})
    assert forgot.status_code < 500

    redis_process.start()
    # Flask-Limiter looks at the storage again 1, 2, 4 ... 32 s after the last look;
    # once Redis answers, the counts go there again (the restarted server starts empty).
    back, deadline = Redis.from_url(redis_process.url), time.monotonic() + 40
    while back.dbsize() == 0 and time.monotonic() < deadline:
        assert _wrong_login(app.test_client(), "uusi@example.fi").status_code in (401, 429)
        time.sleep(0.5)
    assert back.dbsize() > 0
