"""The inbox, the notification settings and the endpoints a browser subscribes through."""

from flask import Blueprint, abort, current_app, flash, jsonify, redirect, request, url_for
from flask_babel import gettext
from flask_login import current_user, login_required

from webapp.extensions import db
from webapp.htmx import render_page_or_block
from webapp.notifications import (
    inbox,
    preferences,
    subscriptions,
    vapid,
)
from webapp.notifications.forms import DeviceNameForm, PreferencesForm
from webapp.notifications.inbox import unread_notifications
from webapp.notifications.kinds import PREFERENCES, render
from webapp.request_guards import accepts_json

bp = Blueprint("notifications", __name__)


@bp.get("/notifications")
@login_required
def index():
    items = inbox.latest(db.session, current_user)
    return render_page_or_block(
        "notifications/inbox.html",
        "inbox",
        items=[(item, *render(item)) for item in items],
        # The same count as the top bar's, from the same (one) query.
        unread=unread_notifications(),
    )


@bp.post("/notifications/<int:notification_id>/read")
@login_required
def mark_read(notification_id):
    if not inbox.mark_read(db.session, current_user, notification_id):
        db.session.rollback()
        abort(404)
    db.session.commit()
    return redirect(url_for("notifications.index"), 303)


@bp.post("/notifications/read")
@login_required
def mark_all_read():
    inbox.mark_all_read(db.session, current_user)
    db.session.commit()
    flash(gettext("All notifications are marked as read."), "success")
    return redirect(url_for("notifications.index"), 303)


def _device_prefix(subscription_id: int) -> str:
    # One name form per device on the page: the prefix keeps their ids apart.
    return f"device-{subscription_id}"


def _settings_page(form=None, rename=None, status=200):
    switched_off = preferences.switched_off(db.session, current_user.id)
    if form is None:
        form = PreferencesForm(data={key: key not in switched_off for key in PREFERENCES})
    devices = subscriptions.devices_of(db.session, current_user)
    keys = vapid.current_keys(current_app)
    return render_page_or_block(
        "notifications/settings.html",
        "settings_section",
        status=status,
        form=form,
        devices=[
            (
                device,
                rename[1]
                if rename and rename[0] == device.id
                else DeviceNameForm(
                    formdata=None, prefix=_device_prefix(device.id), name=device.device
                ),
            )
            for device in devices
        ],
        application_server_key=keys.application_server_key if keys else None,
    )


@bp.get("/settings/notifications")
@login_required
def settings():
    return _settings_page()


@bp.post("/settings/notifications")
@login_required
def save_settings():
    form = PreferencesForm()
    if not form.validate():
        return _settings_page(form=form, status=422)
    preferences.save(db.session, current_user.id, form.enabled())
    db.session.commit()
    flash(gettext("Your notification settings have been saved."), "success")
    return redirect(url_for("notifications.settings"), 303)


def _own_device_or_404(subscription_id):
    device = subscriptions.own_device(db.session, current_user, subscription_id)
    if device is None:
        abort(404)
    return device


@bp.post("/settings/notifications/devices/<int:subscription_id>/name")
@login_required
def rename_device(subscription_id):
    device = _own_device_or_404(subscription_id)
    form = DeviceNameForm(prefix=_device_prefix(device.id))
    if not form.validate():
        return _settings_page(rename=(device.id, form), status=422)
    device.device = form.name.data.strip()
    db.session.commit()
    flash(gettext("The device name has been saved."), "success")
    return redirect(url_for("notifications.settings"), 303)


@bp.post("/settings/notifications/devices/<int:subscription_id>/delete")
@login_required
def remove_device(subscription_id):
    db.session.delete(_own_device_or_404(subscription_id))
    db.session.commit()
    flash(gettext("The device will no longer get notifications."), "success")
    return redirect(url_for("notifications.settings"), 303)


def _json_error(message, status=422):
    return jsonify(error=str(message)), status


@bp.post("/push/subscriptions")
@login_required
@accepts_json
def subscribe():
    if vapid.current_keys(current_app) is None:
        return _json_error(gettext("Push notifications are not set up on this server."), 409)
    try:
        endpoint, p256dh, auth = subscriptions.parse(
            request.get_json(silent=True),
            allow_loopback=current_app.config["PUSH_ALLOW_LOOPBACK"],
        )
    except subscriptions.BadSubscription as error:
        return _json_error(error.message)
    device = subscriptions.subscribe(
        db.session,
        current_user,
        endpoint,
        p256dh,
        auth,
        subscriptions.device_name(request.headers.get("User-Agent", "")),
    )
    db.session.commit()
    flash(gettext("Notifications are on for this device."), "success")
    return jsonify(id=device.id), 201


@bp.post("/push/subscriptions/remove")
@login_required
@accepts_json
def unsubscribe():
    data = request.get_json(silent=True)
    endpoint = data.get("endpoint") if isinstance(data, dict) else None
    if not isinstance(endpoint, str) or not endpoint:
        return _json_error(gettext("The browser sent an incomplete subscription. Try again."))
    subscriptions.unsubscribe_endpoint(db.session, current_user, endpoint)
    db.session.commit()
    flash(gettext("Notifications are off for this device."), "success")
    return "", 204
