"""/settings/data: download everything Polku holds about you, or delete your account."""

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext
from flask_login import current_user, login_required, logout_user
from sqlalchemy import select

from quests.clock import utcnow
from quests.errors import DomainError
from quests.privacy_models import DataExport
from webapp import jobs
from webapp.errors import show_on_form
from webapp.extensions import db, limiter
from webapp.privacy import deletion, export
from webapp.privacy.forms import DeleteAccountForm

bp = Blueprint("privacy", __name__, url_prefix="/settings/data")


def _latest_export() -> DataExport | None:
    return db.session.scalar(
        select(DataExport)
        .where(DataExport.user_id == current_user.id)
        .order_by(DataExport.id.desc())
        .limit(1)
    )


def _page(form=None, status=200):
    latest, now = _latest_export(), utcnow()
    return (
        render_template(
            "privacy/data.html",
            latest=latest,
            in_progress=export.in_progress(latest, now),
            now=now,
            form=form or DeleteAccountForm(),
        ),
        status,
    )


@bp.get("")
@login_required
def data():
    return _page()


@bp.post("/export")
@login_required
@limiter.limit("5/hour", methods=["POST"])
def request_export():
    if export.in_progress(_latest_export(), utcnow()):
        flash(gettext("Your data is still being gathered. We will tell you when it is ready."))
        return redirect(url_for("privacy.data"), 303)
    made = export.request_export(current_user)
    db.session.commit()
    big = export.file_count(current_user) >= current_app.config["EXPORT_BACKGROUND_FILES"]
    if big:
        jobs.enqueue(export.build, made.id, request.host_url, True)
        flash(
            gettext(
                "We are gathering your data. You will get an email and a notification "
                "when the download is ready."
            ),
            "success",
        )
    else:
        export.build(made.id, request.host_url, False)
        flash(gettext("Your data is ready to download for 24 hours."), "success")
    return redirect(url_for("privacy.data"), 303)


@bp.get("/exports/<int:export_id>")
@login_required
def download(export_id: int):
    made = db.session.get(DataExport, export_id)
    # Someone else's export does not exist, as far as this person can tell.
    if made is None or made.user_id != current_user.id:
        abort(404)
    if made.expires_at <= utcnow():
        abort(410)
    if made.status != "ready":
        abort(409)
    stamp = made.requested_at.strftime("%Y%m%d")
    return send_file(
        export.path_of(made),
        mimetype="application/zip",
        as_attachment=True,
        download_name=f"polku-data-{stamp}.zip",
        max_age=0,
    )


@bp.post("/delete")
@login_required
@limiter.limit("10/hour", methods=["POST"])
def delete_account():
    form = DeleteAccountForm()
    if not form.validate():
        return _page(form, 422)
    me = current_user._get_current_object()
    try:
        deletion.delete_account(actor=me, user=me, password=form.password.data)
    except DomainError as error:
        show_on_form(form, error)
        return _page(form, error.status)
    logout_user()
    flash(gettext("Your account and your data have been deleted."), "success")
    return redirect(url_for("home.index"), 303)
