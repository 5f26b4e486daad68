/* On sign-out, forget the offline copies of kits kept on this device. */
(function () {
  "use strict";
  var logout = document.getElementById("logout-form");
  if (!logout) return;
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
