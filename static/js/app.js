// The little JavaScript Polku has. No inline scripts: the Content-Security-Policy forbids them.
(function () {
  "use strict";

  // Every htmx request carries the CSRF token, as a plain form post carries its hidden field.
  document.addEventListener("htmx:configRequest", function (event) {
    var meta = document.querySelector('meta[name="csrf-token"]');
    if (meta) {
      event.detail.headers["X-CSRFToken"] = meta.content;
    }
  });

  // After a swap, move focus to what appeared so screen readers and keyboards follow.
  document.addEventListener("htmx:afterSettle", function (event) {
    var target = event.detail.target;
    var focus = target && target.querySelector("[data-autofocus], [aria-invalid='true']");
    if (focus) {
      focus.focus();
    }
  });

  // The language picker submits itself when JavaScript runs; its button is for when it doesn't.
  document.addEventListener("change", function (event) {
    if (event.target.id === "language-select") {
      event.target.form.requestSubmit();
    }
  });
})();

// Competitions: a progress bar while a video uploads (htmx reports the upload's progress).
(function () {
  "use strict";
  document.addEventListener("htmx:xhr:progress", function (event) {
    var form = event.target.closest && event.target.closest(".upload-form");
    var box = form && form.querySelector(".upload-progress");
    if (!box || !event.detail.lengthComputable) {
      return;
    }
    box.hidden = false;
    box.querySelector("progress").value = Math.round((event.detail.loaded / event.detail.total) * 100);
  });
})();
