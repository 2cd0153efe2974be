"""Web Push end to end: a stand-in push service on 127.0.0.1 receives what a real one would.

The first test starts from a real event, a teacher approving a quest in the review
queue; the others make the notification the way other modules do, notify() inside a
transaction and then commit. Delivery happens after the commit (an eager job here).
"""

import json
import time

import http_ece
import jwt
from cryptography.hazmat.primitives.asymmetric import ec
from rq import SimpleWorker
from sqlalchemy import event, select

from quests.models import User
from quests.notification_models import PushSubscription
from quests.notifications import Kind, notify
from tests.conftest import _empty_tables, log_in
from tests.web.notifications.conftest import SUBJECT, Device, subscribe
from webapp import jobs, worker
from webapp.extensions import db
from webapp.notifications import preferences, vapid
from webapp.notifications.kinds import KINDS


def _signed_in_with_device(push_app, make_user, push_service, locale="fi", name="device-1"):
    person = make_user("student", locale=locale)
    client = push_app.test_client()
    log_in(client, person.email)
    device = Device(push_service.endpoint(name))
    response = subscribe(client, device.subscription_json())
    assert response.status_code == 201, response.get_data(as_text=True)
    return person, client, device


def _notify(push_app, person, kind=Kind.QUEST_REVIEWED, params=None):
    with push_app.app_context():
        notify(
            db.session,
            user=db.session.get(User, person.id),
            kind=kind,
            params=params if params is not None else {"quest": "Asiakaspalvelu kahvilassa"},
            url="/quests/7",
        )
        db.session.commit()


def _decrypt(device, body: bytes) -> dict:
    plain = http_ece.decrypt(
        body,
        private_key=device.private_key,
        auth_secret=device.auth_secret,
        version="aes128gcm",
    )
    return json.loads(plain)


def _vapid_claims(request, audience):
    scheme, _, params = request["headers"]["Authorization"].partition(" ")
    assert scheme == "vapid"
    fields = dict(part.strip().split("=", 1) for part in params.split(","))
    point = vapid.b64url_decode(fields["k"])
    public_key = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), point)
    # The signature (ES256) and exp are checked by decode(); aud against the stand-in's origin.
    return jwt.decode(fields["t"], public_key, algorithms=["ES256"], audience=audience)


def test_a_notification_arrives_encrypted_signed_and_in_finnish(push_app, make_user, push_service):
    person, _, device = _signed_in_with_device(push_app, make_user, push_service)
    before = time.time()
    _notify(push_app, person)

    assert len(push_service.received) == 1
    request = push_service.received[0]
    assert request["path"] == "/push/device-1"
    # RFC 8030: the whole message must fit in 4096 bytes.
    assert len(request["body"]) < 4096
    assert request["headers"]["Content-Encoding"] == "aes128gcm"
    spec = KINDS["quest_reviewed"]
    assert request["headers"]["TTL"] == str(spec.ttl)
    assert request["headers"]["Urgency"] == spec.urgency

    message = _decrypt(device, request["body"])
    assert message["title"] == "Työsi on arvioitu"
    assert "Asiakaspalvelu kahvilassa" in message["body"]
    assert message["url"] == "/quests/7"

    claims = _vapid_claims(request, audience=f"http://127.0.0.1:{push_service.port}")
    assert claims["sub"] == SUBJECT
    assert before < claims["exp"] <= time.time() + 24 * 60 * 60

    with push_app.app_context():
        subscription = db.session.scalar(select(PushSubscription))
        assert subscription.last_success_at is not None
        assert subscription.device == "Chrome · Android"


def test_a_quest_approved_by_the_teacher_is_pushed_to_the_students_phone(
    push_app, data, make_user, push_service
):
    """The real event: a teacher approves a quest in the review queue."""
    from tests import factories
    from tests.conftest import page_token

    student, _, device = _signed_in_with_device(push_app, make_user, push_service)
    with data() as session:
        teacher = factories.user(session, "teacher")
        learner = session.get(User, student.id)
        factories.cohort(session, teacher=teacher, students=[learner])
        quest = factories.goal(session, teacher, learner, title="Asenna työasema")
        submission_id = factories.submitted(session, quest, learner).id
        teacher_email, quest_id = teacher.email, quest.id
    reviewer = push_app.test_client()
    log_in(reviewer, teacher_email)
    token = page_token(reviewer, "/review")
    response = reviewer.post(f"/review/{submission_id}/approve", data={"csrf_token": token})
    assert response.status_code == 303

    assert len(push_service.received) == 1
    message = _decrypt(device, push_service.received[0]["body"])
    assert message["title"] == "Työsi on arvioitu"
    assert "Asenna työasema" in message["body"]
    assert message["url"] == f"/quests/{quest_id}"
    claims = _vapid_claims(push_service.received[0], f"http://127.0.0.1:{push_service.port}")
    assert claims["sub"] == SUBJECT


