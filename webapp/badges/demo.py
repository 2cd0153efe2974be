"""Demo badges: Aino's wall with a badge by hand, a rule badge, a revoked one, and what is next.

Run once: nothing is added if the demo badges exist.
"""

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from quests import badges
from quests.badge_models import BadgeClass
from quests.clock import utcnow
from quests.models import User
from quests.quest_models import Quest
from webapp import storage
from webapp.badges import images as badge_images

EPERUSTEET = "https://eperusteet.opintopolku.fi/"
PEER_REVIEW_SVG = b"""<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 200"
 width="200" height="200">
<circle cx="100" cy="100" r="92" fill="#8a5a00" stroke="#f6c453" stroke-width="10"/>
<path d="M60 105l25 25 55-60" fill="none" stroke="#fff" stroke-width="16" stroke-linecap="round"
 stroke-linejoin="round"/></svg>
"""


def seed_badges(session: Session, people: dict[str, User]) -> None:
    if session.scalar(select(BadgeClass.id).where(BadgeClass.name == "Työaseman käyttöönotto")):
        return
    mikko = people["mikko.korhonen@demo.polku.fi"]
    aino = people["aino.virtanen@demo.polku.fi"]
    now = utcnow()

    def badge_class(name, description, criteria, colour, **options):
        image = options.pop("image", None) or badge_images.generate(name, colour)
        return badges.create_class(
            session,
            actor=mikko,
            name=name,
            description=description,
            criteria=criteria,
            image_name=image[0],
            image_type=image[1],
            tags=options.pop("tags", []),
            valid_days=options.pop("valid_days", None),
            allow_repeats=False,
            open_for_applications=options.pop("open_for_applications", True),
            alignment=options.pop("alignment", None),
            rules=options.pop("rules", []),
        )

    workstation = badge_class(
        "Työaseman käyttöönotto",
        "Ottaa käyttöön työaseman ja opastaa asiakasta sen käytössä.",
        "Työaseman asennus ja käyttöönotto **oikealle asiakkaalle** työpaikalla, "
        "asetukset dokumentoituna.",
        "#0b5c4b",
        tags=["tvt", "asiakastuki"],
        valid_days=3 * 365,
        alignment=("TVT-1", "Asiakastuki ja laitteiden käyttöönotto", EPERUSTEET),
    )
    service = badge_class(
        "Asiakaspalvelun ABC",
        "Palvelee asiakasta ystävällisesti ja ratkaisee tavalliset pyynnöt.",
        "Kolme asiakaspalvelutilannetta näytettynä työpaikalla.",
        "#3552a0",
        tags=["asiakaspalvelu"],
    )
    badge_class(
        "Ensimmäinen askel",
        "Ensimmäinen hyväksytty tehtävä Polussa.",
        "Yksi hyväksytty tehtävä.",
        "#f6c453",
        rules=[("quests_approved", {"count": 1})],
        open_for_applications=False,
    )
    badge_class(
        "Haasteiden voittaja",
        "Tarttuu haasteisiin ja vie ne loppuun.",
        "Kolme hyväksyttyä haastetta.",
        "#a4161a",
        rules=[("quests_approved", {"count": 3, "quest_kind": "challenge"})],
        open_for_applications=False,
    )
    badge_class(
        "Verkkosivujen tekijä",
        "Toteuttaa asiakkaalle toimivat, saavutettavat verkkosivut.",
        "Tutkinnon osan TVT-2 kaikki tavoitteet hyväksytty.",
        "#5b3c88",
        rules=[("unit_goals", {"unit_code": "TVT-2"})],
        alignment=("TVT-2", "Verkkosivujen toteuttaminen", EPERUSTEET),
    )
    badge_class(
        "Vertaisarvioija",
        "Antaa rakentavaa palautetta toisten työstä.",
        "Kolme vertaisarviota, joista opettaja on antanut palautteen.",
        "#8a5a00",
        image=(storage.write(PEER_REVIEW_SVG, "svg", badge_images.AREA), badge_images.SVG),
    )

    evidence = session.scalars(
        select(Quest.id).where(Quest.title == "Asenna työasema asiakkaalle")
    ).all()
    badges.award_by_hand(
        session,
        actor=mikko,
        badge=workstation,
        students=[aino],
        quest_ids=list(evidence),
        narrative="Aino asensi ja otti käyttöön työaseman Espoon IT-tuki Oy:n asiakkaalle "
        "ja kirjoitti selkeät ohjeet.",
        now=now - timedelta(hours=20),
    )
    mistaken = badges.award_by_hand(
        session,
        actor=mikko,
        badge=service,
        students=[aino],
        quest_ids=[],
        narrative="",
        now=now - timedelta(days=3),
    )
    if mistaken.awarded:
        award = badges.wall(session, aino)
        revoked = next(a for a in award if a.badge_id == service.id)
        badges.revoke(
            session,
            actor=mikko,
            award=revoked,
            reason="Myönnetty ennen näyttöä vahingossa; myönnetään uudelleen näytön jälkeen.",
            now=now - timedelta(days=2),
        )
    badges.evaluate_rules(session, aino, now)
