"""Privacy: the notice, a person's data export and account deletion, and retention."""

from flask import Flask

from webapp.privacy import admin_deletion, data, notice


def init_app(app: Flask) -> None:
    app.register_blueprint(notice.bp)
    app.register_blueprint(data.bp)
    app.register_blueprint(admin_deletion.bp)
