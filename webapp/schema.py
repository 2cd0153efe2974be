"""Every table Polku has, registered in this one place: the domain's model modules and the
competition module's. create_app() imports it, so the session and Alembic see all of them."""

from quests import (
    badge_models,
    community_models,
    feedback_models,
    models,
    notification_models,
    plan_models,
    privacy_models,
    quest_models,
)
from webapp.competitions import models as competition_models

MODEL_MODULES = (
    models,
    quest_models,
    plan_models,
    badge_models,
    community_models,
    notification_models,
    feedback_models,
    privacy_models,
    competition_models,
)
metadata = models.Base.metadata
