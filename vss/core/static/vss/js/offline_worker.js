/* What the service workers of the pages that work with no connection share, served
   after vss/js/offline.js (whose `VSSOffline.keep` keeps each copy) and before the page's
   own worker in one script (vss.core.offline): it keeps the page's frame (nobody's data:
   each page keeps that in IndexedDB) and the files it needs, and nothing else. The
   network is asked first, so a page or file changed on the server is never stale when
   online. */
"use strict";

function keepFrameOffline(cacheName, isFrame) {
  self.addEventListener("install", () => self.skipWaiting());
  self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

  function kept(url, request) {
    if (url.origin !== self.location.origin || request.method !== "GET") return false;
    return isFrame(url) || url.pathname.startsWith("/static/");
  }

  self.addEventListener("fetch", (event) => {
    const request = event.request;
    const url = new URL(request.url);
    if (!kept(url, request)) return;
    event.respondWith(
      fetch(request)
        .then((response) => {
          const copy = response.clone();
          event.waitUntil(
            caches
              .open(cacheName)
              .then((cache) => VSSOffline.keep(cache, url.pathname, copy))
              .catch(() => {}) // not the page or file itself, or cut short: the copy kept stays
          );
          return response;
        })
        .catch(() => caches.match(url.pathname).then((answer) => answer || Response.error()))
    );
  });
}
