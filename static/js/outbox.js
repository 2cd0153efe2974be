// The offline outbox: form posts written while offline, kept in IndexedDB until they can be sent.
// Used by the page (pwa.js) and by the service worker (Background Sync), so it touches no DOM.
(function (scope) {
  "use strict";

  var DB_NAME = "polku-outbox";
  var STORE = "posts";
  var OWNER_FIELD = "outbox_person";

  function open() {
    return new Promise(function (resolve, reject) {
      var request = scope.indexedDB.open(DB_NAME, 1);
      request.onupgradeneeded = function () {
        request.result.createObjectStore(STORE, { keyPath: "id", autoIncrement: true });
      };
      request.onsuccess = function () {
        resolve(request.result);
      };
      request.onerror = function () {
        reject(request.error);
      };
    });
  }

  // Run work(store) in one transaction; resolves with what work's request gave, once committed.
  function withStore(mode, work) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        var transaction = db.transaction(STORE, mode);
        var result;
        transaction.oncomplete = function () {
          db.close();
          resolve(result);
        };
        transaction.onerror = transaction.onabort = function () {
          db.close();
          reject(transaction.error);
        };
        work(transaction.objectStore(STORE), function (value) {
          result = value;
        });
      });
    });
  }

  function add(url, body) {
    return withStore("readwrite", function (store) {
      store.add({ url: url, body: body, createdAt: Date.now() });
    });
  }

  function count() {
    return withStore("readonly", function (store, done) {
      var request = store.count();
      request.onsuccess = function () {
        done(request.result);
      };
    });
  }

  // Take every waiting post out in one transaction, so that the page and the
  // service worker never send the same one twice.
  function takeAll() {
    return withStore("readwrite", function (store, done) {
      var request = store.getAll();
      request.onsuccess = function () {
        done(request.result);
        store.clear();
      };
    });
  }

  function putBack(items) {
    if (!items.length) {
      return Promise.resolve();
    }
    return withStore("readwrite", function (store) {
      items.forEach(function (item) {
        store.put(item);
      });
    });
  }

  function withToken(body, token) {
    if (!token) {
      return body;
    }
    // The token of the page that sends it: fresher than the one stored with the text.
    var params = new URLSearchParams(body);
    Array.from(params.keys()).forEach(function (key) {
      if (/(^|-)csrf_token$/.test(key)) {
        params.set(key, token);
      }
    });
    return params.toString();
  }

  // Send what waits. Sent: the server took it. Failed: the server refused it (4xx), it
  // will not get better by retrying. Waiting: offline, a server error or signed out: kept.
  // Each post names its writer (OWNER_FIELD); the server refuses one whose writer is not
  // the person signed in when it arrives (see webapp/views/pwa.py).
  function flush(token) {
    return takeAll().then(function (items) {
      var result = { sent: 0, failed: 0, waiting: 0 };
      var keep = [];
      return items
        .reduce(function (previous, item) {
          return previous.then(function () {
            return fetch(item.url, {
              method: "POST",
              body: withToken(item.body, token),
              headers: { "Content-Type": "application/x-www-form-urlencoded" },
              credentials: "same-origin",
            }).then(
              function (response) {
                var signedOut = new URL(response.url).pathname === "/login";
                if (response.status >= 500 || signedOut) {
                  keep.push(item);
                } else if (response.ok) {
                  result.sent += 1;
                } else {
                  result.failed += 1;
                }
              },
              function () {
                keep.push(item);
              }
            );
          });
        }, Promise.resolve())
        .then(function () {
          result.waiting = keep.length;
          return putBack(keep);
        })
        .then(function () {
          return result;
        });
    });
  }

  scope.PolkuOutbox = {
    add: add,
    count: count,
    flush: flush,
    TAG: "polku-outbox",
    OWNER_FIELD: OWNER_FIELD,
  };
})(self);
