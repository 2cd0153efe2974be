"""Demo data for the entrepreneur community: Laura's café and its project, a pending
application, and students on the weekly leaderboard.

Safe to run again: what exists is left as it is.
"""

import secrets
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from quests import community, leaderboard, lifecycle, projects
from quests.clock import utcnow
from quests.community_models import (
    ApplicationStatus,
    EntrepreneurApplication,
    MemberStatus,
    Project,
    ProjectMember,
)
from quests.models import User
from quests.quest_models import EvidenceKind

LAURA = "laura.nieminen@demo.polku.fi"
SATU = "satu.laine@demo.polku.fi"
MIKKO = "mikko.korhonen@demo.polku.fi"
TEAM = [
    "aino.virtanen@demo.polku.fi",
    "eetu.heikkinen@demo.polku.fi",
    "veera.koskinen@demo.polku.fi",
]
APPLICANT = "onni.jarvinen@demo.polku.fi"
PROJECT_TITLE = "Kahvilan verkkosivut ja kanta-asiakaskortti"
DISPLAY_NAMES = {
    "aino.virtanen@demo.polku.fi": "Aino V.",
    "eetu.heikkinen@demo.polku.fi": "Eetu H.",
    "veera.koskinen@demo.polku.fi": "Veeruska",
}

LAURA_APPLICATION = community.ApplicationInput(
    name="Laura Nieminen",
    email=LAURA,
    business_name="Kahvila Kaneli",
    sector="Kahvila ja leipomo",
    stage="established",
    website="https://kahvilakaneli.example",
    expectations=(
        "Haluan kehittää kahvilaa yhdessä nuorten kanssa ja saada vertaistukea muilta "
        "hubin yrittäjiltä. Yksin yrittäminen on raskasta."
    ),
    needs=["premises", "service_design", "popup_selling"],
    cooperation=(
        "Opiskelijat voivat tehdä kahvilalle verkkosivut, kanta-asiakaskortin ja "
        "somemarkkinointia. Tarjoan myös työelämässä oppimisen paikkoja asiakaspalvelussa."
    ),
)
PENDING = community.ApplicationInput(
    name="Matti Saarinen",
    email="matti.saarinen@pyorapaja.example",
    business_name="Leppävaaran Pyöräpaja",
    sector="Polkupyörien huolto ja myynti",
    stage="new",
    website="https://pyorapaja.example",
    expectations=(
        "Edullinen tila hubista talvikaudeksi ja neuvoja hinnoitteluun. Haluaisin oppia "
        "muilta yrittäjiltä, miten ensimmäiset vuodet kannattaa hoitaa."
    ),
    needs=["premises", "business_advice", "popup_selling"],
    cooperation=(
        "Opiskelijat voisivat suunnitella huoltopaketit ja verkkoajanvarauksen. Keväällä "
        "voimme pitää yhdessä pop-up-huoltopisteen Sellon edessä."
    ),
)
MILESTONES = [
    projects.MilestoneInput(
        title="Asiakaskysely kahvilan kävijöille",
        evidence=EvidenceKind.TEXT,
        xp=60,
        description="Haastatelkaa vähintään kymmentä asiakasta: mitä he etsivät verkosta?",
    ),
    projects.MilestoneInput(
        title="Verkkosivujen rakenne ja etusivun luonnos",
        evidence=EvidenceKind.LINK,
        xp=80,
        description="Sivukartta ja klikattava luonnos etusivusta (esim. Figma).",
    ),
    projects.MilestoneInput(
        title="Kanta-asiakaskortin ulkoasu ja säännöt",
        evidence=EvidenceKind.PHOTO,
        xp=70,
    ),
    projects.MilestoneInput(
        title="Julkaisu ja palautteen keruu",
        evidence=EvidenceKind.LINK,
        xp=80,
    ),
]


def _application(session: Session, data, now: datetime) -> EntrepreneurApplication:
    existing = session.scalar(
        select(EntrepreneurApplication).where(EntrepreneurApplication.email == data.email)
    )
    if existing is not None:
        return existing
    application, _token = community.submit_application(
        session, data=data, user=None, locale="fi", now=now
    )
    return application


def _accepted(session: Session, data, user: User, admin: User, when: datetime) -> None:
    """Laura joined before Polku: her application is recorded as accepted, no invite needed."""
    if session.scalar(
        select(EntrepreneurApplication).where(EntrepreneurApplication.email == data.email)
    ):
        return
    session.add(
        EntrepreneurApplication(
            name=data.name,
            email=data.email,
            open_email=data.email,
            business_name=data.business_name,
            sector=data.sector,
            website=data.website,
            stage=data.stage,
            expectations=data.expectations,
            needs=" ".join(data.needs),
            cooperation=data.cooperation,
            status=ApplicationStatus.ACCEPTED,
            status_token_hash=secrets.token_hex(32),
            locale="fi",
            user_id=user.id,
            decided_by_id=admin.id,
            created_at=when,
            updated_at=when,
            decided_at=when + timedelta(days=2),
        )
    )


