/* What the pages that work with no connection share (the check-in tablet, the intake
   app): IndexedDB's requests as promises, ids made on the device, and the service worker
   that keeps the page's frame so it opens again offline. Loaded before the page's own
   script, which finds it as `VSSOffline`; the service worker's script begins with it too
   (vss.core.offline), for the way a copy is kept. */
"use strict";

self.VSSOffline = (function () {
  function openDb(name, upgrade) {
    return new Promise((resolve, reject) => {
      const request = indexedDB.open(name, 1);
      request.onupgradeneeded = () => upgrade(request.result);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
  }

  function done(transaction) {
    return new Promise((resolve, reject) => {
      transaction.oncomplete = () => resolve();
      transaction.onerror = () => reject(transaction.error);
    });
  }

  function asked(request) {
    return new Promise((resolve, reject) => {
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
  }

  // A version 4 UUID; by hand where the browser has no randomUUID (an older tablet, or
  // a page not served over HTTPS).
  function newId() {
    if (self.crypto && crypto.randomUUID) return crypto.randomUUID();
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
    return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join("-");
  }

  // Keeps a copy of a page or file under its path. The body is read to its end first:
  // the cache lets go of the copy it replaces before it writes the new one, so a body
  // still coming over the network would leave no copy at all for as long as it takes,
  // and none if the connection drops meanwhile. A redirect (to the sign-in page) or an
  // error is not the page: it is refused and the copy kept stays.
  function keep(cache, path, response) {
    if (!response.ok || response.redirected) {
      return Promise.reject(new Error(`${path} answered ${response.status}: not kept`));
    }
    const init = { status: response.status, statusText: response.statusText, headers: response.headers };
    return response.blob().then((body) => cache.put(path, new Response(body, init)));
  }

  // Registers the page's service worker and keeps the page and the files it loaded from
  // /static/, so that it opens offline even if the connection drops right away. Only
  // what is not kept yet is asked for: once the worker answers for the page it keeps the
  // newest of each as it passes, and a connection that is poor is not made to bring the
  // fonts again at each visit. The frame is kept only once the worker is active: a frame
  // in the cache with no worker yet to answer from it would not open offline. Resolves
  // true once every part is kept, false where the page cannot open offline.
  function keepFrame(workerUrl, scope, cacheName) {
    if (!("serviceWorker" in navigator) || !self.caches) return Promise.resolve(false);
    return navigator.serviceWorker
      .register(workerUrl, { scope })
      .then((registration) => activated(registration))
      .then(() => caches.open(cacheName))
      .then((cache) => {
        const files = performance
          .getEntriesByType("resource")
          .map((entry) => new URL(entry.name))
          .filter((url) => url.origin === location.origin && url.pathname.startsWith("/static/"))
          .map((url) => url.pathname);
        const parts = [location.pathname, ...new Set(files)];
        return Promise.all(
          parts.map((path) =>
            cache
              .match(path)
              .then((kept) => kept || fetch(path, { credentials: "same-origin" }).then((r) => keep(cache, path, r)))
          )
        );
      })
      .then(() => true)
      .catch(() => false); // Without a service worker the page still works while it stays open.
  }

  function activated(registration) {
    if (registration.active) return Promise.resolve();
    const worker = registration.installing || registration.waiting;
    return new Promise((resolve) => {
      worker.addEventListener("statechange", () => {
        if (worker.state === "activated") resolve();
      });
    });
  }

  return { openDb, done, asked, newId, keep, keepFrame };
})();
