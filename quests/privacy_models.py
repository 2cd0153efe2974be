"""A person's data export: a ZIP built in the background, downloadable for 24 hours."""

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from quests.clock import utcnow
from quests.models import Base, UTCDateTime


class DataExport(Base):
    __tablename__ = "data_exports"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    # "pending" while the job builds it, then "ready" or "failed".
    status: Mapped[str] = mapped_column(String(10), default="pending")
    # The ZIP's random name under MEDIA_ROOT/exports; None until ready.
    stored_name: Mapped[str | None] = mapped_column(String(100))
    size_bytes: Mapped[int | None] = mapped_column()
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
