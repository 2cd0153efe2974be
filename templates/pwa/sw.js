// Polku's service worker, served from /sw.js so that its scope is the whole site.
// VERSION is a hash of the static files: a deploy that changes them changes this file,
// the browser installs the new worker, and activating it drops the old caches.
"use strict";

var VERSION = {{ version|tojson }};
var STATIC_CACHE = "polku-static-" + VERSION;
var PAGES_CACHE = "polku-pages-" + VERSION;
var PRECACHE = {{ precache|tojson }};
var OFFLINE_URL = {{ offline_url|tojson }};
var ICON_URL = {{ icon_url|tojson }};
var INBOX_URL = {{ inbox_url|tojson }};
// The page's message area carries the note in the page's own language (base.html).
var FLASH_AREA = /<div id="flash"[^>]*data-stale-note="([^"]*)"[^>]*>/;
var OUTBOX_TAG = "polku-outbox";
// Signing in or out ends one person's use of the device: their pages go.
// Posts that sign someone in or out: the next person must not see the last one's pages.
var SESSION_CHANGES = ["/login", "/logout", "/signup", "/invite/", "/password/reset/"];

importScripts({{ outbox_url|tojson }});

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(STATIC_CACHE).then(function (cache) {
      return cache.addAll(
        PRECACHE.map(function (url) {
          return new Request(url, { cache: "reload" });
        })
      );
    })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches
      .keys()
      .then(function (names) {
        return Promise.all(
          names
            .filter(function (name) {
              return name.indexOf("polku-") === 0 && name !== STATIC_CACHE && name !== PAGES_CACHE;
            })
            .map(function (name) {
              return caches.delete(name);
            })
        );
      })
      .then(function () {
        return self.clients.claim();
      })
  );
});

// The page's "Reload" button: the waiting worker takes over, the page reloads.
self.addEventListener("message", function (event) {
  if (event.data && event.data.type === "SKIP_WAITING") {
    self.skipWaiting();
  }
});

function cacheable(response) {
  var control = response.headers.get("Cache-Control") || "";
  return response.ok && response.type === "basic" && !response.redirected && control.indexOf("no-store") === -1;
}

// Static files: from the cache first, the network fills it.
function staticFirst(request) {
  return caches.open(STATIC_CACHE).then(function (cache) {
    return cache.match(request).then(function (hit) {
      return (
        hit ||
        fetch(request).then(function (response) {
          if (cacheable(response)) {
            cache.put(request, response.clone());
          }
          return response;
        })
      );
    });
  });
}

// A copy from the cache says so at the top of the page: it may not be the latest.
function markedNotFresh(response) {
  return response.text().then(function (html) {
    var marked = html.replace(FLASH_AREA, function (area, note) {
      return area + '<p class="flash flash-stale">' + note + "</p>";
    });
    var headers = new Headers(response.headers);
    headers.delete("Content-Length");
    return new Response(marked, { status: 200, headers: headers });
  });
}

// The copy from the last visit (marked), else the offline page; else what the server said.
function fallback(request, serverAnswer) {
  return caches
    .open(PAGES_CACHE)
    .then(function (cache) {
      // The session cookie changes now and then; the cache is per person anyway.
      return cache.match(request, { ignoreVary: true });
    })
    .then(function (hit) {
      if (hit) {
        return markedNotFresh(hit);
      }
      return caches.match(OFFLINE_URL, { cacheName: STATIC_CACHE }).then(function (offline) {
        return offline || serverAnswer || Response.error();
      });
    });
}

// Pages: from the network first; offline or a server error (5xx), the fallback.
function pageNetworkFirst(request) {
  return fetch(request)
    .then(function (response) {
      if (response.status >= 500) {
        return fallback(request, response);
      }
      if (cacheable(response)) {
        var copy = response.clone();
        caches.open(PAGES_CACHE).then(function (cache) {
          cache.put(request, copy);
        });
      }
      return response;
    })
    .catch(function () {
      return fallback(request, null);
    });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) {
    return;
  }
  if (request.method !== "GET") {
    var changesSession = SESSION_CHANGES.some(function (path) {
      return path.endsWith("/") ? url.pathname.indexOf(path) === 0 : url.pathname === path;
    });
    if (changesSession) {
      event.waitUntil(caches.delete(PAGES_CACHE));
    }
    return;
  }
  if (url.pathname.indexOf("/static/") === 0) {
    event.respondWith(staticFirst(request));
  } else if (request.mode === "navigate") {
    event.respondWith(pageNetworkFirst(request));
  }
});

self.addEventListener("sync", function (event) {
  if (event.tag === OUTBOX_TAG) {
    event.waitUntil(
      self.PolkuOutbox.flush().then(function (result) {
        // The open pages tell the person: the worker may send before the page does.
        self.clients.matchAll({ type: "window" }).then(function (pages) {
          pages.forEach(function (page) {
            page.postMessage({ type: "OUTBOX_FLUSHED", result: result });
          });
        });
        if (result.waiting > 0) {
          // Still offline or failing: reject so that the browser tries the sync again.
          throw new Error("outbox not empty");
        }
      })
    );
  }
});

self.addEventListener("push", function (event) {
  var data = {};
  try {
    data = event.data ? event.data.json() : {};
  } catch (error) {
    data = {};
  }
  event.waitUntil(
    self.registration.showNotification(data.title || "Polku", {
      body: data.body || "",
      tag: data.tag,
      icon: ICON_URL,
      badge: ICON_URL,
      data: { url: data.url || INBOX_URL },
    })
  );
});

self.addEventListener("notificationclick", function (event) {
  event.notification.close();
  var target = new URL((event.notification.data && event.notification.data.url) || INBOX_URL, self.location.origin);
  if (target.origin !== self.location.origin) {
    target = new URL(INBOX_URL, self.location.origin);
  }
  event.waitUntil(
    self.clients.matchAll({ type: "window", includeUncontrolled: true }).then(function (windows) {
      for (var i = 0; i < windows.length; i += 1) {
        if (windows[i].url === target.href && "focus" in windows[i]) {
          return windows[i].focus();
        }
      }
      return self.clients.openWindow(target.href);
    })
  );
});
