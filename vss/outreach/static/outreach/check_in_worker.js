/* The check-in tablet's service worker (after vss/js/offline_worker.js in the same
   script): keeps the check-in page's frame, which holds no one's name; the list is kept
   by the page in IndexedDB. */
"use strict";

const CHECK_IN_PAGE = /^\/outreach\/events\/\d+\/check-in\/$/;

keepFrameOffline("vss-check-in-v1", (url) => CHECK_IN_PAGE.test(url.pathname));
