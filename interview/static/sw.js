/* Keeps a copy of interview kits and the app's own files, so a kit reloads when the
   meeting-room Wi-Fi drops. Everything else always goes to the network. */
"use strict";
var CACHE = "scorecard-kit-v1";
var KIT = /^\/assignments\/\d+\/kit$/;

self.addEventListener("install", function () { self.skipWaiting(); });
self.addEventListener("activate", function (event) { event.waitUntil(self.clients.claim()); });

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
    event.waitUntil(caches.delete(CACHE));
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
