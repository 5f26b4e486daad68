/* Keeps a copy of interview kits, "My interviews", the home page, the manifest and the
   app's own files, so they reload when the meeting-room Wi-Fi drops (network first, the
   copy only when the network fails). Everything else always goes to the network.
   The server fills in the version (a hash of the static files): a new release gets a new
   cache, and the old ones are deleted when it takes over. */
"use strict";
var PREFIX = "scorecard-kit-";
var CACHE = PREFIX + "__STATIC_VERSION__";
var KIT = /^\/assignments\/\d+\/kit$/;
var ASSIGNMENT = /^\/assignments\/(\d+)$/;  // the interviewer is sent on to the kit
var PAGES = [KIT, /^\/$/, /^\/my\/interviews$/, /^\/manifest\.webmanifest$/];

self.addEventListener("install", function () { self.skipWaiting(); });
self.addEventListener("activate", function (event) {
  event.waitUntil(dropCaches(function (name) { return name !== CACHE; }).then(function () {
    return self.clients.claim();
  }));
});

function dropCaches(which) {
  return caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) {
      return name.indexOf(PREFIX) === 0 && which(name);
    }).map(function (name) { return caches.delete(name); }));
  });
}

function keepable(url) {
  return url.origin === self.location.origin && (url.pathname.indexOf("/static/") === 0 ||
    PAGES.some(function (page) { return page.test(url.pathname); }));
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  var assignment = ASSIGNMENT.exec(url.pathname);
  if (assignment) {
    // a row of "My interviews" links here; offline, open the kept kit instead
    event.respondWith(fetch(request).catch(function (error) {
      return keptCopy("/assignments/" + assignment[1] + "/kit", error);
    }));
    return;
  }
  if (!keepable(url)) return;
  event.respondWith(caches.open(CACHE).then(function (cache) {
    return fetch(request).then(function (response) {
      if (response.ok && !response.redirected) cache.put(request, response.clone());
      return response;
    }).catch(function (error) { return keptCopy(request, error); });
  }));
});

function keptCopy(request, error) {
  return caches.open(CACHE).then(function (cache) {
    return cache.match(request, { ignoreVary: true });
  }).then(function (kept) {
    if (kept) return kept;
    throw error;
  });
}

self.addEventListener("message", function (event) {
  var data = event.data || {};
  if (data.clear) {
    // signing out: no kit of this user stays on the device, whatever version kept it
    event.waitUntil(dropCaches(function () { return true; }));
  } else if (data.cache) {
    event.waitUntil(caches.open(CACHE).then(function (cache) {
      return Promise.all(data.cache.filter(function (path) {
        return keepable(new URL(path, self.location.origin));
      }).map(function (path) {
        return fetch(path, { credentials: "same-origin" }).then(function (response) {
          if (response.ok && !response.redirected) return cache.put(path, response);
        });
      }));
    }));
  }
});
