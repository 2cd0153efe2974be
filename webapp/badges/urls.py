"""Where the Open Badges documents of this site live (quests.open_badges.Urls)."""

from flask import url_for

from quests.badge_models import BadgeAward, BadgeClass


class SiteUrls:
    def issuer(self) -> str:
        return url_for("open_badges.issuer", _external=True)

    def badge(self, badge: BadgeClass) -> str:
        return url_for("open_badges.badge_class", public_id=badge.public_id, _external=True)

    def image(self, badge: BadgeClass) -> str:
        return url_for("open_badges.badge_image", public_id=badge.public_id, _external=True)

    def criteria(self, badge: BadgeClass) -> str:
        return url_for("open_badges.criteria", public_id=badge.public_id, _external=True)

    def assertion(self, award: BadgeAward) -> str:
        return url_for("open_badges.assertion", public_id=award.public_id, _external=True)
