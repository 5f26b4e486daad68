/* Interview kit: autosave with per-field versions, offline copy in localStorage.
   No dependencies. */
(function () {
  "use strict";
  var kit = document.getElementById("kit");
  if (!kit) return;

  // A refused submission is answered at .../kit/submit. Put the kit's own address back, so
  // a reload opens the kit (offline too, from the service worker's copy), not a POST URL.
  if (kit.dataset.kitUrl && location.pathname !== kit.dataset.kitUrl) {
    history.replaceState(null, "", kit.dataset.kitUrl);
  }

  // the service worker that keeps this kit offline is registered by app.js on every
  // signed-in page

  // keep the field being typed into visible above the on-screen keyboard
  document.addEventListener("focusin", function (event) {
    if (event.target.matches("textarea, input[type=text]")) {
      setTimeout(function () { event.target.scrollIntoView({ block: "center" }); }, 350);
    }
  });

  // a refused submission comes back as a whole page: show why, not the top of the kit
  var problem = kit.querySelector("form .field-errors, form .conflict, #probe-warning");
  if (problem) problem.scrollIntoView({ block: "center" });

  var storeKey = "kit:" + kit.dataset.user + ":" + kit.dataset.interview;
  if (kit.dataset.locked === "true") {
    localStorage.removeItem(storeKey);
    return;
  }
  var form = document.getElementById("kit-form");
  var statusEl = document.getElementById("save-status");
  var versionsInput = document.getElementById("kit-versions");
  var csrf = document.querySelector('meta[name="csrf-token"]').content;
  var messages = {};
  document.getElementById("save-messages").content.querySelectorAll("[data-state]")
    .forEach(function (el) { messages[el.dataset.state] = el.textContent; });

  var state = load();
  var timer = null;
  var inflight = false;
  var again = false;

  function load() {
    var loaded;
    try { loaded = JSON.parse(localStorage.getItem(storeKey)) || { fields: {} }; }
    catch (e) { loaded = { fields: {} }; }
    // a conflict is worked out again against what this page shows
    Object.keys(loaded.fields).forEach(function (key) { delete loaded.fields[key].conflict; });
    return loaded;
  }
  function persist() { localStorage.setItem(storeKey, JSON.stringify(state)); }

  function inputs(key) { return form.querySelectorAll('[data-field="' + key + '"]'); }
  function read(key) {
    var els = inputs(key);
    if (els[0].type === "checkbox") return els[0].checked;
    if (els[0].type === "radio") {
      var checked = Array.prototype.find.call(els, function (el) { return el.checked; });
      return checked ? checked.value : "";
    }
    return els[0].value;
  }
  function write(key, value) {
    inputs(key).forEach(function (el) {
      if (el.type === "checkbox") el.checked = !!value;
      else if (el.type === "radio") el.checked = el.value === value;
      else el.value = value;
    });
  }
  // the value the page was rendered with (what its data-version stands for)
  function pageValue(key) {
    var els = inputs(key);
    if (els[0].type === "checkbox") return els[0].defaultChecked;
    if (els[0].type === "radio") {
      var checked = Array.prototype.find.call(els, function (el) { return el.defaultChecked; });
      return checked ? checked.value : "";
    }
    return els[0].defaultValue;
  }
  function shownVersion(key) { return parseInt(inputs(key)[0].dataset.version || "0", 10); }
  function setVersion(key, version) {
    inputs(key).forEach(function (el) { el.dataset.version = String(version); });
  }
  function setStatus(name) {
    statusEl.dataset.state = name;
    statusEl.textContent = messages[name] || "";
  }
  // where messages about a field go: after its block (field, tick or fieldset)
  function anchorOf(key) {
    var el = inputs(key)[0];
    return el.closest(".field, .check, fieldset") || el;
  }

  // 0. A refused submission marked fields that were changed elsewhere: the field shows the
  //    newer value, the box this device's. Keep ours (on the device too) until chosen.
  form.querySelectorAll(".conflict[data-conflict]").forEach(function (box) {
    var key = box.dataset.conflict;
    if (!inputs(key).length) return;
    state.fields[key] = {
      value: JSON.parse(box.dataset.mine),
      version: parseInt(box.dataset.base, 10),
      pending: true
    };
    markConflict(key, { value: read(key), version: parseInt(box.dataset.version, 10) }, box);
  });

  // 1. What this device knows beats an older page (e.g. one the service worker kept).
  Object.keys(state.fields).forEach(function (key) {
    var local = state.fields[key];
    if (!inputs(key).length) { delete state.fields[key]; return; }
    if (local.conflict) return;
    var shown = shownVersion(key);
    if (local.pending && local.version === shown) {
      write(key, local.value);
      if (local.invalid) showInvalid(key, local.invalid);
    } else if (local.pending && local.version < shown && read(key) === local.value) {
      // already stored (a refused submission writes every field, or the answer to a save
      // was lost): nothing to send, nothing to resolve
      state.fields[key] = { value: local.value, version: shown, base: local.value };
    } else if (local.pending && local.version < shown && read(key) === local.base) {
      // saved again elsewhere with the very text this change started from: nobody's
      // newer text is in the way, only the version moved on
      local.version = shown;
      write(key, local.value);
      if (local.invalid) showInvalid(key, local.invalid);
    } else if (local.pending && local.version < shown) {
      markConflict(key, { value: read(key), version: shown, unknown: true });
    } else if (local.version > shown) {
      // an older copy of the page (the service worker's, kept before the last save)
      write(key, local.value);
      setVersion(key, local.version);
    } else if (local.version < shown) {
      delete state.fields[key];
    }
    // the same version as the page: kept, in case the next reload gets an older copy
  });
  persist();
  if (anyField("conflict")) setStatus("conflict");
  else if (anyField("invalid")) setStatus("invalid");

  // 2. Every change is kept on the device at once and sent a moment later.
  function onChange(event) {
    var key = event.target.dataset.field;
    if (!key) return;
    var value = read(key);
    // base: the stored text this change starts from, to tell a real conflict from a
    // version that moved on without a change of text
    var entry = state.fields[key] || { version: shownVersion(key), base: pageValue(key) };
    // a textarea's "change" on blur repeats its last "input": sending it again would only
    // raise the field's version and let another tab run into a needless conflict
    if (!entry.pending && entry.value === value) return;
    entry.value = value;
    entry.pending = true;
    if (entry.invalid) { delete entry.invalid; clearInvalid(key); }
    state.fields[key] = entry;
    persist();
    clearTimeout(timer);
    timer = setTimeout(flush, 600);
  }
  form.addEventListener("input", onChange);
  form.addEventListener("change", onChange);

  function anyField(flag) {
    return Object.keys(state.fields).some(function (key) { return state.fields[key][flag]; });
  }
  function pendingKeys() {
    return Object.keys(state.fields).filter(function (key) {
      var entry = state.fields[key];
      return entry.pending && !entry.conflict && !entry.invalid;
    });
  }

  function flush() {
    var keys = pendingKeys();
    if (!keys.length) return Promise.resolve();
    if (inflight) { again = true; return Promise.resolve(); }
    if (!navigator.onLine) { setStatus("offline"); return Promise.resolve(); }
    inflight = true;
    setStatus("saving");
    var sent = {};
    var changes = keys.map(function (key) {
      sent[key] = state.fields[key].value;
      return { key: key, value: sent[key], base: state.fields[key].version };
    });
    return fetch(kit.dataset.saveUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify({ changes: changes })
    }).then(function (response) {
      if (response.status === 409) { setStatus("locked"); return null; }
      if (response.status === 400) {
        // the server could not read the request at all: keep everything, say so
        keys.forEach(function (key) {
          apply({ key: key, status: "invalid", message: messages["invalid-field"] });
        });
        return { results: [] };
      }
      if (!response.ok || response.redirected) throw new Error("HTTP " + response.status);
      return response.json();
    }).then(function (body) {
      if (!body) return;
      body.results.forEach(function (result) { apply(result, sent[result.key]); });
      persist();
      if (anyField("conflict")) setStatus("conflict");
      else if (anyField("invalid")) setStatus("invalid");
      else setStatus(pendingKeys().length ? "saving" : "saved");
    }).catch(function () {
      setStatus("offline");
    }).then(function () {
      inflight = false;
      if (again || pendingKeys().length) { again = false; timer = setTimeout(flush, 1500); }
    });
  }

  function apply(result, sentValue) {
    var entry = state.fields[result.key];
    if (!entry) return;
    if (result.status === "saved") {
      entry.version = result.version;
      entry.base = sentValue;
      setVersion(result.key, result.version);
      if (entry.value === sentValue) entry.pending = false;
      showNotice(result.key, result.notice);
    } else if (result.status === "conflict" && entry.base !== undefined &&
               result.value === entry.base) {
      entry.version = result.version;  // same text, newer version: send again on top of it
    } else if (result.status === "conflict") {
      markConflict(result.key, result);
    } else {
      // refused: the text stays here and on the device until it is changed
      entry.invalid = result.message || messages["invalid-field"];
      showInvalid(result.key, entry.invalid);
    }
  }

  // One message per field and kind ("invalid", "notice"), placed right after the field.
  function noteOf(key, kind) {
    return form.querySelector('.field-' + kind + '[data-' + kind + '="' + key + '"]');
  }
  function showNote(key, kind, className, role, message) {
    var note = noteOf(key, kind);
    if (!note) {
      note = document.createElement("p");
      note.className = className + " field-" + kind;
      note.dataset[kind] = key;
      note.setAttribute("role", role);
      anchorOf(key).insertAdjacentElement("afterend", note);
    }
    note.textContent = message;
  }
  function removeNote(key, kind) {
    var note = noteOf(key, kind);
    if (note) note.remove();
  }
  function showInvalid(key, message) {
    showNote(key, "invalid", "field-errors", "alert", message);
  }
  // A note that mentions a ground the AGG protects: a reminder beside the field, never a
  // refusal (the server says so with each save; gone once the text no longer does).
  function showNotice(key, message) {
    if (message) showNote(key, "notice", "hint", "status", message);
    else removeNote(key, "notice");
  }
  function clearInvalid(key) {
    removeNote(key, "invalid");
  }

  // 3. Another tab or device saved the same field: never overwrite silently.
  function markConflict(key, theirs, box) {
    var entry = state.fields[key];
    entry.conflict = theirs;
    if (!box) {
      if (form.querySelector('.conflict[data-conflict="' + key + '"]')) return;
      box = document.createElement("div");
      box.className = "conflict flash flash-error";
      box.dataset.conflict = key;
      box.setAttribute("role", "alert");
      box.textContent = messages.conflict + " ";
      anchorOf(key).insertAdjacentElement("afterend", box);
    }
    var hint = box.querySelector(".hint");  // how to choose without JavaScript: buttons now
    if (hint) hint.remove();
    var mine = button(messages["keep-mine"], function () {
      write(key, entry.value);
      entry.version = entry.conflict.version;
      entry.base = entry.conflict.value;
      resolve();
    });
    var other = button(messages["take-theirs"], function () {
      if (entry.conflict.unknown) {
        // this device's copy is older than the page: drop it and fetch the newest page
        delete state.fields[key];
        persist();
        location.reload();
        return;
      }
      write(key, entry.conflict.value);
      state.fields[key] = {
        value: entry.conflict.value, version: entry.conflict.version, base: entry.conflict.value
      };
      setVersion(key, entry.conflict.version);
      resolve();
    });
    function resolve() {
      delete entry.conflict;
      box.remove();
      persist();
      if (!anyField("conflict")) {
        var summary = document.getElementById("conflict-summary");
        if (summary) summary.remove();
      }
      flush();
    }
    box.appendChild(mine);
    box.appendChild(other);
  }
  function button(text, onClick) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "button-secondary";
    b.textContent = text;
    b.addEventListener("click", onClick);
    return b;
  }

  window.addEventListener("online", flush);
  window.addEventListener("offline", function () { setStatus("offline"); });
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") flush();
  });
  setInterval(flush, 5000);

  // Submitting needs the network and a choice for every conflict; offline, everything
  // stays on the device instead. The form says which version of each field it shows, so
  // the server never overwrites a newer one with it.
  form.addEventListener("submit", function (event) {
    if (!navigator.onLine) {
      event.preventDefault();
      setStatus("offline");
      return;
    }
    var open = form.querySelector(".conflict");
    if (open) {
      event.preventDefault();
      setStatus("conflict");
      open.scrollIntoView({ block: "center" });
      return;
    }
    var versions = {};
    form.querySelectorAll("[data-field]").forEach(function (el) {
      var entry = state.fields[el.dataset.field];
      versions[el.dataset.field] = entry && typeof entry.version === "number" ?
        entry.version : shownVersion(el.dataset.field);
    });
    versionsInput.value = JSON.stringify(versions);
  });

  if (pendingKeys().length) flush();
})();
