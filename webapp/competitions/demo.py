"""Demo data for the competition: Kesätyö-CV 2027, judged by the demo employer.

Running it again changes nothing. With ffmpeg on the machine the demo entries get
short generated videos; without it they are entries whose video has not come yet.
"""

import shutil
import subprocess  # noqa: S404 - ffmpeg with an argument list
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from quests import accounts
from quests.clock import utcnow
from webapp.competitions import judging, media, services
from webapp.competitions.models import Assignment, Competition, Entry, Judge, Score, VideoState

TITLE = "Kesätyö-CV 2027"
ORGANISER = "satu.laine@demo.polku.fi"
JUDGE = "jari.makinen@demo.polku.fi"
# Already invited by the foundation's demo; seated here by email until they sign up.
INVITED_JUDGE = "tuomas.salonen@lvi-salonen.example"

RULES = (
    "1. Video on enintään kolme minuuttia pitkä ja kuvattu itse.\n"
    "2. Videolla esiintyy vain osallistuja itse.\n"
    "3. Kerro, mitä osaat, mitä haluat oppia ja millaista kesätyötä etsit.\n"
    "4. Lisää videoon tekstitys tai kirjoita tekstivastine, jotta kaikki arvioijat voivat "
    "seurata sitä.\n"
    "5. Voittajat saavat kesätyöpaikan palkinnon tarjonneelta yritykseltä kesäksi 2027."
)
CRITERIA = [
    ("Osaaminen näkyy", "Kertooko video konkreettisesti, mitä hakija osaa?", 3, 5),
    ("Motivaatio", "Näkyykö into oppia ja tehdä töitä?", 2, 5),
    ("Selkeys ja esiintyminen", "Onko video selkeä, ytimekäs ja helppo seurata?", 1, 5),
]
PRIZES = [
    ("Kesätyö kahvilassa ja paahtimolla", "Espoon Kahvipaahtimo Oy"),
    ("Kesätyö LVI-asennuksissa", "LVI-Salonen Oy"),
    ("Kesäharjoittelu verkkosivujen parissa", "Tapiolan Digitoimisto Oy"),
]
# (student's email, title, pitch, transcript, colour of the generated video)
ENTRIES = [
    (
        "eetu.heikkinen@demo.polku.fi",
        "Verkkokaupan tekijä",
        "Rakensin kaverin yritykselle verkkokaupan ja haluan oppia lisää asiakastyöstä.",
        "Moi, olen Eetu. Teen verkkosivuja ja rakensin kaverini pyöräliikkeelle verkkokaupan. "
        "Kesällä haluaisin oppia, miten asiakkaan kanssa suunnitellaan palvelu alusta loppuun.",
        "0x1f6f8b",
    ),
    (
        "veera.koskinen@demo.polku.fi",
        "Asiakaspalvelu on minun juttuni",
        "Olen työskennellyt kahvilassa viikonloppuisin ja opin nopeasti uusia asioita.",
        "Hei, olen Veera. Olen ollut kaksi vuotta viikonloppuisin kahvilassa töissä. "
        "Osaan kassan, kahvikoneet ja hankalatkin asiakastilanteet. Etsin kesätyötä, "
        "jossa pääsen oppimaan myös kahvin paahtamista.",
        "0x8b3a1f",
    ),
    (
        "onni.jarvinen@demo.polku.fi",
        "Tulevaisuuden LVI-asentaja",
        "Putkityöt kiinnostavat, ja olen auttanut isääni remonteissa pienestä pitäen.",
        "Terve, olen Onni. Olen tehnyt remontteja isäni kanssa ja osaan jo vaihtaa "
        "hanan ja tiivisteet. Haluaisin kesäksi LVI-alan töihin oppimaan ammattilaisilta.",
        "0x2f7a3a",
    ),
]


def _render_video(key: str, colour: str) -> bool:
    """A two-second sample video with a tone and its poster, straight in the final format."""
    if shutil.which("ffmpeg") is None:
        return False
    video, poster = media.path_of(key, "mp4"), media.path_of(key, "jpg")
    try:
        media.run_ffmpeg(
            "-f", "lavfi", "-i", f"color=c={colour}:size=640x360:rate=15:duration=2",
            "-f", "lavfi", "-i", "sine=frequency=330:duration=2",
            "-vf", "drawbox=x=40:y=40:w=160:h=160:color=white@0.6:t=fill",
            "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p",
            "-c:a", "aac", "-movflags", "+faststart", str(video),
        )  # fmt: skip
        media.run_ffmpeg("-i", str(video), "-frames:v", "1", "-f", "image2", str(poster))
    except (OSError, subprocess.SubprocessError):
        media.delete_files(key)
        return False
    return True


def seed_competitions(session: Session) -> None:
    if session.scalar(select(Competition).where(Competition.title == TITLE)) is not None:
        return
    admin = accounts.get_user_by_email(session, ORGANISER)
    judge_user = accounts.get_user_by_email(session, JUDGE)
    if admin is None or judge_user is None:
        return
    now = utcnow().replace(minute=0, second=0, microsecond=0)
    competition = services.create_competition(
        session,
        admin,
        title=TITLE,
        description=(
            "Näytä osaamisesi lyhyellä videolla! Espoolaiset yritykset arvioivat videot ja "
            "palkitsevat parhaat kesätyöpaikoilla."
        ),
        rules=RULES,
        # Entries and judging overlap in the demo, so every role has something to do today.
        windows=(
            now - timedelta(days=14),
            now + timedelta(days=30),
            now - timedelta(days=7),
            now + timedelta(days=45),
        ),
        criteria=[services.CriterionInput(*c) for c in CRITERIA],
        prizes=PRIZES,
        blind=True,
    )
    session.add(Judge(competition_id=competition.id, email=JUDGE, user_id=judge_user.id))
    session.add(Judge(competition_id=competition.id, email=INVITED_JUDGE))
    for email, title, pitch, transcript, colour in ENTRIES:
        student = accounts.get_user_by_email(session, email)
        if student is None:
            continue
        key = services.new_video_key()
        ready = _render_video(key, colour)
        session.add(
            Entry(
                competition_id=competition.id,
                student_id=student.id,
                title=title,
                pitch=pitch,
                consent_at=now - timedelta(days=3),
                under_18=True,
                guardian_consent_at=now - timedelta(days=3),
                video_state=VideoState.READY if ready else VideoState.NONE,
                video_key=key if ready else None,
                duration_seconds=2,
                transcript=transcript,
                captions_vtt=media.transcript_to_vtt(transcript, 2),
            )
        )
    session.flush()
    judging.assign(session, admin, competition, url=f"/competitions/{competition.id}/judging")
    # The judge has scored the first entry, so the results page has something to show.
    first = session.scalar(
        select(Assignment).join(Entry).where(Entry.competition_id == competition.id).limit(1)
    )
    if first is not None:
        for criterion, value in zip(competition.criteria, (4, 5, 3), strict=True):
            session.add(Score(assignment_id=first.id, criterion_id=criterion.id, value=value))
        first.comment = "Selkeä ja innostunut esittely."
    session.flush()
