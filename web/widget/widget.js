/*
 * Clinic chat widget: a launcher button and a chat panel talking to the
 * clinic's chat server. Plain ES2019, no dependencies, no build step.
 *
 *   <link rel="stylesheet" href="/widget/widget.css">
 *   <script src="/widget/widget.js" data-chat-url="https://chat.example/webhooks/widget"
 *           data-clinic-name="..." data-clinic-phone="..." data-emergency-number="..."
 *           data-max-chars="1000" defer></script>
 *
 * Protocol and accessibility notes: docs/widget.md.
 *
 * Safety rules kept throughout this file:
 *  - every text (the patient's and the server's) goes into the page through
 *    textContent or createTextNode; links are built with createElement and only
 *    for http(s) URLs, e-mail addresses and phone numbers. Nothing uses
 *    innerHTML, insertAdjacentHTML or document.write;
 *  - no inline styles (the page's CSP forbids them): looks come from classes;
 *  - localStorage holds only the server-issued session token; sessionStorage
 *    holds whether the panel is open and which answer topics got a vote.
 *    Nothing the patient typed is ever stored by the widget.
 */
(function () {
  'use strict';

  if (window.clinicChatWidget) {
    return;
  }

  const script = document.currentScript || document.querySelector('script[data-chat-url]');
  const TOKEN_KEY = 'clinicChatSession';
  const OPEN_KEY = 'clinicChatOpen';
  const VOTES_KEY = 'clinicChatVotes';
  const TIMEOUT_MS = 15000;
  const DEFAULT_MAX_CHARS = 1000;

  const cfg = readConfig(script);

  const state = {
    token: null,
    busy: false,
    handedOff: false,
    replies: null, // {node, buttons}: the one clickable quick-reply group
    lastFailed: null, // what "Try again" repeats
    ready: Promise.resolve(),
    ids: 0,
  };

  const ui = {};

  // ---------------------------------------------------------------- config

  function readConfig(node) {
    const data = (node && node.dataset) || {};
    const max = parseInt(data.maxChars, 10);
    return {
      chatUrl: (data.chatUrl || '').trim().replace(/\/+$/, ''),
      clinicName: (data.clinicName || '').trim() || 'Our clinic',
      phone: (data.clinicPhone || '').trim(),
      emergency: (data.emergencyNumber || '').trim(),
      maxChars: max > 0 ? max : DEFAULT_MAX_CHARS,
      scriptSrc: (node && node.src) || '',
    };
  }

  // --------------------------------------------------------------- storage
  // Storage can be unavailable (privacy modes, blocked cookies): then the
  // widget still works, it just forgets the session on reload.

  function storageGet(kind, key) {
    try {
      return window[kind].getItem(key);
    } catch (error) {
      return null;
    }
  }

  function storageSet(kind, key, value) {
    try {
      if (value === null) {
        window[kind].removeItem(key);
      } else {
        window[kind].setItem(key, value);
      }
    } catch (error) {
      /* not persisted */
    }
  }

  function setToken(token) {
    state.token = token || null;
    storageSet('localStorage', TOKEN_KEY, state.token);
  }

  function votedTopics() {
    try {
      const list = JSON.parse(storageGet('sessionStorage', VOTES_KEY) || '[]');
      return Array.isArray(list) ? list : [];
    } catch (error) {
      return [];
    }
  }

  function rememberVote(topic) {
    const list = votedTopics();
    if (list.indexOf(topic) === -1) {
      list.push(topic);
      storageSet('sessionStorage', VOTES_KEY, JSON.stringify(list.slice(-100)));
    }
  }

  // ------------------------------------------------------------------- DOM

  function el(tag, attrs, children) {
    const node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      const value = attrs[name];
      if (value === null || value === undefined || value === false) {
        return;
      }
      if (name === 'text') {
        node.textContent = String(value);
      } else if (name === 'className') {
        node.className = value;
      } else {
        node.setAttribute(name, value === true ? '' : String(value));
      }
    });
    (children || []).forEach(function (child) {
      if (child !== null && child !== undefined) {
        node.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
      }
    });
    return node;
  }

  function uid(prefix) {
    state.ids += 1;
    return 'cw-' + prefix + '-' + state.ids;
  }

  function svgIcon() {
    const ns = 'http://www.w3.org/2000/svg';
    const svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('viewBox', '0 0 24 24');
    svg.setAttribute('aria-hidden', 'true');
    svg.setAttribute('focusable', 'false');
    svg.setAttribute('class', 'cw-launcher-icon');
    const path = document.createElementNS(ns, 'path');
    path.setAttribute('d', 'M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4H4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z');
    svg.appendChild(path);
    return svg;
  }

  function telHref(number) {
    return 'tel:' + number.replace(/[^\d+]/g, '');
  }

  function escapeRegExp(text) {
    return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }

  // URLs, e-mail addresses, the clinic's phone and emergency numbers, and
  // other phone-like numbers (checked for 9 to 15 digits below).
  const LINK_PATTERN = new RegExp(
    [
      '(https?:\\/\\/[^\\s<>"\']+)',
      '([A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,})',
      cfg.phone ? '(' + escapeRegExp(cfg.phone) + ')' : '(\\b\\B)',
      cfg.emergency ? '(' + escapeRegExp(cfg.emergency) + ')' : '(\\b\\B)',
      '((?:\\+|\\()?\\d[\\d ().\\-]{6,}\\d)',
    ].join('|'),
    'g'
  );

  function isDigit(char) {
    return char >= '0' && char <= '9';
  }

  /** Appends text to parent, turning URLs, e-mail addresses and phone numbers into links. */
  function appendLinkified(parent, text) {
    let last = 0;
    let match;
    LINK_PATTERN.lastIndex = 0;
    while ((match = LINK_PATTERN.exec(text)) !== null) {
      let found = match[0];
      let link = null;
      if (match[1]) {
        found = found.replace(/[.,;:!?)\]'"]+$/, '');
        link = el('a', {
          href: found,
          target: '_blank',
          rel: 'noopener noreferrer',
          'aria-describedby': 'cw-new-tab',
          text: found,
        });
      } else if (match[2]) {
        link = el('a', { href: 'mailto:' + found, text: found });
      } else {
        const before = text.charAt(match.index - 1);
        const after = text.charAt(match.index + found.length);
        const digits = found.replace(/\D/g, '').length;
        const bounded = !isDigit(before) && !isDigit(after);
        const ok = match[3] || match[4] ? bounded : bounded && digits >= 9 && digits <= 15;
        if (ok) {
          link = el('a', { href: telHref(found), text: found });
        }
      }
      if (!link) {
        continue;
      }
      if (match.index > last) {
        parent.appendChild(document.createTextNode(text.slice(last, match.index)));
      }
      parent.appendChild(link);
      last = match.index + found.length;
      LINK_PATTERN.lastIndex = last;
    }
    if (last < text.length) {
      parent.appendChild(document.createTextNode(text.slice(last)));
    }
  }

  function phoneLink() {
    return el('a', { href: telHref(cfg.phone), text: cfg.phone });
  }

  function emergencyText() {
    if (!cfg.emergency) {
      return ['In an emergency, call your local emergency number now.'];
    }
    return [
      'In an emergency, call your local emergency number now: ',
      el('a', { href: telHref(cfg.emergency), className: 'cw-emergency', text: cfg.emergency }),
      '.',
    ];
  }

  function buildUi() {
    ui.root = el('aside', { className: 'cw-root', 'aria-label': 'Chat with ' + cfg.clinicName });

    ui.launcher = el(
      'button',
      {
        type: 'button',
        className: 'cw-launcher',
        'data-testid': 'chat-launcher',
        'aria-expanded': 'false',
        'aria-controls': 'cw-panel',
      },
      [svgIcon(), el('span', { text: 'Chat with us' })]
    );

    ui.close = el(
      'button',
      { type: 'button', className: 'cw-close', 'aria-label': 'Close chat', 'data-testid': 'chat-close' },
      [el('span', { 'aria-hidden': 'true', text: '×' })]
    );

    const header = el('div', { className: 'cw-header' }, [
      el('h2', { id: 'cw-title', className: 'cw-title' }, [
        el('span', { className: 'cw-title-name', text: cfg.clinicName }),
        el('span', { className: 'cw-title-role', text: ' · Automated assistant' }),
      ]),
      ui.close,
    ]);

    ui.handoff = el('p', {
      className: 'cw-handoff',
      'data-testid': 'chat-handoff-status',
      text: 'Passed to the clinic team',
      hidden: true,
    });

    ui.disclaimer = el('div', { className: 'cw-disclaimer', 'data-testid': 'chat-disclaimer' }, [
      el('p', {}, [
        el('strong', { text: 'This is an automated assistant, not a person.' }),
        ' It gives general information, not medical advice.',
      ]),
      el('p', {}, emergencyText()),
    ]);

    ui.log = el('div', {
      className: 'cw-log',
      role: 'log',
      'aria-live': 'polite',
      'aria-label': 'Conversation',
      tabindex: '0',
      'data-testid': 'chat-log',
    });

    ui.typing = el('p', { className: 'cw-typing', 'data-testid': 'chat-typing', hidden: true }, [
      el('span', { className: 'cw-dots', 'aria-hidden': 'true' }, [el('span'), el('span'), el('span')]),
      'Assistant is typing…',
    ]);

    ui.alert = el('div', { className: 'cw-alert', role: 'alert' });

    ui.input = el('textarea', {
      id: 'cw-input',
      className: 'cw-input',
      rows: '2',
      maxlength: String(cfg.maxChars),
      placeholder: 'Type your question…',
      autocomplete: 'off',
      'aria-describedby': 'cw-counter',
      'data-testid': 'chat-input',
    });
    ui.send = el('button', { type: 'submit', className: 'cw-send', 'data-testid': 'chat-send', text: 'Send' });
    ui.counterValue = el('span', { text: '0/' + cfg.maxChars });
    ui.counter = el('p', { id: 'cw-counter', className: 'cw-counter' }, [
      el('span', { className: 'cw-sr-only', text: 'Characters used: ' }),
      ui.counterValue,
    ]);
    ui.form = el('form', { className: 'cw-form', novalidate: true }, [
      el('label', { for: 'cw-input', className: 'cw-sr-only', text: 'Your message' }),
      el('div', { className: 'cw-input-row' }, [ui.input, ui.send]),
      ui.counter,
    ]);

    const footer = el('p', { className: 'cw-footer' }, [
      'Automated assistant · Not medical advice · Emergency: ',
      el('strong', { text: cfg.emergency || 'call your local emergency number' }),
    ]);

    ui.panel = el(
      'div',
      {
        id: 'cw-panel',
        className: 'cw-panel',
        role: 'dialog',
        'aria-labelledby': 'cw-title',
        'data-testid': 'chat-panel',
        hidden: true,
      },
      [
        header,
        el('div', { className: 'cw-status', role: 'status' }, [ui.handoff]),
        el('div', { className: 'cw-body' }, [ui.disclaimer, ui.log]),
        el('div', { className: 'cw-status', role: 'status' }, [ui.typing]),
        ui.alert,
        ui.form,
        footer,
        el('span', { id: 'cw-new-tab', hidden: true, text: 'opens in a new tab' }),
      ]
    );

    ui.root.appendChild(ui.launcher);
    ui.root.appendChild(ui.panel);
    document.body.appendChild(ui.root);

    ui.launcher.addEventListener('click', function () {
      if (ui.panel.hidden) {
        openPanel(true);
      } else {
        closePanel();
      }
    });
    ui.close.addEventListener('click', closePanel);
    ui.panel.addEventListener('keydown', function (event) {
      if (event.key === 'Escape' || event.key === 'Esc') {
        event.preventDefault();
        event.stopPropagation();
        closePanel();
      }
    });
    ui.form.addEventListener('submit', function (event) {
      event.preventDefault();
      sendTyped();
    });
    ui.input.addEventListener('keydown', function (event) {
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing && event.keyCode !== 229) {
        event.preventDefault();
        sendTyped();
      }
    });
    ui.input.addEventListener('input', updateCounter);
  }

  function ensureStylesheet() {
    const links = Array.prototype.slice.call(document.querySelectorAll('link[rel~="stylesheet"]'));
    const present = links.some(function (link) {
      return /widget\.css([?#]|$)/.test(link.getAttribute('href') || '');
    });
    if (!present && /\.js([?#].*)?$/.test(cfg.scriptSrc)) {
      document.head.appendChild(
        el('link', { rel: 'stylesheet', href: cfg.scriptSrc.replace(/\.js([?#].*)?$/, '.css$1') })
      );
    }
  }

  // ------------------------------------------------------------ panel state

  function openPanel(moveFocus) {
    ui.panel.hidden = false;
    ui.root.classList.add('cw-open');
    ui.launcher.setAttribute('aria-expanded', 'true');
    storageSet('sessionStorage', OPEN_KEY, '1');
    scrollToEnd();
    if (moveFocus) {
      ui.input.focus({ preventScroll: true });
    }
  }

  function closePanel() {
    ui.panel.hidden = true;
    ui.root.classList.remove('cw-open');
    ui.launcher.setAttribute('aria-expanded', 'false');
    storageSet('sessionStorage', OPEN_KEY, null);
    ui.launcher.focus();
  }

  function scrollToEnd() {
    ui.log.scrollTop = ui.log.scrollHeight;
  }

  function updateCounter() {
    const length = ui.input.value.length;
    ui.counterValue.textContent = length + '/' + cfg.maxChars;
    ui.counter.classList.toggle('cw-counter-near', length >= cfg.maxChars * 0.9);
  }

  function updateDisclaimer() {
    ui.disclaimer.hidden = ui.log.querySelector('[data-testid="msg-patient"]') !== null;
  }

  function setTyping(on) {
    ui.typing.hidden = !on;
    ui.log.setAttribute('aria-busy', on ? 'true' : 'false');
  }

  function setHandedOff() {
    state.handedOff = true;
    ui.handoff.hidden = false;
    ui.root.classList.add('cw-handed-off');
  }

  // ---------------------------------------------------------------- errors

  function clearError() {
    while (ui.alert.firstChild) {
      ui.alert.removeChild(ui.alert.firstChild);
    }
  }

  /** Shows an inline error; parts are strings or nodes. retry: show "Try again". */
  function showError(parts, retry) {
    clearError();
    const box = el('div', { className: 'cw-error-box' }, [
      el('p', { className: 'cw-error', 'data-testid': 'chat-error' }, parts),
    ]);
    if (retry) {
      const button = el('button', {
        type: 'button',
        className: 'cw-retry',
        'data-testid': 'chat-retry',
        text: 'Try again',
      });
      button.addEventListener('click', retryLast);
      box.appendChild(button);
    }
    ui.alert.appendChild(box);
  }

  function unavailableParts() {
    const parts = ['Sorry, the assistant is unavailable right now. '];
    if (cfg.phone) {
      parts.push('Please call us on ', phoneLink(), '.');
    } else {
      parts.push('Please try again later.');
    }
    return parts;
  }

  function showUnavailable(retry) {
    showError(unavailableParts(), retry);
  }

  // --------------------------------------------------------------- network

  function Unavailable(reason) {
    this.name = 'Unavailable';
    this.message = reason;
  }

  function withTimeout(promise, controller) {
    let timer;
    const timeout = new Promise(function (resolve, reject) {
      timer = setTimeout(function () {
        if (controller) {
          controller.abort();
        }
        reject(new Unavailable('timeout'));
      }, TIMEOUT_MS);
    });
    return Promise.race([promise, timeout]).finally(function () {
      clearTimeout(timer);
    });
  }

  /**
   * POSTs JSON to <chat-url>/<route>. Resolves {status, ok, data} for 2xx and
   * 4xx answers; rejects with Unavailable on network errors, timeouts (15 s,
   * body included), 5xx and unreadable success bodies.
   */
  function post(route, body) {
    if (!cfg.chatUrl || typeof fetch !== 'function') {
      return Promise.reject(new Unavailable('not configured'));
    }
    const controller = typeof AbortController === 'function' ? new AbortController() : null;
    const request = fetch(cfg.chatUrl + '/' + route, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify(body),
      credentials: 'omit',
      cache: 'no-store',
      signal: controller ? controller.signal : undefined,
    }).then(
      function (response) {
        if (response.status >= 500 || response.status < 200 || (response.status >= 300 && response.status < 400)) {
          throw new Unavailable('status ' + response.status);
        }
        return response.text().then(function (text) {
          let data = {};
          if (text) {
            try {
              data = JSON.parse(text);
            } catch (error) {
              if (response.ok) {
                throw new Unavailable('bad json');
              }
            }
          }
          if (data === null || typeof data !== 'object') {
            data = {};
          }
          return { status: response.status, ok: response.ok, data: data };
        });
      },
      function () {
        throw new Unavailable('network');
      }
    );
    return withTimeout(request, controller);
  }

  function isBadSession(result) {
    return !result.ok && (result.status === 401 || (result.status === 400 && result.data.error === 'bad_session'));
  }

  function ensureSession() {
    if (state.token) {
      return Promise.resolve(state.token);
    }
    return post('session', {}).then(function (result) {
      if (!result.ok || typeof result.data.session !== 'string' || !result.data.session) {
        throw new Unavailable('no session');
      }
      setToken(result.data.session);
      return state.token;
    });
  }

  /** Sends one message; on a rejected session, gets a new one and retries once. */
  function deliver(text) {
    return state.ready
      .then(ensureSession)
      .then(function (token) {
        return post('webhook', { session: token, message: text });
      })
      .then(function (result) {
        if (!isBadSession(result)) {
          return result;
        }
        setToken(null);
        return ensureSession().then(function (token) {
          return post('webhook', { session: token, message: text });
        });
      });
  }

  // ------------------------------------------------------------- rendering

  function addPatientBubble(text, parent, before) {
    const row = el('div', { className: 'cw-row cw-row-patient' }, [
      el('span', { className: 'cw-sr-only', text: 'You said:' }),
      el('div', { className: 'cw-msg cw-msg-patient', 'data-testid': 'msg-patient', text: text }),
    ]);
    (parent || ui.log).insertBefore(row, before || null);
    return row;
  }

  function isObject(value) {
    return value !== null && typeof value === 'object' && !Array.isArray(value);
  }

  function validButtons(buttons) {
    return (Array.isArray(buttons) ? buttons : []).filter(function (button) {
      return isObject(button) && typeof button.title === 'string' && button.title.trim() &&
        typeof button.payload === 'string' && button.payload;
    });
  }

  /**
   * Renders one assistant message into parent (the log by default).
   * options.feedback: offer 👍/👎 for an answer.
   */
  function addAssistantMessage(message, parent, options) {
    const custom = isObject(message.custom) ? message.custom : null;
    if (custom && custom.type === 'handoff') {
      setHandedOff();
    }
    const isAnswer = custom && custom.type === 'answer';
    const text = typeof message.text === 'string' ? message.text : '';
    if (!text.trim() && !isAnswer) {
      return null;
    }
    const bubble = el('div', { className: 'cw-msg cw-msg-assistant', 'data-testid': 'msg-assistant' });
    const body = el('p', { className: 'cw-text' });
    appendLinkified(body, text.trim() ? text : String(custom.title || ''));
    bubble.appendChild(body);
    if (isAnswer) {
      const sources = (Array.isArray(custom.sources) ? custom.sources : []).filter(function (source) {
        return typeof source === 'string' && source.trim();
      });
      if (sources.length) {
        bubble.appendChild(
          el('p', { className: 'cw-source', 'data-testid': 'answer-source', text: 'Source: ' + sources.join('; ') })
        );
      }
      const topic = typeof custom.topic === 'string' ? custom.topic : '';
      if (topic && options.feedback) {
        bubble.appendChild(feedbackControls(topic));
      }
    }
    const row = el('div', { className: 'cw-row cw-row-assistant' }, [
      el('span', { className: 'cw-sr-only', text: 'Assistant said:' }),
      bubble,
    ]);
    parent.appendChild(row);
    return row;
  }

  function feedbackControls(topic) {
    const labelId = uid('feedback');
    const wrap = el('div', { className: 'cw-feedback', role: 'group', 'aria-labelledby': labelId });
    // Named "Yes"/"No" inside the group "Was this helpful?"; the emoji is decoration.
    const up = el('button', { type: 'button', className: 'cw-vote', 'data-testid': 'feedback-up' }, [
      el('span', { className: 'cw-vote-icon', 'aria-hidden': 'true', text: '👍' }),
      'Yes',
    ]);
    const down = el('button', { type: 'button', className: 'cw-vote', 'data-testid': 'feedback-down' }, [
      el('span', { className: 'cw-vote-icon', 'aria-hidden': 'true', text: '👎' }),
      'No',
    ]);
    wrap.appendChild(el('span', { id: labelId, className: 'cw-feedback-label', text: 'Was this helpful?' }));
    wrap.appendChild(up);
    wrap.appendChild(down);
    up.addEventListener('click', function () {
      vote(topic, 'up', wrap, up, down);
    });
    down.addEventListener('click', function () {
      vote(topic, 'down', wrap, up, down);
    });
    return wrap;
  }

  function vote(topic, choice, wrap, up, down) {
    if (up.getAttribute('aria-disabled') === 'true' || up.disabled) {
      return;
    }
    const chosen = choice === 'up' ? up : down;
    const hadFocus = document.activeElement === up || document.activeElement === down;
    const old = wrap.querySelector('.cw-feedback-note');
    if (old) {
      wrap.removeChild(old);
    }
    up.setAttribute('aria-disabled', 'true');
    down.setAttribute('aria-disabled', 'true');
    const done = function (ok) {
      if (ok) {
        up.disabled = true;
        down.disabled = true;
        chosen.classList.add('cw-vote-chosen');
        const thanks = el('span', {
          className: 'cw-feedback-note',
          'data-testid': 'feedback-thanks',
          tabindex: '-1',
          text: 'Thanks for your feedback',
        });
        wrap.appendChild(thanks);
        rememberVote(topic);
        if (hadFocus) {
          thanks.focus();
        }
      } else {
        up.removeAttribute('aria-disabled');
        down.removeAttribute('aria-disabled');
        wrap.appendChild(
          el('span', { className: 'cw-feedback-note', text: 'Sorry, your feedback could not be sent. Please try again.' })
        );
      }
      scrollToEnd();
    };
    state.ready
      .then(ensureSession)
      .then(function (token) {
        return post('feedback', { session: token, topic: topic, vote: choice });
      })
      .then(
        function (result) {
          done(result.ok);
        },
        function () {
          done(false);
        }
      );
  }

  function removeQuickReplies() {
    if (state.replies && state.replies.node.parentNode) {
      state.replies.node.parentNode.removeChild(state.replies.node);
    }
    state.replies = null;
  }

  /** Shows the clickable quick replies of the latest assistant message (only one group at a time). */
  function showQuickReplies(buttons, parent) {
    removeQuickReplies();
    const valid = validButtons(buttons);
    if (!valid.length) {
      return;
    }
    const group = el('div', { className: 'cw-replies', role: 'group', 'aria-label': 'Suggested replies' });
    valid.forEach(function (button) {
      const node = el('button', {
        type: 'button',
        className: 'cw-reply',
        'data-testid': 'quick-reply',
        text: button.title,
      });
      node.addEventListener('click', function () {
        if (state.busy) {
          return;
        }
        ui.input.focus(); // this button is about to be removed
        send({ text: button.payload, display: button.title, typed: false, buttons: valid });
      });
      group.appendChild(node);
    });
    (parent || ui.log).appendChild(group);
    state.replies = { node: group, buttons: valid };
  }

  // --------------------------------------------------------------- sending

  function sendTyped() {
    if (state.busy) {
      return;
    }
    const text = ui.input.value;
    if (!text.trim()) {
      ui.input.focus();
      return;
    }
    if (text.length > cfg.maxChars) {
      showError(['Your message is too long. Please shorten it to ' + cfg.maxChars + ' characters or fewer.'], false);
      return;
    }
    ui.input.value = '';
    updateCounter();
    send({ text: text, display: text, typed: true });
  }

  function restoreInput(text) {
    if (!ui.input.value) {
      ui.input.value = text;
      updateCounter();
    }
  }

  /** item: {text: what is sent, display: the patient's bubble, typed: bool, buttons?: to restore on failure}. */
  function send(item) {
    state.busy = true;
    clearError();
    removeQuickReplies();
    const bubble = addPatientBubble(item.display);
    updateDisclaimer();
    setTyping(true);
    scrollToEnd();

    const fail = function (parts, retry) {
      ui.log.removeChild(bubble);
      updateDisclaimer();
      if (item.typed) {
        restoreInput(item.text);
      } else if (item.buttons) {
        showQuickReplies(item.buttons);
      }
      state.lastFailed = retry ? item : null;
      showError(parts, retry);
    };

    return deliver(item.text)
      .then(
        function (result) {
          if (!result.ok) {
            const tooLong = result.status === 413 || result.data.error === 'too_long';
            const message = typeof result.data.message === 'string' && result.data.message.trim();
            if (isBadSession(result) || !message) {
              fail(unavailableParts(), true);
            } else {
              fail([message], !tooLong);
            }
            return;
          }
          const messages = Array.isArray(result.data.messages) ? result.data.messages.filter(isObject) : [];
          if (!messages.length) {
            fail(unavailableParts(), true);
            return;
          }
          state.lastFailed = null;
          messages.forEach(function (message) {
            addAssistantMessage(message, ui.log, { feedback: true });
            if (validButtons(message.buttons).length) {
              showQuickReplies(message.buttons);
            }
          });
        },
        function () {
          fail(unavailableParts(), true);
        }
      )
      .then(function () {
        state.busy = false;
        setTyping(false);
        scrollToEnd();
      });
  }

  function retryLast() {
    const failed = state.lastFailed;
    clearError();
    state.lastFailed = null;
    if (!failed) {
      ui.input.focus();
    } else if (failed.restore) {
      state.ready = restoreConversation();
    } else if (failed.typed) {
      ui.input.focus();
      sendTyped();
    } else if (!state.busy) {
      ui.input.focus();
      send(failed);
    }
  }

  // ------------------------------------------------------------ reloading

  /** After a reload: validate the stored token, then show the conversation so far. */
  function restoreConversation() {
    return post('session', { session: state.token })
      .then(function (result) {
        if (!result.ok || typeof result.data.session !== 'string' || !result.data.session) {
          setToken(null);
          return null;
        }
        setToken(result.data.session);
        if (result.data.new) {
          return null;
        }
        return post('history', { session: state.token });
      })
      .then(function (result) {
        if (!result) {
          return;
        }
        if (!result.ok) {
          if (isBadSession(result)) {
            setToken(null);
          }
          return;
        }
        renderHistory(result.data);
      })
      .catch(function () {
        state.lastFailed = { restore: true };
        showUnavailable(true);
      });
  }

  function renderHistory(data) {
    const messages = (Array.isArray(data.messages) ? data.messages : []).filter(isObject);
    const fragment = document.createDocumentFragment();
    const liveAlready = ui.log.firstChild !== null;
    const voted = votedTopics();
    let lastPatient = -1;
    messages.forEach(function (message, index) {
      if (message.sender === 'patient') {
        lastPatient = index;
      }
    });
    let replies = null;
    let titles = {};
    messages.forEach(function (message, index) {
      if (message.sender === 'patient') {
        const text = typeof message.text === 'string' ? message.text : '';
        if (text) {
          // A quick reply was sent as its payload; show the title the patient clicked.
          addPatientBubble(Object.prototype.hasOwnProperty.call(titles, text) ? titles[text] : text, fragment);
        }
        return;
      }
      const custom = isObject(message.custom) ? message.custom : {};
      addAssistantMessage(message, fragment, {
        feedback: custom.type === 'answer' && voted.indexOf(custom.topic) === -1,
      });
      const buttons = validButtons(message.buttons);
      if (buttons.length) {
        titles = {};
        buttons.forEach(function (button) {
          titles[button.payload] = button.title;
        });
        if (index > lastPatient) {
          replies = buttons;
        }
      }
    });
    if (data.handed_off === true) {
      setHandedOff();
    }
    ui.log.insertBefore(fragment, ui.log.firstChild);
    if (replies && !liveAlready) {
      showQuickReplies(replies);
    }
    updateDisclaimer();
    scrollToEnd();
  }

  // ---------------------------------------------------------------- start

  function start() {
    ensureStylesheet();
    buildUi();
    const token = storageGet('localStorage', TOKEN_KEY);
    if (token) {
      state.token = token;
      state.ready = restoreConversation();
    }
    if (storageGet('sessionStorage', OPEN_KEY) === '1') {
      openPanel(false);
    }
    if (!cfg.chatUrl && window.console) {
      window.console.warn('Clinic chat widget: data-chat-url is missing on the script tag.');
    }
  }

  window.clinicChatWidget = { version: 1 };
  if (document.body) {
    start();
  } else {
    document.addEventListener('DOMContentLoaded', start);
  }
})();
