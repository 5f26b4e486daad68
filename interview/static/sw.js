/* Keeps a copy of interview kits and the app's own files, so a kit reloads when the
   meeting-room Wi-Fi drops. Everything else always goes to the network.
   The server fills in the version (a hash of the static files): a new release gets a new
   cache, and the old ones are deleted when it takes over. */
"use strict";
var PREFIX = "scorecard-kit-";
var CACHE = PREFIX + "__STATIC_VERSION__";
var KIT = /^\/assignments\/\d+\/kit$/;

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
  return url.origin === self.location.origin &&
    (KIT.test(url.pathname) || url.pathname.indexOf("/static/") === 0);
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET" || !keepable(new URL(request.url))) return;
  event.respondWith(caches.open(CACHE).then(function (cache) {
    return fetch(request).then(function (response) {
      if (response.ok && !response.redirected) cache.put(request, response.clone());
      return response;
    }).catch(function (error) {
      return cache.match(request, { ignoreVary: true }).then(function (kept) {
        if (kept) return kept;
        throw error;
      });
    });
  }));
});

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
