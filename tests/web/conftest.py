"""Fixtures of the web tests: an app per matrix module, and one transaction per matrix walk."""

import pytest

from tests.conftest import TEMPLATES, make_config
from tests.web.matrix import Walk, prepare
from webapp import create_app
from webapp.extensions import db


def make_matrix_app(database_url, tmp_path, **overrides):
    """Jobs run inline: a job in a thread could not see the walk's uncommitted rows."""
    app = create_app(make_config(database_url, tmp_path, JOBS_EAGER=True, **overrides))
    app.jinja_env.bytecode_cache = TEMPLATES
    prepare(app)
    return app


@pytest.fixture(scope="module")
def matrix_app(migrated, tmp_path_factory):
    """One app for a module's matrix: a walk leaves nothing in the database."""
    app = make_matrix_app(migrated, tmp_path_factory.mktemp("matrix"))
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def walk(matrix_app):
    with Walk(matrix_app) as walk:
        yield walk
