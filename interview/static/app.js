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
