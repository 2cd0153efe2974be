"""The community's one blueprint; applications, projects and the leaderboard add routes to it."""

from flask import Blueprint

from webapp.community.forms import LABELS

bp = Blueprint("community", __name__, url_prefix="/community")

for _name, _labels in LABELS.items():
    bp.add_app_template_filter(lambda key, labels=_labels: str(labels[str(key)]), _name)
