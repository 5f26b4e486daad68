/* Every signed-in page registers the service worker (sw.js), which keeps "My interviews",
   the home page and the interviewer's kits readable when the Wi-Fi drops; on sign-out the
   offline copies are forgotten. */
(function () {
  "use strict";
  var logout = document.getElementById("logout-form");
  if (!logout) return;

  function paths(selector, attribute) {
    return Array.prototype.map.call(document.querySelectorAll(selector), function (el) {
      return el[attribute];
    });
  }

  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).then(function () {
      return navigator.serviceWorker.ready;
    }).then(function (registration) {
      // This page and its files were fetched before the worker ran: ask it to keep a copy
      // now (it keeps only what it is meant to), with the kits of the upcoming interviews
      // listed here, so they open offline without having been opened online first.
      var kits = paths("#upcoming a[href]", "pathname").filter(function (path) {
        return /^\/assignments\/\d+$/.test(path);
      }).map(function (path) { return path + "/kit"; });
      var files = paths("script[src]", "src").concat(paths(
        "link[rel=stylesheet], link[rel=manifest], link[rel~=icon], link[rel=apple-touch-icon]",
        "href"));
      registration.active.postMessage(
        { cache: [location.pathname + location.search].concat(files, kits) });
    }).catch(function () {});
  }

  logout.addEventListener("submit", function () {
    if (navigator.serviceWorker && navigator.serviceWorker.controller) {
      navigator.serviceWorker.controller.postMessage({ clear: true });
    }
    Object.keys(localStorage).forEach(function (key) {
      if (key.indexOf("kit:") !== 0) return;
      try {
        var fields = JSON.parse(localStorage.getItem(key)).fields || {};
        var unsent = Object.keys(fields).some(function (k) { return fields[k].pending; });
        if (!unsent) localStorage.removeItem(key);
      } catch (e) { localStorage.removeItem(key); }
    });
  });
})();

/* Collapsed sections (<details>): open the one a link points into, and all of them for
   printing, so neither a jump to "#area-x" nor the paper copy lands on a closed block. */
(function () {
  "use strict";
  function reveal() {
    var id = decodeURIComponent(location.hash.slice(1));
    var target = id && document.getElementById(id);
    if (!target) return;
    for (var el = target; el; el = el.parentElement) {
      if (el.tagName === "DETAILS") el.open = true;
    }
    target.scrollIntoView();
  }
  window.addEventListener("hashchange", reveal);
  document.addEventListener("DOMContentLoaded", reveal);
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details.area-section").forEach(function (d) { d.open = true; });
  });
})();
