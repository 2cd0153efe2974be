"""Demo data for the core loop: Aino's learning plan, challenges, work waiting for review.

Run once: if Aino already has a plan, nothing is added.
"""

import io
from datetime import date, timedelta

from PIL import Image, ImageDraw
from sqlalchemy.orm import Session
from werkzeug.datastructures import FileStorage

from quests import lifecycle, plans
from quests.clock import utcnow
from quests.lifecycle import EvidenceItem
from quests.models import Cohort, User
from quests.quest_models import Acquisition, EvidenceKind, Quest
from webapp import storage

TEXT, LINK, PHOTO, FILE = (
    EvidenceKind.TEXT,
    EvidenceKind.LINK,
    EvidenceKind.PHOTO,
    EvidenceKind.FILE,
)


def _photo(colour: tuple[int, int, int], label: str) -> FileStorage:
    """A small generated picture standing in for a phone photo."""
    image = Image.new("RGB", (640, 480), colour)
    draw = ImageDraw.Draw(image)
    draw.rectangle((60, 260, 580, 420), fill=(235, 235, 230))
    draw.rectangle((200, 120, 440, 260), fill=(40, 40, 50))
    draw.text((70, 430), label, fill=(20, 20, 20))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80)
    out.seek(0)
    return FileStorage(out, filename=f"{label}.jpg", content_type="image/jpeg")


def _evidence(quest: Quest, values: dict[int, object]) -> list[EvidenceItem]:
    items = []
    for position, step in enumerate(quest.steps):
        value = values[position]
        if isinstance(value, FileStorage):
            saved = storage.save(value, EvidenceKind(step.evidence))
            items.append(
                EvidenceItem(
                    step_id=step.id,
                    kind=step.evidence,
                    stored_name=saved.stored_name,
                    original_name=saved.original_name,
                    content_type=saved.content_type,
                    size_bytes=saved.size_bytes,
                )
            )
        elif step.evidence == LINK:
            items.append(EvidenceItem(step_id=step.id, kind=LINK, url=value))
        else:
            items.append(EvidenceItem(step_id=step.id, kind=step.evidence, text=value))
    return items


def _send(session, student, quest, values, when):
    attempt = lifecycle.accept(session, actor=student, quest=quest, now=when)
    return lifecycle.submit(
        session, actor=student, attempt=attempt, items=_evidence(quest, values), now=when
    )


