// Live notes: autosave with a copy kept on this device, the meeting clock, and a screen that
// stays awake while the page is open.
(function () {
  "use strict";
  var page = document.querySelector(".live");
  if (!page) { return; }

  // --- Notes. Typed text is kept in the browser until the server confirms it, and restored after
  // a reload or a lost connection; the server copy wins only once it is known to be newer.
  var key = "coffeechat-live-" + page.dataset.meeting + "-";
  var state = document.getElementById("save-state");
  var form = document.getElementById("live-notes");
  var token = form.querySelector("[name=csrfmiddlewaretoken]").value;
  var timers = {};

  function save(field, text) {
    var body = new URLSearchParams({field: field, text: text});
    fetch(form.action, {method: "POST", body: body, headers: {"X-CSRFToken": token}, credentials: "same-origin"})
      .then(function (response) {
        if (!response.ok) { throw new Error(response.status); }
        if (localStorage.getItem(key + field) === text) { localStorage.removeItem(key + field); }
        state.textContent = "Saved.";
      })
      .catch(function () {
        state.textContent = "Not saved yet: kept on this device, will retry.";
        setTimeout(function () { save(field, localStorage.getItem(key + field) || text); }, 5000);
      });
  }

  document.querySelectorAll("textarea[data-field]").forEach(function (area) {
    var field = area.dataset.field;
    var kept = localStorage.getItem(key + field);
    if (kept !== null && kept !== area.value) { area.value = kept; save(field, kept); }
    area.addEventListener("input", function () {
      localStorage.setItem(key + field, area.value);
      state.textContent = "Saving…";
      clearTimeout(timers[field]);
      timers[field] = setTimeout(function () { save(field, area.value); }, 700);
    });
  });

  // --- The clock counts from the start the server keeps, in the server's time (this device's
  // clock may be off: the difference is measured once, when the page loads).
  var clock = document.getElementById("clock");
  var warningLine = document.getElementById("clock-alert");
  var note = document.getElementById("clock-note");
  var clockForm = document.querySelector(".clock-form");
  var skew = Date.parse(page.dataset.now) - Date.now();
  var minutes = Number(page.dataset.minutes);
  var started = page.dataset.started ? Date.parse(page.dataset.started) : null;

  function pad(n) { return String(n).padStart(2, "0"); }
  function tick() {
    if (started === null) { return; }
    var left = Math.round((started + minutes * 60000 - (Date.now() + skew)) / 1000);
    var shown = Math.abs(left);
    clock.textContent = (left < 0 ? "over by " : "") + Math.floor(shown / 60) + ":" + pad(shown % 60);
    var warning = left <= 300;
    clock.classList.toggle("warning", warning);
    if (warning && left > 0 && !clock.dataset.warned) {
      // Said once, in its own place: the clock itself stays silent as it ticks.
      clock.dataset.warned = "1";
      warningLine.textContent = "Five minutes left: time to ask whom else to talk to.";
      if (navigator.vibrate) { navigator.vibrate(200); }
    }
  }
  setInterval(tick, 1000);
  tick();

  clockForm.addEventListener("submit", function (event) {
    event.preventDefault();
    var body = new URLSearchParams(new FormData(clockForm));
    body.set("action", event.submitter ? event.submitter.value : "start");
    // getAttribute: the form's buttons are named "action", which hides the form.action property.
    fetch(clockForm.getAttribute("action"), {method: "POST", body: body, credentials: "same-origin",
                             headers: {"X-CSRFToken": token, "Accept": "application/json"}})
      .then(function (response) { if (!response.ok) { throw new Error(response.status); } return response.json(); })
      .then(function (answer) {
        started = Date.parse(answer.started);
        skew = Date.parse(answer.now) - Date.now();
        delete clock.dataset.warned;
        warningLine.textContent = "";
        note.textContent = "started " + answer.started_label;  // in the meeting's time zone
        document.getElementById("start").textContent = "Restart now";
        clockForm.querySelectorAll("button[hidden]").forEach(function (b) { b.hidden = false; });
        tick();
      })
      .catch(function () { state.textContent = "The clock could not be saved: check the connection."; });
  });

  // --- Keep the screen on while the page is open, where the browser allows it.
  var lock = null;
  function stayAwake() {
    if (!("wakeLock" in navigator) || document.visibilityState !== "visible") { return; }
    navigator.wakeLock.request("screen").then(function (sentinel) { lock = sentinel; }).catch(function () {});
  }
  document.addEventListener("visibilitychange", function () { if (lock === null || lock.released) { stayAwake(); } });
  stayAwake();
})();
