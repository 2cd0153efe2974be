"""`flask media check`: orphan files and vanished files are reported; old orphans removed."""

import os
import time
from pathlib import Path

from tests import factories
from webapp import storage
from webapp.badges import images as badge_images
from webapp.extensions import db


def test_orphans_and_missing_files_are_reported_and_old_orphans_deleted(app):
    with app.app_context():
        teacher = factories.user(db.session, "teacher")
        kept = factories.badge_class(db.session, teacher)
        vanished = factories.badge_class(db.session, teacher)
        db.session.commit()
        storage.path_for(vanished.image_name, badge_images.AREA).unlink()
        kept_path = storage.path_for(kept.image_name, badge_images.AREA)
        old_orphan = storage.path_for(storage.write(b"x", "txt"))
        new_orphan = storage.path_for(storage.write(b"y", "txt"))
        part = Path(app.config["MEDIA_ROOT"]) / "competitions" / "abc.mp4.part"
        part.parent.mkdir(parents=True)
        part.write_bytes(b"half")
        an_hour_ago = time.time() - 2 * 60 * 60
        for path in (old_orphan, part):
            os.utime(path, (an_hour_ago, an_hour_ago))
        vanished_name = vanished.image_name

    result = app.test_cli_runner().invoke(args=["media", "check", "--delete"])
    assert result.exit_code == 1  # a file is missing: cron mails the output
    assert f"missing file: badges/{vanished_name}" in result.output
    assert f"orphan file: {old_orphan} (deleted)" in result.output
    assert f"orphan file: {new_orphan}\n" in result.output
    assert "3 orphan file(s), 2 deleted; 1 missing file(s)." in result.output
    assert not old_orphan.exists() and not part.exists()
    assert new_orphan.exists() and kept_path.exists()
