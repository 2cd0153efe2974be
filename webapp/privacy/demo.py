"""seed-demo's retention case: a student who left the hub over a year ago, so
`flask --app webapp privacy retention --dry-run` has someone to list."""

from datetime import timedelta

from sqlalchemy.orm import Session

from quests import accounts
from quests.clock import utcnow
from quests.roles import Role

LEFT = ("ville.entinen@demo.polku.fi", "Ville Entinen")


def seed_left_student(session: Session, password: str) -> None:
    email, name = LEFT
    if accounts.get_user_by_email(session, email) is not None:
        return
    user = accounts.create_user(
        session, email=email, name=name, password=password, roles=[Role.STUDENT], locale="fi"
    )
    user.active = False
    user.deactivated_at = utcnow() - timedelta(days=400)
    session.flush()
