/* The intake app's service worker (after vss/js/offline_worker.js in the same script):
   keeps the app's frame, the empty form; the forms filled are kept by the page,
   encrypted, in IndexedDB. */
"use strict";

const APP_PAGES = new Set(["/intake/", "/intake/manifest.webmanifest"]);

keepFrameOffline("vss-intake-v1", (url) => APP_PAGES.has(url.pathname));