def seed_learning(session: Session, people: dict[str, User], cohort: Cohort) -> None:
    aino = people["aino.virtanen@demo.polku.fi"]
    if plans.plan_of(session, aino) is not None:
        return
    mikko = people["mikko.korhonen@demo.polku.fi"]
    eetu = people["eetu.heikkinen@demo.polku.fi"]
    veera = people["veera.koskinen@demo.polku.fi"]
    now = utcnow()
    today = date.today()

    plan = plans.save_plan(
        session,
        actor=mikko,
        student=aino,
        qualification="Tieto- ja viestintätekniikan perustutkinto",
        qualification_code=None,
        support_needs="Lisäaikaa kirjallisiin tehtäviin. Ohjeet mieluiten myös kirjallisina.",
        now=now,
    )
    support, web, business = (
        plans.add_unit(session, actor=mikko, plan=plan, code=code, name=name, points=points)
        for code, name, points in (
            ("TVT-1", "Asiakastuki ja laitteiden käyttöönotto", 45),
            ("TVT-2", "Verkkosivujen toteuttaminen", 15),
            ("YTO-1", "Yrittäjämäinen toiminta", 15),
        )
    )

    def goal(unit, title, acquisition, xp, steps, due=None, description=""):
        return plans.add_goal(
            session,
            actor=mikko,
            unit=unit,
            title=title,
            description=description,
            acquisition=acquisition,
            xp_reward=xp,
            due_date=due,
            steps=steps,
        )

    workstation = goal(
        support,
        "Asenna työasema asiakkaalle",
        Acquisition.WORK_BASED,
        80,
        [("Kuva valmiista työpisteestä", PHOTO), ("Mitä asensit ja miksi?", TEXT)],
        description="Asenna käyttöjärjestelmä, päivitykset ja **toimiston ohjelmat**. "
        "Kirjaa tehdyt asetukset asiakkaalle.",
    )
    tickets = goal(
        support,
        "Ratkaise kolme tukipyyntöä",
        Acquisition.WORK_BASED,
        60,
        [("Kuvaa pyynnöt ja ratkaisut", TEXT)],
        due=today + timedelta(days=3),
    )
    website = goal(
        web,
        "Kahvila Kanelin verkkosivujen etusivu",
        Acquisition.PROJECT,
        100,
        [("Linkki julkaistuun sivuun", LINK), ("Mitä opit asiakkaalta?", TEXT)],
        due=today,
        description="Laura Nieminen tarvitsee kahvilalleen etusivun, joka toimii puhelimella.",
    )
    goal(
        business,
        "Laadi liiketoimintamallin kanvaasi",
        Acquisition.SCHOOL,
        50,
        [("Kanvaasi PDF:nä", FILE)],
        due=today - timedelta(days=2),
    )
    plans.add_period(
        session,
        actor=mikko,
        plan=plan,
        workplace="Espoon IT-tuki Oy",
        supervisor="Heikki Salo",
        starts_on=today - timedelta(days=80),
        ends_on=today - timedelta(days=20),
        hours_per_week=30,
    )
    plans.add_period(
        session,
        actor=mikko,
        plan=plan,
        workplace="Kahvila Kaneli, InnoOmnia",
        supervisor="Laura Nieminen",
        starts_on=today + timedelta(days=45),
        ends_on=today + timedelta(days=115),
        hours_per_week=25,
    )
    plans.add_demonstration(
        session,
        actor=mikko,
        plan=plan,
        unit=support,
        description="Työaseman käyttöönotto ja käytön opastus asiakkaalle",
        place="Espoon IT-tuki Oy",
        planned_on=today - timedelta(days=22),
    )
    plans.add_comment(
        session,
        actor=aino,
        plan=plan,
        body="Haluaisin tehdä verkkosivujen näytön kahvilan projektissa.",
        now=now - timedelta(days=6),
    )
    plans.add_comment(
        session,
        actor=mikko,
        plan=plan,
        body="Hyvä ajatus! Lisäsin tavoitteen ja sovin Lauran kanssa jaksosta.",
        now=now - timedelta(days=5),
    )

    # Aino's last few days: approved work (XP and a streak) and work in progress.
    done = _send(
        session,
        aino,
        workstation,
        {0: _photo((70, 110, 160), "tyopiste"), 1: "Asensin Windows 11:n, päivitykset ja Officen."},
        now - timedelta(days=2),
    )
    lifecycle.approve(
        session,
        actor=mikko,
        submission=done,
        feedback="Siisti työ ja hyvät muistiinpanot asiakkaalle!",
        now=now - timedelta(days=1),
    )
    lifecycle.accept(session, actor=aino, quest=website, now=now - timedelta(days=1))
    _send(
        session,
        aino,
        tickets,
        {0: "1) Tulostin ei tulostanut: ajuri päivitetty. 2) Salasanan vaihto. 3) VPN-yhteys."},
        now,
    )

    tidy = lifecycle.create_challenge(
        session,
        actor=mikko,
        title="Siisti työpiste -haaste",
        description="Ota kuva työpisteestäsi, kun se on valmis seuraavalle käyttäjälle.",
        xp_reward=30,
        steps=[("Kuva työpisteestä", PHOTO)],
        cohort=cohort,
        due_date=today + timedelta(days=5),
    )
    security = lifecycle.create_challenge(
        session,
        actor=mikko,
        title="Tietoturvan perusteet",
        description="Käy läpi [Kyberturvallisuuskeskuksen](https://www.kyberturvallisuuskeskus.fi/)"
        " ohjeet ja kerro kolme asiaa, jotka muutat omassa toiminnassasi.",
        xp_reward=40,
        steps=[("Kolme muutosta", TEXT)],
        cohort=cohort,
    )
    lifecycle.create_challenge(
        session,
        actor=mikko,
        title="Opettajien haaste: kokeile vertaisarviointia",
        description="Kokeile vertaisarviointia yhdellä tunnilla ja kerro kollegoille, miten meni.",
        xp_reward=40,
        steps=[("Mitä kokeilit ja mitä opit?", TEXT)],
    )
    earlier = _send(
        session,
        aino,
        security,
        {0: "Vahvat salasanat, kaksivaiheinen tunnistus, päivitykset ajallaan."},
        now - timedelta(days=3),
    )
    lifecycle.approve(session, actor=mikko, submission=earlier, feedback="Hyvät valinnat.", now=now)
    for student, colour in ((eetu, (160, 90, 60)), (veera, (90, 140, 90))):
        _send(session, student, tidy, {0: _photo(colour, "tyopiste")}, now - timedelta(hours=5))