def test_an_approval_of_a_student_who_holds_the_rule_badges_is_still_pushed(
    push_app, data, make_user, push_service
):
    """Rule badges are re-evaluated on approval; one already held must not cost the push."""
    from tests import factories
    from tests.conftest import page_token

    student, _, device = _signed_in_with_device(push_app, make_user, push_service)
    with push_app.app_context():
        teacher = factories.user(db.session, "teacher")
        learner = db.session.get(User, student.id)
        factories.cohort(db.session, teacher=teacher, students=[learner])
        badge = factories.badge_class(
            db.session, teacher, name="Aloittaja", rules=[("quests_approved", {"count": 1})]
        )
        first = factories.goal(db.session, teacher, learner, title="Ensimmäinen")
        factories.submitted(db.session, first, learner)
        db.session.commit()
        teacher_email, badge_id = teacher.email, badge.id
    reviewer = push_app.test_client()
    log_in(reviewer, teacher_email)
    token = page_token(reviewer, "/review")
    with push_app.app_context():
        from quests.quest_models import Submission

        first_submission = db.session.scalar(select(Submission.id))
    assert reviewer.post(f"/review/{first_submission}/approve", data={"csrf_token": token})
    with push_app.app_context():
        from quests.badge_models import BadgeAward

        assert db.session.scalar(select(BadgeAward.badge_id)) == badge_id
    push_service.received.clear()

    with data() as session:
        learner = session.get(User, student.id)
        teacher = session.scalar(select(User).where(User.email == teacher_email))
        second = factories.goal(session, teacher, learner, title="Toinen")
        submission_id = factories.submitted(session, second, learner).id
    statements = []

    def record(conn, cursor, statement, *args):
        statements.append(statement)

    with push_app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        response = reviewer.post(f"/review/{submission_id}/approve", data={"csrf_token": token})
    finally:
        event.remove(engine, "before_cursor_execute", record)
    assert response.status_code == 303
    # The badge held already is not inserted again (no duplicate key in the database's log).
    assert not [s for s in statements if s.startswith("INSERT INTO badge_awards")]

    titles = [_decrypt(device, r["body"])["body"] for r in push_service.received]
    assert len(titles) == 1, titles
    assert "Toinen" in titles[0]


def test_a_swedish_reader_gets_swedish(push_app, make_user, push_service):
    person, _, device = _signed_in_with_device(push_app, make_user, push_service, locale="sv")
    _notify(push_app, person, kind=Kind.BADGE_AWARDED, params={"badge": "Asiakaspalvelija"})
    message = _decrypt(device, push_service.received[0]["body"])
    assert message["title"] == "Du fick ett märke!"
    assert "Asiakaspalvelija" in message["body"]
    assert push_service.received[0]["headers"]["Urgency"] == "low"


def test_a_long_text_is_cut_to_fit(push_app, make_user, push_service):
    person, _, device = _signed_in_with_device(push_app, make_user, push_service)
    _notify(push_app, person, params={"quest": "ä" * 5000})
    body = push_service.received[0]["body"]
    assert len(body) < 4096
    assert _decrypt(device, body)["body"].endswith("…")


def test_410_from_the_push_service_removes_the_subscription(push_app, make_user, push_service):
    person, _, _ = _signed_in_with_device(push_app, make_user, push_service)
    push_service.answer(410)
    _notify(push_app, person)
    assert len(push_service.received) == 1
    with push_app.app_context():
        assert db.session.scalar(select(PushSubscription)) is None


def test_429_is_retried_until_the_push_service_takes_it(push_app, make_user, push_service):
    person, _, device = _signed_in_with_device(push_app, make_user, push_service)
    push_service.answer(429, **{"Retry-After": "0"})
    _notify(push_app, person)
    assert len(push_service.received) == 2
    # The same message, encrypted afresh on each try: both decrypt to the same text.
    first, second = (_decrypt(device, r["body"]) for r in push_service.received)
    assert first == second
    with push_app.app_context():
        assert db.session.scalar(select(PushSubscription)).last_success_at is not None


def test_retries_are_bounded(push_app, make_user, push_service, caplog):
    person, _, _ = _signed_in_with_device(push_app, make_user, push_service)
    for _ in range(5):
        push_service.answer(503)
    _notify(push_app, person)
    # PUSH_RETRY_DELAYS has two delays: one try and two retries.
    assert len(push_service.received) == 3
    assert "gave up after 3 tries" in caplog.text
    with push_app.app_context():
        assert db.session.scalar(select(PushSubscription)) is not None


