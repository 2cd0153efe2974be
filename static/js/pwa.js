// The installable app in the page: the service worker, the "new version" prompt and the offline outbox.
// Every word shown comes from data attributes the server rendered in the reader's language.
(function () {
  "use strict";

  var status = document.getElementById("app-status");
  if (!status || !("serviceWorker" in navigator)) {
    return;
  }
  var text = status.dataset;
  var updateAccepted = false;

  function say(message, action) {
    status.textContent = "";
    var paragraph = document.createElement("p");
    paragraph.className = "app-status-message";
    paragraph.textContent = message;
    if (action) {
      paragraph.appendChild(document.createTextNode(" "));
      paragraph.appendChild(action);
    }
    status.appendChild(paragraph);
  }

  // A new worker is waiting: offer a reload, never force one.
  function offerUpdate(worker) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "button button-secondary";
    button.textContent = text.updateButton;
    button.addEventListener("click", function () {
      updateAccepted = true;
      button.disabled = true;
      worker.postMessage({ type: "SKIP_WAITING" });
    });
    say(text.updateText, button);
  }

  navigator.serviceWorker.addEventListener("controllerchange", function () {
    if (updateAccepted) {
      window.location.reload();
    }
  });

  navigator.serviceWorker
    .register(status.dataset.worker, { scope: "/" })
    .then(function (registration) {
      if (registration.waiting && navigator.serviceWorker.controller) {
        offerUpdate(registration.waiting);
      }
      registration.addEventListener("updatefound", function () {
        var installing = registration.installing;
        installing.addEventListener("statechange", function () {
          if (installing.state === "installed" && navigator.serviceWorker.controller) {
            offerUpdate(installing);
          }
        });
      });
    })
    .catch(function () {
      // No worker (private mode, old browser): the site works as a plain site.
    });

  // --- The outbox: forms marked data-offline-queue keep what was typed offline. ---
  var outbox = window.PolkuOutbox;
  if (!outbox || !window.indexedDB) {
    return;
  }
  var OWNER_FIELD = outbox.OWNER_FIELD;

  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.content : "";
  }

  function showWaiting(count) {
    if (count > 0) {
      say(text.waitingText.replace("%(num)d", String(count)));
    }
  }

  function report(result) {
    if (result.failed > 0) {
      say(text.failedText);
    } else if (result.sent > 0) {
      say(text.sentText);
    } else {
      showWaiting(result.waiting);
    }
  }

  function flush() {
    return outbox.flush(csrfToken()).then(function (result) {
      // Nothing taken: the worker's Background Sync got there first and reports itself.
      if (result.sent + result.failed + result.waiting > 0) {
        report(result);
      }
      return result;
    });
  }

  navigator.serviceWorker.addEventListener("message", function (event) {
    if (event.data && event.data.type === "OUTBOX_FLUSHED") {
      report(event.data.result);
    }
  });

  document.addEventListener(
    "submit",
    function (event) {
      var form = event.target;
      if (!form.matches("form[data-offline-queue]") || navigator.onLine) {
        return;
      }
      // Offline: keep the text on the device instead of losing it to a failed post.
      event.preventDefault();
      event.stopImmediatePropagation();
      var data = event.submitter ? new FormData(form, event.submitter) : new FormData(form);
      // Whose text it is: on a shared phone it must never be sent as the next person's.
      data.append(OWNER_FIELD, status.dataset.person || "");
      var body = new URLSearchParams(data).toString();
      outbox
        .add(form.action, body)
        .then(function () {
          form.setAttribute("data-offline-waiting", "");
          say(text.queuedText);
          return navigator.serviceWorker.ready;
        })
        .then(function (registration) {
          if (registration.sync) {
            return registration.sync.register(outbox.TAG);
          }
          return null;
        })
        .catch(function () {
          // Background Sync refused: the next visit or the "online" event sends it.
        });
    },
    true
  );

  window.addEventListener("online", flush);
  window.addEventListener("offline", function () {
    outbox.count().then(showWaiting);
  });
  outbox.count().then(function (count) {
    if (count > 0) {
      if (navigator.onLine) {
        flush();
      } else {
        showWaiting(count);
      }
    }
  });
})();
