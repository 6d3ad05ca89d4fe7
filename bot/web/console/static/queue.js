// Keeps the queue current: fetches /api/handoffs every 5 seconds and rebuilds
// the rows. Data is only ever inserted with textContent and createElement,
// never as HTML, so patient or staff text cannot become markup.
(function () {
  "use strict";
  var INTERVAL_MS = 5000;
  var URGENCIES = ["emergency", "urgent", "routine"];
  var table = document.getElementById("queue");
  var rows = document.getElementById("queue-rows");
  var announce = document.getElementById("queue-announce");
  var updated = document.getElementById("queue-updated");
  if (!table || !rows) {
    return;
  }
  var params = new URLSearchParams();
  params.set("status", table.getAttribute("data-status") || "open");
  if (table.getAttribute("data-reason")) {
    params.set("reason", table.getAttribute("data-reason"));
  }
  if (table.getAttribute("data-language")) {
    params.set("language", table.getAttribute("data-language"));
  }
  var seen = new Set();
  rows.querySelectorAll("tr[data-id]").forEach(function (row) { seen.add(row.getAttribute("data-id")); });
  var stopped = false;

  function textCell(text) {
    var cell = document.createElement("td");
    cell.textContent = text;
    return cell;
  }

  function row(item) {
    var tr = document.createElement("tr");
    tr.setAttribute("data-id", item.id);

    var link = document.createElement("a");
    link.href = "/console/handoffs/" + encodeURIComponent(item.id);
    link.textContent = "Handoff " + String(item.id).slice(0, 8);
    var first = document.createElement("td");
    first.appendChild(link);
    tr.appendChild(first);

    var badge = document.createElement("span");
    var level = URGENCIES.indexOf(item.urgency) >= 0 ? item.urgency : "routine";
    badge.className = "urgency urgency-" + level;
    badge.textContent = item.urgency_label;
    var urgency = document.createElement("td");
    urgency.appendChild(badge);
    tr.appendChild(urgency);

    tr.appendChild(textCell(item.age));
    tr.appendChild(textCell(item.reason_label));
    var language = textCell(item.language_label || item.language || "");
    if (/^[a-z]{2,3}$/.test(String(item.language))) {
      language.lang = item.language; // read in that language by screen readers, as the page does
    }
    tr.appendChild(language);
    tr.appendChild(textCell(item.status_label));
    tr.appendChild(textCell(item.claimed_by || "Nobody yet"));
    return tr;
  }

  function render(items) {
    var fragment = document.createDocumentFragment();
    var fresh = 0;
    items.forEach(function (item) {
      if (!seen.has(item.id)) {
        fresh += 1;
        seen.add(item.id);
      }
      fragment.appendChild(row(item));
    });
    if (items.length === 0) {
      var empty = document.createElement("tr");
      empty.className = "empty";
      var cell = textCell("No handoffs match.");
      cell.colSpan = 7;
      empty.appendChild(cell);
      fragment.appendChild(empty);
    }
    rows.replaceChildren(fragment);
    if (fresh > 0) {
      announce.textContent = fresh === 1 ? "1 new handoff in the queue." : fresh + " new handoffs in the queue.";
    }
    updated.textContent = "Last refreshed " + new Date().toLocaleTimeString() + ".";
  }

  function signedOut() {
    stopped = true;
    rows.replaceChildren();
    window.location.assign("/console/login?notice=expired");
  }

  function poll() {
    if (stopped) {
      return;
    }
    fetch("/api/handoffs?" + params.toString(), {
      headers: { "Accept": "application/json", "X-Background-Refresh": "1" },
      credentials: "same-origin",
      cache: "no-store"
    })
      .then(function (response) {
        if (response.status === 401) {
          signedOut();
          return null;
        }
        if (!response.ok) {
          throw new Error("HTTP " + response.status);
        }
        return response.json();
      })
      .then(function (items) {
        if (items) {
          render(items);
        }
      })
      .catch(function () {
        updated.textContent = "Could not refresh just now; trying again.";
      })
      .finally(function () {
        if (!stopped) {
          setTimeout(poll, INTERVAL_MS);
        }
      });
  }

  setTimeout(poll, INTERVAL_MS);
})();
