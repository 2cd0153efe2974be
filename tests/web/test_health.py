from tests.conftest import make_config
from webapp import create_app


def test_health_answers_when_the_database_does(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}


def test_health_says_503_when_the_database_does_not(tmp_path):
    url = f"sqlite:///{tmp_path / 'missing' / 'folder' / 'db.sqlite3'}"
    app = create_app(make_config(url, tmp_path))
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["database"] == "unavailable"