def _submit(session, quest, student, text, when):
    attempt = lifecycle.attempt_for(session, quest, student) or lifecycle.accept(
        session, actor=student, quest=quest, now=when
    )
    step = quest.steps[0]
    item = lifecycle.EvidenceItem(step_id=step.id, kind=step.evidence, text=text)
    return lifecycle.submit(session, actor=student, attempt=attempt, items=[item], now=when)


def seed_community(session: Session) -> None:
    now = utcnow()
    people = {
        user.email: user
        for user in session.scalars(
            select(User).where(User.email.in_([LAURA, SATU, MIKKO, APPLICANT, *TEAM]))
        )
    }
    laura, satu = people[LAURA], people[SATU]

    _accepted(session, LAURA_APPLICATION, laura, satu, now - timedelta(days=60))
    _application(session, PENDING, now - timedelta(days=1))

    for email, name in DISPLAY_NAMES.items():
        if leaderboard.preference(session, people[email]) is None:
            leaderboard.set_preference(
                session, user=people[email], opted_in=True, display_name=name, now=now
            )

    if session.scalar(select(Project).where(Project.title == PROJECT_TITLE)) is not None:
        session.flush()
        return
    today = now.date()
    project = projects.create_project(
        session,
        actor=laura,
        data=projects.ProjectInput(
            title=PROJECT_TITLE,
            need="website",
            description=(
                "Kahvila Kaneli tarvitsee **mobiiliystävälliset verkkosivut** ja "
                "kanta-asiakaskortin, joka tuo asiakkaat takaisin.\n\n"
                "- aukioloajat, menu ja tilaisuudet selkeästi puhelimella\n"
                "- leimakortti: joka kymmenes kahvi veloituksetta\n"
                "- tiimi esittelee työn kahvilan henkilökunnalle"
            ),
            skills="HTML ja CSS, valokuvaus, asiakaspalvelu, markkinointi",
            team_size=4,
            starts_on=today - timedelta(days=14),
            ends_on=date(today.year + 1, 2, 28),
        ),
        milestones=[
            projects.MilestoneInput(
                title=m.title,
                evidence=m.evidence,
                xp=m.xp,
                description=m.description,
                due_date=today + timedelta(days=7 * (i + 1)),
            )
            for i, m in enumerate(MILESTONES)
        ],
        teacher=people[MIKKO],
        now=now - timedelta(days=14),
    )
    for email in TEAM:
        session.add(
            ProjectMember(
                project_id=project.id,
                user_id=people[email].id,
                status=MemberStatus.ACCEPTED,
                message="Haluan mukaan tekemään oikeaa asiakasprojektia.",
                created_at=now - timedelta(days=12),
                accepted_at=now - timedelta(days=11),
            )
        )
    session.add(
        ProjectMember(
            project_id=project.id,
            user_id=people[APPLICANT].id,
            message="Opiskelen liiketaloutta ja haluaisin suunnitella kanta-asiakaskortin.",
            created_at=now - timedelta(days=2),
        )
    )
    session.flush()
    first, second = project.milestones[0], project.milestones[1]
    survey = _submit(
        session,
        first,
        people[TEAM[1]],
        "Haastattelimme 14 asiakasta. Tärkeimmät: aukioloajat, päivän lounas ja "
        "gluteenittomat vaihtoehdot. Moni toivoi mahdollisuutta tilata kakku verkosta.",
        now - timedelta(days=3),
    )
    lifecycle.approve(
        session,
        actor=laura,
        submission=survey,
        feedback="Todella hyödyllisiä vastauksia! Kakkutilaus on hyvä idea jatkoon.",
        now=now - timedelta(days=2),
    )
    link = lifecycle.EvidenceItem(
        step_id=second.steps[0].id, kind=EvidenceKind.LINK, url="https://www.figma.com/"
    )
    attempt = lifecycle.attempt_for(session, second, people[TEAM[2]]) or lifecycle.accept(
        session, actor=people[TEAM[2]], quest=second, now=now - timedelta(days=1)
    )
    lifecycle.submit(
        session, actor=people[TEAM[2]], attempt=attempt, items=[link], now=now - timedelta(hours=5)
    )
    session.flush()
