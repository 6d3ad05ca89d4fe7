// The live chat page: availability, the queue of waiting chats and one chat at a time.
//
// Data comes from /api/live/* (bot/web/live_routes.py): the queue and each chat
// arrive as Server-Sent Events (EventSource), every POST carries the session's
// CSRF token from /api/me. Patient and staff text is only ever inserted with
// textContent and createElement, never as HTML. Polls and heartbeats send
// X-Background-Refresh so they do not count as activity for the automatic logoff.
(function () {
  "use strict";
  var root = document.getElementById("live-page");
  if (!root) {
    return;
  }
  var $ = function (id) { return document.getElementById(id); };
  var els = {
    available: $("live-available"),
    name: $("live-name"),
    online: $("live-online"),
    sound: $("live-sound"),
    badge: $("live-badge"),
    announce: $("live-announce"),
    queueMessage: $("live-queue-message"),
    waiting: $("live-waiting"),
    waitingHeading: $("waiting-heading"),
    active: $("live-active"),
    chatHeading: $("chat-heading"),
    chatEmpty: $("chat-empty"),
    chatView: $("chat-view"),
    chatMeta: $("chat-meta"),
    chatAlert: $("chat-alert"),
    chatLog: $("chat-log"),
    chatStatus: $("chat-status"),
    form: $("chat-form"),
    saved: $("saved-replies"),
    insert: $("insert-reply"),
    message: $("chat-message"),
    counter: $("chat-counter"),
    chatError: $("chat-error"),
    send: $("chat-send"),
    handBack: $("hand-back"),
    end: $("end-chat"),
    close: $("close-chat")
  };
  var MAX_CHARS = parseInt(els.message.getAttribute("maxlength") || "2000", 10);
  var HEARTBEAT_MS = 30000;
  var POLL_MS = 30000;
  var TYPING_EVERY_MS = 3000;
  var SOUND_KEY = "liveChatSound";
  var BADGE_KEY = "liveChatTitleBadge";
  var URGENCY = { emergency: "Emergency", urgent: "Urgent", routine: "Routine" };
  // Each language by its own name (bot/web/console/formatting.py LANGUAGE_LABELS, rendered into the page).
  var LANGUAGES = {};
  try {
    LANGUAGES = JSON.parse(root.getAttribute("data-language-labels") || "{}") || {};
  } catch (ignored) {
    LANGUAGES = {};
  }
  var BASE_TITLE = document.title;

  var state = {
    csrf: null,
    stopped: false,
    available: false,
    presenceBusy: false,
    heartbeat: null,
    seen: null, // ids of waiting chats already announced (null until the first load)
    waitingCount: 0,
    fetchedAt: Date.now(),
    loading: false,
    reload: false,
    queueSource: null,
    chat: null, // {id, handoff_id, urgency, staff_name, over}
    chatSource: null,
    chatRetries: 0,
    alerted: {}, // chat id -> level already shown
    lastTyping: 0,
    audio: null,
    alerts: 0,
    replies: []
  };

  // ------------------------------------------------------------ helpers

  function node(tag, className, text) {
    var element = document.createElement(tag);
    if (className) {
      element.className = className;
    }
    if (text !== undefined && text !== null) {
      element.textContent = String(text);
    }
    return element;
  }

  function short(id) {
    return String(id || "").slice(0, 8);
  }

  function waitText(seconds) {
    seconds = Math.max(0, Math.floor(seconds));
    if (seconds < 60) {
      return seconds + " s";
    }
    var minutes = Math.floor(seconds / 60);
    var rest = seconds % 60;
    return minutes + " min " + (rest < 10 ? "0" : "") + rest + " s";
  }

  function readPref(key) {
    try {
      return window.localStorage.getItem(key) !== "off";
    } catch (error) {
      return true;
    }
  }

  function writePref(key, on) {
    try {
      window.localStorage.setItem(key, on ? "on" : "off");
    } catch (error) {
      /* not remembered */
    }
  }

  function say(region, text, className) {
    region.replaceChildren();
    if (text) {
      region.appendChild(node("p", "banner " + (className || "error"), text));
    }
  }

  function signedOut() {
    state.stopped = true;
    if (state.queueSource) {
      state.queueSource.close();
    }
    if (state.chatSource) {
      state.chatSource.close();
    }
    var main = $("main");
    if (main) {
      main.replaceChildren();
    }
    window.location.assign("/console/login?notice=expired");
  }

  function csrfToken() {
    if (state.csrf) {
      return Promise.resolve(state.csrf);
    }
    return fetch("/api/me", {
      headers: { "Accept": "application/json", "X-Background-Refresh": "1" },
      credentials: "same-origin",
      cache: "no-store"
    }).then(function (response) {
      if (response.status === 401) {
        signedOut();
        throw new Error("signed out");
      }
      if (!response.ok) {
        throw new Error("HTTP " + response.status);
      }
      return response.json();
    }).then(function (me) {
      state.csrf = me.csrf_token;
      return state.csrf;
    });
  }

  /** Resolves {status, ok, data}; POSTs carry the CSRF token (fetched once, again after a 403). */
  function api(method, path, body, background, retried) {
    var headers = { "Accept": "application/json" };
    if (background) {
      headers["X-Background-Refresh"] = "1";
    }
    var ready = method === "GET" ? Promise.resolve(null) : csrfToken();
    return ready.then(function (token) {
      if (token) {
        headers["X-CSRF-Token"] = token;
      }
      if (body !== undefined) {
        headers["Content-Type"] = "application/json";
      }
      return fetch(path, {
        method: method,
        headers: headers,
        credentials: "same-origin",
        cache: "no-store",
        body: body === undefined ? undefined : JSON.stringify(body)
      });
    }).then(function (response) {
      if (response.status === 401) {
        signedOut();
        throw new Error("signed out");
      }
      if (response.status === 403 && method !== "GET" && !retried) {
        state.csrf = null; // a new session since the token was read
        return api(method, path, body, background, true);
      }
      return response.json().catch(function () { return {}; }).then(function (data) {
        return { status: response.status, ok: response.ok, data: data || {} };
      });
    });
  }

  // --------------------------------------------------- sound and title

  function ensureAudio() {
    var Context = window.AudioContext || window.webkitAudioContext;
    if (!Context) {
      return;
    }
    try {
      if (!state.audio) {
        state.audio = new Context();
      } else if (state.audio.state === "suspended") {
        state.audio.resume().catch(function () {});
      }
    } catch (error) {
      state.audio = null;
    }
  }

  // Browsers let a page make sound only after the user did something on it.
  document.addEventListener("pointerdown", ensureAudio, true);
  document.addEventListener("keydown", ensureAudio, true);

  function beep() {
    var context = state.audio;
    if (!context || context.state !== "running") {
      return false;
    }
    var now = context.currentTime;
    var oscillator = context.createOscillator();
    var gain = context.createGain();
    oscillator.type = "sine";
    oscillator.frequency.setValueAtTime(880, now);
    oscillator.frequency.setValueAtTime(1175, now + 0.15);
    gain.gain.setValueAtTime(0.0001, now);
    gain.gain.exponentialRampToValueAtTime(0.25, now + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, now + 0.35);
    oscillator.connect(gain);
    gain.connect(context.destination);
    oscillator.start(now);
    oscillator.stop(now + 0.4);
    return true;
  }

  function updateTitle() {
    var count = state.waitingCount;
    document.title = els.badge.checked && count > 0 ? "(" + count + ") " + BASE_TITLE : BASE_TITLE;
  }

  function newChatsWaiting(count) {
    state.alerts += 1;
    var played = els.sound.checked && beep();
    root.setAttribute("data-new-chat-alerts", String(state.alerts));
    root.setAttribute("data-sounds", String(parseInt(root.getAttribute("data-sounds") || "0", 10) + (played ? 1 : 0)));
    els.announce.textContent = count === 1 ? "A new chat is waiting." : count + " new chats are waiting.";
  }

  // ------------------------------------------------------- availability

  function showOnline(online) {
    if (typeof online !== "number") {
      return;
    }
    els.online.textContent = online === 1 ? "1 staff member is available for chats now." :
      online + " staff members are available for chats now.";
  }

  function applyAvailable(on) {
    state.available = !!on;
    els.available.checked = state.available;
    // The heartbeat runs while this page is open, available or not: a chat you have joined
    // is handed back to the assistant when your page goes quiet (docs/safety.md H-L2).
    if (!state.heartbeat) {
      state.heartbeat = setInterval(heartbeat, HEARTBEAT_MS);
    }
  }

  function setPresence(on) {
    if (state.presenceBusy) {
      return;
    }
    state.presenceBusy = true;
    var name = els.name.value.trim();
    api("POST", "/api/live/presence", { available: on, display_name: name || null })
      .then(function (result) {
        if (!result.ok) {
          throw new Error("HTTP " + result.status);
        }
        applyAvailable(result.data.available);
        if (result.data.display_name) {
          els.name.value = result.data.display_name;
        }
        showOnline(result.data.online);
        say(els.queueMessage, "");
      })
      .catch(function () {
        els.available.checked = state.available;
        say(els.queueMessage, "Your availability could not be changed. Please try again.");
      })
      .then(function () {
        state.presenceBusy = false;
      });
  }

  function heartbeat() {
    api("POST", "/api/live/heartbeat", undefined, true).then(function (result) {
      if (result.ok && result.data.available === false && state.available) {
        applyAvailable(false);
        say(els.queueMessage, "You were marked unavailable for chats. Switch it on again to take chats.");
      }
    }, function () { /* the next beat tries again */ });
  }

  // --------------------------------------------------------------- queue

  function loadQueue() {
    if (state.stopped) {
      return;
    }
    if (state.loading) {
      state.reload = true;
      return;
    }
    state.loading = true;
    api("GET", "/api/live/queue", undefined, true)
      .then(function (result) {
        if (!result.ok) {
          throw new Error("HTTP " + result.status);
        }
        state.fetchedAt = Date.now();
        if (!state.presenceBusy && !!result.data.available !== state.available) {
          applyAvailable(result.data.available);
        }
        showOnline(result.data.online);
        renderWaiting(Array.isArray(result.data.waiting) ? result.data.waiting : []);
        renderActive(Array.isArray(result.data.active) ? result.data.active : []);
      })
      .catch(function (error) {
        if (!state.stopped && String(error && error.message) !== "signed out") {
          say(els.queueMessage, "The live queue could not be refreshed; trying again.");
        }
      })
      .then(function () {
        state.loading = false;
        if (state.reload) {
          state.reload = false;
          loadQueue();
        }
      });
  }

  function waitLabel(item) {
    var span = node("span", "live-wait");
    span.setAttribute("data-wait", String(item.wait_seconds || 0));
    span.textContent = "Waiting " + waitText(item.wait_seconds || 0);
    return span;
  }

  function urgencyBadge(level) {
    var code = URGENCY[level] ? level : "routine";
    return node("span", "urgency urgency-" + code, URGENCY[code]);
  }

  /** A chat's language code when the queue gives one ("en", "es"), else null. */
  function languageOf(item) {
    var code = item && item.language;
    return typeof code === "string" && /^[a-z]{2,3}$/.test(code) ? code : null;
  }

  /** The language by its own name, marked with lang so a screen reader says it in that language. */
  function languageTag(code) {
    var tag = node("span", "language-tag", LANGUAGES[code] || code);
    tag.lang = code;
    return tag;
  }

  function renderWaiting(items) {
    var list = document.createDocumentFragment();
    var fresh = 0;
    var seen = state.seen || {};
    var next = {};
    items.forEach(function (item) {
      next[item.id] = true;
      if (state.seen && !seen[item.id]) {
        fresh += 1;
      }
      var li = node("li", "live-item");
      li.setAttribute("data-id", item.id);
      li.setAttribute("data-urgency", item.urgency);
      li.appendChild(urgencyBadge(item.urgency));
      li.appendChild(node("span", "live-name", "Chat " + short(item.id)));
      if (languageOf(item)) {
        li.appendChild(languageTag(languageOf(item)));
      }
      li.appendChild(waitLabel(item));
      var join = node("button", "live-join", "Join");
      join.type = "button";
      join.appendChild(node("span", "visually-hidden", " chat " + short(item.id)));
      join.addEventListener("click", function () { joinChat(item, join); });
      li.appendChild(join);
      list.appendChild(li);
    });
    if (!items.length) {
      list.appendChild(node("li", "empty", "Nobody is waiting."));
    }
    els.waiting.replaceChildren(list);
    state.seen = next;
    state.waitingCount = items.length;
    updateTitle();
    if (fresh > 0) {
      newChatsWaiting(fresh);
    }
  }

  function renderActive(items) {
    var list = document.createDocumentFragment();
    items.forEach(function (item) {
      var li = node("li", "live-item");
      li.setAttribute("data-id", item.id);
      li.appendChild(urgencyBadge(item.urgency));
      li.appendChild(node("span", "live-name", "Chat " + short(item.id)));
      if (languageOf(item)) {
        li.appendChild(languageTag(languageOf(item)));
      }
      li.appendChild(node("span", "live-who", item.mine ? "with you" : "with " + (item.staff_name || "someone")));
      if (item.mine && !(state.chat && state.chat.id === item.id)) {
        var open = node("button", "button-secondary", "Open");
        open.type = "button";
        open.appendChild(node("span", "visually-hidden", " chat " + short(item.id)));
        open.addEventListener("click", function () { reopenChat(item); });
        li.appendChild(open);
      }
      list.appendChild(li);
    });
    if (!items.length) {
      list.appendChild(node("li", "empty", "None."));
    }
    els.active.replaceChildren(list);
  }

  function tickWaits() {
    var elapsed = (Date.now() - state.fetchedAt) / 1000;
    els.waiting.querySelectorAll(".live-wait").forEach(function (span) {
      span.textContent = "Waiting " + waitText(parseInt(span.getAttribute("data-wait"), 10) + elapsed);
    });
  }

  function openQueueStream() {
    if (state.stopped) {
      return;
    }
    if (typeof window.EventSource !== "function") {
      setInterval(loadQueue, 5000);
      return;
    }
    var source = new EventSource("/api/live/stream");
    state.queueSource = source;
    source.addEventListener("queue", loadQueue);
    source.addEventListener("alert", function (event) {
      var data = parse(event);
      if (!data || !data.chat_id) {
        return;
      }
      if (state.chat && state.chat.id === data.chat_id) {
        showAlert(data.level);
      } else {
        say(els.queueMessage, "A patient in chat " + short(data.chat_id) + " reported " +
          (data.level === "emergency" ? "signs of an emergency." : "urgent signs."));
      }
    });
    source.addEventListener("replaced", function () {
      source.close();
      state.queueSource = null;
      say(els.queueMessage, "The live queue is open in another tab or window; this page stopped updating. Reload it to use it here.", "info");
    });
    source.onerror = function () {
      if (source.readyState === 2 && state.queueSource === source) { // CLOSED: refused (signed out?)
        state.queueSource = null;
        setTimeout(function () {
          csrfToken().then(openQueueStream, function () { setTimeout(openQueueStream, 10000); });
        }, 5000);
      }
    };
  }

  function parse(event) {
    try {
      var data = JSON.parse(event.data);
      return data && typeof data === "object" ? data : null;
    } catch (error) {
      return null;
    }
  }

  // ---------------------------------------------------------------- chat

  function joinChat(item, button) {
    if (state.chat && !state.chat.over) {
      say(els.queueMessage, "Hand back or end your current chat before you join another.");
      return;
    }
    if (button.getAttribute("aria-busy") === "true") {
      return;
    }
    button.setAttribute("aria-busy", "true");
    api("POST", "/api/live/" + encodeURIComponent(item.id) + "/join")
      .then(function (result) {
        if (result.ok && result.data.chat) {
          say(els.queueMessage, "");
          openChat(result.data.chat, Array.isArray(result.data.transcript) ? result.data.transcript : []);
        } else if (result.status === 409) {
          say(els.queueMessage, result.data.detail ||
            ((result.data.taken_by || "Someone") + " has already joined this chat."));
        } else if (result.status === 410) {
          say(els.queueMessage, result.data.detail || "This chat has ended or timed out.");
        } else {
          say(els.queueMessage, result.data.detail || "The chat could not be joined. Please try again.");
        }
      }, function () {
        say(els.queueMessage, "The chat could not be joined. Please try again.");
      })
      .then(function () {
        button.removeAttribute("aria-busy");
        loadQueue();
      });
  }

  function setControls(enabled) {
    [els.message, els.send, els.saved, els.insert, els.handBack, els.end].forEach(function (control) {
      control.disabled = !enabled;
    });
    els.close.hidden = enabled;
  }

  /** Reopens a chat you already have (after a reload): its transcript comes from the server. */
  function reopenChat(item) {
    api("GET", "/api/live/" + encodeURIComponent(item.id) + "/transcript").then(function (result) {
      openChat(item, result.ok && Array.isArray(result.data.transcript) ? result.data.transcript : null);
    }, function () {
      openChat(item, null);
    });
  }

  /** Shows a chat: the transcript so far (null when it could not be read, when only new lines can be shown). */
  function openChat(chat, transcript) {
    closeChatStream();
    state.chat = { id: chat.id, handoff_id: chat.handoff_id, urgency: chat.urgency, staff_name: chat.staff_name, over: false,
                   language: languageOf(chat) };
    state.chatRetries = 0;
    els.chatLog.replaceChildren();
    els.chatAlert.replaceChildren();
    els.chatStatus.textContent = "";
    say(els.chatError, "");
    els.chatMeta.replaceChildren(urgencyBadge(chat.urgency), document.createTextNode(" Chat " + short(chat.id)));
    // The messages are shown as typed; the log carries their language so a screen reader reads them properly.
    if (state.chat.language) {
      els.chatMeta.appendChild(document.createTextNode(" "));
      els.chatMeta.appendChild(languageTag(state.chat.language));
      els.chatLog.lang = state.chat.language;
    } else {
      els.chatLog.removeAttribute("lang");
    }
    if (chat.handoff_id) {
      var link = node("a", null, "Handoff " + short(chat.handoff_id));
      link.href = "/console/handoffs/" + encodeURIComponent(chat.handoff_id);
      link.target = "_blank";
      link.rel = "noopener";
      els.chatMeta.appendChild(document.createTextNode(" · "));
      els.chatMeta.appendChild(link);
      els.chatMeta.appendChild(node("span", "visually-hidden", " (opens in a new tab)"));
    }
    if (transcript) {
      transcript.forEach(function (line) {
        addLine(line.sender, line.text, line.name);
      });
    } else {
      addLine("notice", "The earlier messages of this chat could not be loaded; new ones appear here.", null, null, true);
    }
    els.chatEmpty.hidden = true;
    els.chatView.hidden = false;
    setControls(true);
    updateCounter();
    openChatStream();
    loadQueue();
    scrollLog();
    els.message.focus();
  }

  function lineLabel(sender, name) {
    if (sender === "patient") {
      return "Patient";
    }
    if (sender === "assistant") {
      return "Assistant (automated)";
    }
    if (sender === "staff") {
      var who = name || "Staff";
      return state.chat && name && name === state.chat.staff_name ? who + " (you)" : who + " (staff)";
    }
    return "";
  }

  /** One line of the chat; ``consoleText`` marks the console's own English words inside a log in the patient's language. */
  function addLine(sender, text, name, alert, consoleText) {
    if (typeof text !== "string" || !text.trim()) {
      return;
    }
    var kind = ["patient", "assistant", "staff"].indexOf(sender) >= 0 ? sender : "notice";
    var line = node("div", "line line-" + kind);
    line.setAttribute("data-sender", kind);
    if (kind === "notice") {
      var said = node("p", "said", text);
      if (consoleText) {
        said.lang = "en";
      }
      line.appendChild(said);
    } else {
      var who = node("p", "who");
      who.lang = "en";
      who.appendChild(node("strong", null, lineLabel(kind, name)));
      line.appendChild(who);
      line.appendChild(node("p", "said", text));
      if (alert) {
        tagAlert(line, alert);
      }
    }
    var nearEnd = els.chatLog.scrollHeight - els.chatLog.scrollTop - els.chatLog.clientHeight < 80;
    els.chatLog.appendChild(line);
    if (nearEnd) {
      scrollLog();
    }
  }

  function tagAlert(line, level) {
    if (line.classList.contains("line-alert")) {
      return;
    }
    line.classList.add("line-alert");
    line.querySelector(".who").appendChild(
      node("span", "alert-tag", level === "emergency" ? "Emergency signs" : "Urgent signs"));
  }

  /** The screen's verdict on a line already shown (it arrives once Rasa has read the line). */
  function markAlert(text, level) {
    var lines = els.chatLog.querySelectorAll(".line-patient");
    for (var index = lines.length - 1; index >= 0; index -= 1) {
      if (lines[index].querySelector(".said").textContent === text) {
        tagAlert(lines[index], level);
        return;
      }
    }
  }

  function scrollLog() {
    els.chatLog.scrollTop = els.chatLog.scrollHeight;
  }

  function showAlert(level) {
    if (!state.chat || !level || state.alerted[state.chat.id] === "emergency") {
      return;
    }
    state.alerted[state.chat.id] = level;
    var box = node("div", "banner error live-alert");
    box.setAttribute("data-level", level);
    if (level === "emergency") {
      box.appendChild(node("p", "alert-title", "Emergency: the patient reported signs of an emergency."));
      box.appendChild(node("p", null, "The assistant has already told them to call the emergency number. Check on them now."));
    } else {
      box.appendChild(node("p", "alert-title", "Urgent: the patient reported urgent signs."));
      box.appendChild(node("p", null, "The assistant gave its urgent advice. Make sure a clinician follows up."));
    }
    els.chatAlert.replaceChildren(box);
  }

  function closeChatStream() {
    if (state.chatSource) {
      state.chatSource.close();
      state.chatSource = null;
    }
  }

  function openChatStream() {
    if (!state.chat || state.chat.over || state.stopped || typeof window.EventSource !== "function") {
      return;
    }
    var chatId = state.chat.id;
    var source = new EventSource("/api/live/" + encodeURIComponent(chatId) + "/stream");
    state.chatSource = source;
    var mine = function () { return state.chatSource === source && state.chat && state.chat.id === chatId; };
    source.onopen = function () {
      state.chatRetries = 0;
    };
    source.addEventListener("patient", function (event) {
      var data = parse(event);
      if (data && mine()) {
        addLine("patient", data.text, null, data.alert);
        if (data.alert) {
          showAlert(data.alert);
        }
      }
    });
    source.addEventListener("alert", function (event) {
      var data = parse(event);
      if (data && data.level && mine()) {
        markAlert(data.text, data.level);
        showAlert(data.level);
      }
    });
    source.addEventListener("assistant", function (event) {
      var data = parse(event);
      if (data && mine()) {
        addLine("assistant", data.text);
      }
    });
    source.addEventListener("staff", function (event) {
      var data = parse(event);
      if (data && mine()) {
        addLine("staff", data.text, data.name);
      }
    });
    source.addEventListener("left", function (event) {
      var data = parse(event);
      if (mine()) {
        addLine("notice", data && data.text);
        chatOver("The chat has ended. The automated assistant is helping the patient again.");
      }
    });
    source.addEventListener("timed_out", function (event) {
      var data = parse(event);
      if (mine()) {
        addLine("notice", data && data.text);
        chatOver("The chat timed out and became a call-back.");
      }
    });
    source.addEventListener("replaced", function () {
      if (mine()) {
        closeChatStream();
        setControls(false);
        els.chatStatus.textContent = "This chat was opened in another tab or window; continue there.";
      }
    });
    source.onerror = function () {
      if (!mine()) {
        return;
      }
      // Closed after a while without events, or the network dropped: open a new stream at once,
      // rather than after the browser's own delay, so nothing the patient writes meanwhile is missed.
      closeChatStream();
      if (source.readyState === 2 && state.chatRetries > 2) {
        chatOver("The chat is no longer open.");
        return;
      }
      state.chatRetries += 1;
      setTimeout(openChatStream, state.chatRetries === 1 ? 100 : 2000 * state.chatRetries);
    };
  }

  function chatOver(message) {
    if (!state.chat || state.chat.over) {
      return;
    }
    var hadFocus = els.chatView.contains(document.activeElement);
    state.chat.over = true;
    closeChatStream();
    setControls(false);
    els.chatStatus.textContent = message;
    if (hadFocus) {
      els.close.focus();
    }
    loadQueue();
  }

  function updateCounter() {
    els.counter.textContent = els.message.value.length + "/" + MAX_CHARS;
  }

  function sendMessage() {
    if (!state.chat || state.chat.over || els.send.getAttribute("aria-busy") === "true") {
      return;
    }
    var text = els.message.value.trim();
    if (!text) {
      els.message.focus();
      return;
    }
    if (text.length > MAX_CHARS) {
      say(els.chatError, "The message is longer than " + MAX_CHARS + " characters.");
      return;
    }
    els.send.setAttribute("aria-busy", "true");
    say(els.chatError, "");
    api("POST", "/api/live/" + encodeURIComponent(state.chat.id) + "/messages", { text: text })
      .then(function (result) {
        if (result.ok) {
          // Shown when it comes back on the chat's stream, as the patient gets it.
          if (els.message.value.trim() === text) {
            els.message.value = "";
          }
          updateCounter();
        } else {
          say(els.chatError, typeof result.data.detail === "string" ? result.data.detail :
            "The message could not be sent. Please try again.");
        }
      }, function () {
        say(els.chatError, "The message could not be sent. Please try again.");
      })
      .then(function () {
        els.send.removeAttribute("aria-busy");
      });
  }

  function typing() {
    updateCounter();
    var now = Date.now();
    if (!state.chat || state.chat.over || !els.message.value.trim() || now - state.lastTyping < TYPING_EVERY_MS) {
      return;
    }
    state.lastTyping = now;
    api("POST", "/api/live/" + encodeURIComponent(state.chat.id) + "/typing").catch(function () {});
  }

  function finish(kind) {
    if (!state.chat || state.chat.over) {
      return;
    }
    var chatId = state.chat.id;
    api("POST", "/api/live/" + encodeURIComponent(chatId) + "/" + kind)
      .then(function (result) {
        if (!state.chat || state.chat.id !== chatId) {
          return;
        }
        if (result.ok) {
          chatOver(kind === "hand-back" ? "You handed the chat back to the assistant." : "You ended the chat. The assistant is helping the patient again.");
        } else {
          say(els.chatError, result.data.detail || "That did not work. Please try again.");
        }
      }, function () {
        say(els.chatError, "That did not work. Please try again.");
      });
  }

  function loadSavedReplies() {
    api("GET", "/api/live/saved-replies", undefined, true).then(function (result) {
      if (!result.ok || !Array.isArray(result.data)) {
        return;
      }
      state.replies = result.data.filter(function (reply) {
        return reply && typeof reply.title === "string" && typeof reply.text === "string";
      });
      state.replies.forEach(function (reply, index) {
        var option = node("option", null, reply.title);
        option.value = String(index);
        els.saved.appendChild(option);
      });
    }, function () { /* the list stays empty */ });
  }

  function insertReply() {
    var reply = state.replies[parseInt(els.saved.value, 10)];
    if (!reply) {
      els.saved.focus();
      return;
    }
    var box = els.message;
    var start = box.selectionStart || 0;
    var end = box.selectionEnd || 0;
    var before = box.value.slice(0, start);
    var spacer = before && !/\s$/.test(before) ? " " : "";
    box.value = (before + spacer + reply.text + box.value.slice(end)).slice(0, MAX_CHARS);
    var caret = Math.min(box.value.length, before.length + spacer.length + reply.text.length);
    box.focus();
    box.setSelectionRange(caret, caret);
    els.saved.value = "";
    typing();
  }

  // --------------------------------------------------------------- start

  els.sound.checked = readPref(SOUND_KEY);
  els.badge.checked = readPref(BADGE_KEY);
  els.sound.addEventListener("change", function () { writePref(SOUND_KEY, els.sound.checked); });
  els.badge.addEventListener("change", function () { writePref(BADGE_KEY, els.badge.checked); updateTitle(); });
  els.available.addEventListener("change", function () { setPresence(els.available.checked); });
  els.form.addEventListener("submit", function (event) {
    event.preventDefault();
    sendMessage();
  });
  els.message.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      sendMessage();
    }
  });
  els.message.addEventListener("input", typing);
  els.insert.addEventListener("click", insertReply);
  els.handBack.addEventListener("click", function () { finish("hand-back"); });
  els.end.addEventListener("click", function () { finish("end"); });
  els.close.addEventListener("click", function () {
    closeChatStream();
    state.chat = null;
    els.chatView.hidden = true;
    els.chatEmpty.hidden = false;
    els.waitingHeading.focus();
    loadQueue();
  });

  loadQueue();
  loadSavedReplies();
  openQueueStream();
  setInterval(tickWaits, 1000);
  setInterval(loadQueue, POLL_MS);
})();
