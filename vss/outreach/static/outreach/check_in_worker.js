/* The check-in tablet's service worker: keeps the check-in page's frame and the files it
   needs, so that the page opens again without a connection. The frame holds no one's
   name (the list is kept by the page in IndexedDB); nothing else is kept. The network is
   asked first, so that a page or file changed on the server is never stale when online. */
"use strict";

const CACHE = "vss-check-in-v1";
const CHECK_IN_PAGE = /^\/outreach\/events\/\d+\/check-in\/$/;

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

function kept(url, request) {
  if (url.origin !== self.location.origin || request.method !== "GET") return false;
  return CHECK_IN_PAGE.test(url.pathname) || url.pathname.startsWith("/static/");
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (!kept(url, request)) return;
  event.respondWith(
    fetch(request)
      .then((response) => {
        if (response.ok) {
          const copy = response.clone();
          event.waitUntil(caches.open(CACHE).then((cache) => cache.put(url.pathname, copy)));
        }
        return response;
      })
      .catch(() =>
        caches.match(url.pathname).then((answer) => answer || Response.error())
      )
  );
});