def test_an_unreachable_push_service_does_not_break_the_request(push_app, make_user):
    person = make_user("student")
    with push_app.app_context():
        db.session.add(
            PushSubscription(
                user_id=person.id,
                endpoint="http://127.0.0.1:9/push/nobody-listens",
                p256dh=Device("x").subscription_json()["keys"]["p256dh"],
                auth="AAAAAAAAAAAAAAAAAAAAAA",
            )
        )
        db.session.commit()
    _notify(push_app, person)
    with push_app.app_context():
        assert db.session.scalar(select(PushSubscription)) is not None


def test_a_kind_switched_off_is_not_pushed_but_kept_in_the_inbox(push_app, make_user, push_service):
    person, client, _ = _signed_in_with_device(push_app, make_user, push_service)
    with push_app.app_context():
        preferences.save(db.session, person.id, enabled={"badge_awarded"})
        db.session.commit()
    _notify(push_app, person)
    assert push_service.received == []
    assert "Asiakaspalvelu kahvilassa" in client.get("/notifications").get_data(as_text=True)
    # The kind left on still reaches the same device.
    _notify(push_app, person, kind=Kind.BADGE_AWARDED, params={"badge": "Tiimipelaaja"})
    assert [request["path"] for request in push_service.received] == ["/push/device-1"]


def test_a_rolled_back_notification_is_never_pushed(push_app, make_user, push_service):
    person, _, _ = _signed_in_with_device(push_app, make_user, push_service)
    with push_app.app_context():
        notify(db.session, user=db.session.get(User, person.id), kind=Kind.QUEST_REVIEWED)
        db.session.rollback()
        db.session.commit()
    assert push_service.received == []
    # The same notification, committed, is pushed once.
    _notify(push_app, person)
    assert [request["path"] for request in push_service.received] == ["/push/device-1"]


def test_each_of_the_persons_devices_gets_it(push_app, make_user, push_service):
    person, client, phone = _signed_in_with_device(push_app, make_user, push_service)
    laptop = Device(push_service.endpoint("device-2"))
    assert subscribe(client, laptop.subscription_json()).status_code == 201
    _notify(push_app, person)
    assert sorted(r["path"] for r in push_service.received) == ["/push/device-1", "/push/device-2"]


def test_webpush_library_drops_the_port_from_aud(push_service, vapid_private_pem):
    """Why vapid.authorization() makes the JWT itself: webpush 1.0.6 writes aud without the
    port. Right for real push services on 443, wrong for one on another port. If this
    starts failing, the library has changed: its own header may then be usable."""
    from webpush import WebPush, WebPushSubscription

    keys = vapid.keys_from_config({"VAPID_PRIVATE_KEY": vapid_private_pem})
    device = Device(push_service.endpoint())
    message = WebPush(
        private_key=keys.private_pem, public_key=keys.public_pem, subscriber="tuki@polku.example"
    ).get(b"{}", WebPushSubscription.model_validate(device.subscription_json()))
    token = message.headers["authorization"].split("t=")[1].split(",")[0]
    assert jwt.decode(token, options={"verify_signature": False})["aud"] == "http://127.0.0.1"
    ours = vapid.authorization(keys, device.endpoint).split("t=")[1].split(",")[0]
    aud = jwt.decode(ours, options={"verify_signature": False})["aud"]
    assert aud == f"http://127.0.0.1:{push_service.port}"


def test_audience_is_the_origin_of_the_endpoint():
    assert vapid.audience("https://fcm.googleapis.com/fcm/send/abc") == "https://fcm.googleapis.com"
    assert vapid.audience("https://push.example:443/x") == "https://push.example"
    assert vapid.audience("https://push.example:8443/x") == "https://push.example:8443"
    assert vapid.audience("http://[::1]:8080/x") == "http://[::1]:8080"


def test_with_redis_rq_retries_only_the_devices_not_reached(
    make_app, vapid_private_pem, make_user, push_service, monkeypatch, redis_url
):
    """The RQ path: a 429 makes the job fail with RetryLater; RQ's Retry runs it again,
    and the device that took the message the first time does not get it twice."""
    app = make_app(
        REDIS_URL=redis_url,
        VAPID_PRIVATE_KEY=vapid_private_pem,
        VAPID_SUBJECT=SUBJECT,
        PUSH_ALLOW_LOOPBACK=True,
        PUSH_RETRY_DELAYS=(0, 0),
    )
    try:
        person = make_user("student")
        client = app.test_client()
        log_in(client, person.email)
        phone, laptop = (
            Device(push_service.endpoint("phone")),
            Device(push_service.endpoint("laptop")),
        )
        assert subscribe(client, phone.subscription_json()).status_code == 201
        assert subscribe(client, laptop.subscription_json()).status_code == 201
        push_service.answer(201)  # the phone, first in order
        push_service.answer(429)  # the laptop, the first time
        _notify(app, person)
        queue = jobs.redis_queue(app, jobs.PUSH)
        assert queue.count == 1 and push_service.received == []
        monkeypatch.setattr(worker, "_app", app)
        SimpleWorker([queue], connection=queue.connection).work(burst=True)
        paths = [request["path"] for request in push_service.received]
        assert paths == ["/push/phone", "/push/laptop", "/push/laptop"]
    finally:
        _empty_tables(app)


