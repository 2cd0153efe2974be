"""Imports every model module, so the metadata (and Alembic) knows every table."""

from quests import badge_models, community_models, models, plan_models, quest_models  # noqa: F401

metadata = models.Base.metadata
