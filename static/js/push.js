// The push switch on the notification settings page. Subscribing happens only after a tap
// on its button, never on page load. Words come from the page's data attributes.
(function () {
  "use strict";

  var panel = document.getElementById("push-panel");
  if (!panel) {
    return;
  }
  var text = panel.dataset;
  var message = document.getElementById("push-message");
  var onButton = document.getElementById("push-on");
  var offButton = document.getElementById("push-off");
  var supported =
    "serviceWorker" in navigator && "PushManager" in window && "Notification" in window && text.key;

  function say(words) {
    message.textContent = words;
  }

  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.content : "";
  }

  function post(url, body) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
      body: JSON.stringify(body),
    });
  }

  function keyBytes(base64url) {
    var padded = (base64url + "===".slice((base64url.length + 3) % 4)).replace(/-/g, "+").replace(/_/g, "/");
    var raw = window.atob(padded);
    var bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i += 1) {
      bytes[i] = raw.charCodeAt(i);
    }
    return bytes;
  }

  if (!supported) {
    if (text.key) {
      say(text.unsupported);
    }
    return;
  }

  navigator.serviceWorker.ready.then(function (registration) {
    return registration.pushManager.getSubscription().then(function (subscription) {
      onButton.hidden = Boolean(subscription);
      offButton.hidden = !subscription;
    });
  });

  onButton.addEventListener("click", function () {
    onButton.disabled = true;
    Notification.requestPermission()
      .then(function (permission) {
        if (permission !== "granted") {
          throw new Error("denied");
        }
        return navigator.serviceWorker.ready;
      })
      .then(function (registration) {
        return registration.pushManager.subscribe({
          userVisibleOnly: true,
          applicationServerKey: keyBytes(text.key),
        });
      })
      .then(function (subscription) {
        return post(text.subscribeUrl, subscription.toJSON());
      })
      .then(function (response) {
        if (response.status !== 201) {
          throw new Error("refused");
        }
        window.location.reload();
      })
      .catch(function (error) {
        onButton.disabled = false;
        say(error.message === "denied" ? text.denied : text.failed);
      });
  });

  offButton.addEventListener("click", function () {
    offButton.disabled = true;
    navigator.serviceWorker.ready
      .then(function (registration) {
        return registration.pushManager.getSubscription();
      })
      .then(function (subscription) {
        if (!subscription) {
          return null;
        }
        var endpoint = subscription.endpoint;
        return subscription.unsubscribe().then(function () {
          return post(text.unsubscribeUrl, { endpoint: endpoint });
        });
      })
      .then(function () {
        window.location.reload();
      })
      .catch(function () {
        offButton.disabled = false;
        say(text.failed);
      });
  });
})();
