/* The intake app's service worker: keeps the app's frame (the empty form, nobody's data)
   and the files it needs, so that the app opens again with no connection. The forms
   filled are kept by the page, encrypted, in IndexedDB; nothing else is kept. The
   network is asked first, so that a page or file changed on the server is never stale
   when online. */
"use strict";

const CACHE = "vss-intake-v1";
const APP_PAGES = new Set(["/intake/", "/intake/manifest.webmanifest"]);

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

function kept(url, request) {
  if (url.origin !== self.location.origin || request.method !== "GET") return false;
  return APP_PAGES.has(url.pathname) || url.pathname.startsWith("/static/");
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (!kept(url, request)) return;
  event.respondWith(
    fetch(request)
      .then((response) => {
        // A redirect to the sign-in page is not the app: the frame kept stays.
        if (response.ok && !response.redirected) {
          const copy = response.clone();
          event.waitUntil(caches.open(CACHE).then((cache) => cache.put(url.pathname, copy)));
        }
        return response;
      })
      .catch(() => caches.match(url.pathname).then((answer) => answer || Response.error()))
  );
});