def test_savepoints_push_only_what_the_real_commit_keeps(push_app, make_user, push_service):
    person, _, device = _signed_in_with_device(push_app, make_user, push_service)
    with push_app.app_context():
        user = db.session.get(User, person.id)
        # Released savepoint, then the whole transaction rolled back: nothing is pushed.
        with db.session.begin_nested():
            notify(db.session, user=user, kind=Kind.BADGE_AWARDED, params={"badge": "Ei"})
        assert push_service.received == []
        db.session.rollback()
        # Made outside a savepoint that rolls back: pushed; made inside it: not.
        user = db.session.get(User, person.id)
        notify(db.session, user=user, kind=Kind.BADGE_AWARDED, params={"badge": "Kyllä"})
        savepoint = db.session.begin_nested()
        notify(db.session, user=user, kind=Kind.BADGE_AWARDED, params={"badge": "Ei"})
        savepoint.rollback()
        db.session.commit()
    assert [_decrypt(device, r["body"])["body"] for r in push_service.received] == [
        "Sait osaamismerkin ”Kyllä”."
    ]


def test_a_duplicate_key_in_a_savepoint_does_not_drop_the_pushes(push_app, make_user, push_service):
    """A flush that fails inside a savepoint closes an inner transaction, not the outer one."""
    from quests import xp

    person, _, device = _signed_in_with_device(push_app, make_user, push_service)
    with push_app.app_context():
        user = db.session.get(User, person.id)
        assert xp.grant(db.session, user=user, amount=5, source="once", reason="test")
        notify(db.session, user=user, kind=Kind.BADGE_AWARDED, params={"badge": "Kyllä"})
        assert not xp.grant(db.session, user=user, amount=5, source="once", reason="test")
        db.session.commit()
    assert [_decrypt(device, r["body"])["body"] for r in push_service.received] == [
        "Sait osaamismerkin ”Kyllä”."
    ]


def test_an_unusable_subscription_is_dropped_and_the_others_still_get_it(
    push_app, make_user, push_service
):
    person, _, device = _signed_in_with_device(push_app, make_user, push_service)
    with push_app.app_context():
        db.session.add(
            PushSubscription(
                user_id=person.id,
                endpoint=push_service.endpoint("broken"),
                p256dh="BA" + "A" * 85,
                auth="AAAAAAAAAAAAAAAAAAAAAA",
            )
        )
        db.session.commit()
    _notify(push_app, person)
    assert [r["path"] for r in push_service.received] == ["/push/device-1"]
    with push_app.app_context():
        endpoints = db.session.scalars(select(PushSubscription.endpoint)).all()
    assert endpoints == [device.endpoint]


def test_a_push_that_could_not_be_queued_waits_in_the_database(
    make_app, vapid_private_pem, make_user, push_service, monkeypatch, caplog, redis_url
):
    """Redis down when the notification is made: the row says pending; the sweeper sends it."""
    from datetime import UTC, datetime, timedelta

    from quests.notification_models import Notification
    from webapp import sweeper

    settings = {
        "VAPID_PRIVATE_KEY": vapid_private_pem,
        "VAPID_SUBJECT": SUBJECT,
        "PUSH_ALLOW_LOOPBACK": True,
        "PUSH_RETRY_DELAYS": (0, 0),
    }
    down = make_app(REDIS_URL="redis://127.0.0.1:9/0", **settings)
    person, _, device = _signed_in_with_device(down, make_user, push_service)
    _notify(down, person)
    assert push_service.received == []
    assert "could not queue push" in caplog.text
    with down.app_context():
        assert db.session.scalar(select(Notification.push_state)) == "pending"

    back = make_app(REDIS_URL=redis_url, **settings)
    with back.app_context():
        report = sweeper.sweep(back, datetime.now(UTC) + timedelta(minutes=3))
    assert len(report.pushes_queued) == 1
    queue = jobs.redis_queue(back, jobs.PUSH)
    monkeypatch.setattr(worker, "_app", back)
    SimpleWorker([queue], connection=queue.connection).work(burst=True)
    assert len(push_service.received) == 1
    assert "Asiakaspalvelu kahvilassa" in _decrypt(device, push_service.received[0]["body"])["body"]
    with back.app_context():
        assert db.session.scalar(select(Notification.push_state)) == "sent"
        # Settled: the sweeper never sends it again.
        later = sweeper.sweep(back, datetime.now(UTC) + timedelta(minutes=10))
        assert later.pushes_queued == []
