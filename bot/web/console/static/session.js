// Automatic logoff in the browser, matching the server's session limits.
// Shortly before the session ends, a warning offers to stay signed in; when it
// has ended, patient data is removed from the page before going to sign-in.
(function () {
  "use strict";
  var WARN_SECONDS = 120;
  var body = document.body;
  var remaining = parseInt(body.getAttribute("data-expires-in") || "0", 10);
  var warning = document.getElementById("session-warning");
  var stay = document.getElementById("stay-signed-in");
  if (!remaining || !warning || !stay) {
    return;
  }
  var deadline = Date.now() + remaining * 1000;

  function signedOut() {
    var main = document.getElementById("main");
    if (main) {
      main.replaceChildren();
    }
    window.location.assign("/console/login?notice=expired");
  }

  // background=true asks without counting as activity (another tab may have kept the session alive).
  function askServer(background) {
    var headers = { "Accept": "application/json" };
    if (background) {
      headers["X-Background-Refresh"] = "1";
    }
    return fetch("/api/me", { headers: headers, credentials: "same-origin", cache: "no-store" })
      .then(function (response) {
        if (response.status === 401) {
          signedOut();
          return null;
        }
        return response.ok ? response.json() : null;
      })
      .then(function (me) {
        if (me) {
          deadline = Date.now() + me.expires_in_seconds * 1000;
        }
        return me;
      });
  }

  function tick() {
    var left = (deadline - Date.now()) / 1000;
    if (left <= 0) {
      askServer(true).then(function () { setTimeout(tick, 1000); }, function () { setTimeout(tick, 5000); });
      return;
    }
    warning.hidden = left > WARN_SECONDS;
    setTimeout(tick, 1000);
  }

  stay.addEventListener("click", function () {
    askServer(false).then(function () { warning.hidden = true; });
  });
  tick();
})();
