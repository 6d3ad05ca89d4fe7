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
 *  - localStorage holds only the server-issued session token and the chosen
 *    language ('en' or 'es'); sessionStorage holds whether the panel is open
 *    and which answer topics got a vote. Nothing the patient typed is ever
 *    stored by the widget.
 *
 * Live chat with a person (docs/widget.md): when the assistant offers it, a
 * "Chat with a person now" button asks <chat-url>/live/request for a place in
 * the queue; then a streamed POST to <chat-url>/live/stream (Server-Sent
 * Events read with fetch, as EventSource cannot POST the session) brings the
 * staff member's messages, typing hints and the joined/left notices. The
 * patient keeps sending through the webhook; while a person has the chat the
 * assistant stays silent (an empty answer marked live.paused is not an error).
 *
 * Languages (issue 14): English and Spanish. Every text the widget writes
 * itself is in STRINGS below, one table per language; the patient picks one in
 * the header ("English" / "Español"). The first visit follows the browser's
 * language; a choice is kept in localStorage (LANGUAGE_KEY). The server is
 * told through <chat-url>/language and the webhook's "language"; when the
 * conversation's language changes on the server (the patient wrote in the
 * other language) the widget follows it. The widget's root and the page's
 * <html> get the matching lang attribute.
 */
(function () {
  'use strict';

  // ----------------------------------------------------------------- texts
  // Spanish: usted, neutral Latin-American, nothing gendered about the reader.
  // {name} marks a value filled in at run time.
  const STRINGS = {
    en: {
      languageName: 'English',
      languageGroup: 'Language',
      ourClinic: 'Our clinic',
      chatWith: 'Chat with {clinic}',
      launcher: 'Chat with us',
      newMessage: 'New message',
      close: 'Close chat',
      titleRole: ' · Automated assistant',
      titleLive: ' · Live chat with {name}',
      handedOff: 'Passed to the clinic team',
      stopWaiting: 'Stop waiting',
      disclaimerStrong: 'This is an automated assistant, not a person.',
      disclaimerRest: ' It gives general information, not medical advice.',
      emergencyNumber: 'In an emergency, call your local emergency number now: {number}.',
      emergencyNoNumber: 'In an emergency, call your local emergency number now.',
      conversation: 'Conversation',
      typing: 'Assistant is typing…',
      placeholder: 'Type your question…',
      send: 'Send',
      charactersUsed: 'Characters used: ',
      yourMessage: 'Your message',
      footer: 'Automated assistant · Not medical advice · Emergency: ',
      footerNoNumber: 'call your local emergency number',
      newTab: 'opens in a new tab',
      youSaid: 'You said:',
      assistantSaid: 'Assistant said:',
      staffSaid: '{name} from {clinic} said:',
      clinicTeam: 'Clinic team',
      someone: 'Someone',
      source: 'Source: {sources}',
      helpful: 'Was this helpful?',
      yes: 'Yes',
      no: 'No',
      thanks: 'Thanks for your feedback',
      feedbackFailed: 'Sorry, your feedback could not be sent. Please try again.',
      suggestedReplies: 'Suggested replies',
      liveOffer: 'Chat with a person now',
      liveReplaced: 'This chat continues in another tab or window. Reload this page to continue here.',
      liveWaiting: 'Waiting for someone from {clinic}…',
      liveActive: 'You are chatting with {name} from {clinic}.',
      staffTyping: '{name} is typing…',
      liveJoined: '{name} from {clinic} joined the chat.',
      liveCancelled: 'You stopped waiting. The automated assistant can help again, or ask for a person again.',
      tryAgain: 'Try again',
      unavailable: 'Sorry, the assistant is unavailable right now. ',
      callUs: 'Please call us on {phone}.',
      tryLater: 'Please try again later.',
      tooLong: 'Your message is too long. Please shorten it to {max} characters or fewer.',
      // The server's {"error": code} answers; English shows the server's own "message" when it has one.
      errors: {
        too_long: 'Your message is too long. Please shorten it to {max} characters or fewer and send it again.',
        empty_message: 'Please type a message.',
        bad_message: 'Please type a message.',
        bad_request: 'Something went wrong. Please reload the page.',
        bad_session: 'Your chat session has expired. Please try again.',
        origin: 'This chat cannot be used from this site.',
        bad_feedback: 'That feedback could not be saved.',
        bad_language: 'That language is not available in this chat.',
        not_found: 'This part of the chat is not available.',
        generic: 'Sorry, something went wrong. Please try again.',
      },
    },
    es: {
      languageName: 'Español',
      languageGroup: 'Idioma',
      ourClinic: 'Nuestra clínica',
      chatWith: 'Chat con {clinic}',
      launcher: 'Escríbanos',
      newMessage: 'Mensaje nuevo',
      close: 'Cerrar el chat',
      titleRole: ' · Asistente automático',
      titleLive: ' · Chat en vivo con {name}',
      handedOff: 'Su consulta pasó al equipo de la clínica',
      stopWaiting: 'Dejar de esperar',
      disclaimerStrong: 'Este es un asistente automático, no una persona.',
      disclaimerRest: ' Ofrece información general, no consejo médico.',
      emergencyNumber: 'En una emergencia, llame ahora al número de emergencias local: {number}.',
      emergencyNoNumber: 'En una emergencia, llame ahora al número de emergencias local.',
      conversation: 'Conversación',
      typing: 'El asistente está escribiendo…',
      placeholder: 'Escriba su pregunta…',
      send: 'Enviar',
      charactersUsed: 'Caracteres usados: ',
      yourMessage: 'Su mensaje',
      footer: 'Asistente automático · No es consejo médico · Emergencias: ',
      footerNoNumber: 'llame al número de emergencias local',
      newTab: 'se abre en una pestaña nueva',
      youSaid: 'Usted dijo:',
      assistantSaid: 'El asistente dijo:',
      staffSaid: '{name}, de {clinic}, dijo:',
      clinicTeam: 'Equipo de la clínica',
      someone: 'Alguien',
      source: 'Fuente: {sources}',
      helpful: '¿Le resultó útil?',
      yes: 'Sí',
      no: 'No',
      thanks: 'Gracias por su opinión',
      feedbackFailed: 'No se pudo enviar su opinión. Inténtelo de nuevo.',
      suggestedReplies: 'Respuestas sugeridas',
      liveOffer: 'Chatear ahora con una persona',
      liveReplaced: 'Este chat continúa en otra pestaña o ventana. Vuelva a cargar esta página para continuar aquí.',
      liveWaiting: 'Esperando a alguien de {clinic}…',
      liveActive: 'Está chateando con {name}, de {clinic}.',
      staffTyping: '{name} está escribiendo…',
      liveJoined: '{name}, de {clinic}, se unió al chat.',
      liveCancelled: 'Ya no está en espera. El asistente automático puede ayudarle de nuevo, o puede volver a pedir ' +
        'hablar con una persona.',
      tryAgain: 'Intentar de nuevo',
      unavailable: 'Lo sentimos, el asistente no está disponible en este momento. ',
      callUs: 'Llámenos al {phone}.',
      tryLater: 'Inténtelo de nuevo más tarde.',
      tooLong: 'Su mensaje es demasiado largo. Acórtelo a {max} caracteres o menos.',
      errors: {
        too_long: 'Su mensaje es demasiado largo. Acórtelo a {max} caracteres o menos y envíelo de nuevo.',
        empty_message: 'Escriba un mensaje, por favor.',
        bad_message: 'Escriba un mensaje, por favor.',
        bad_request: 'Algo salió mal. Vuelva a cargar la página, por favor.',
        bad_session: 'Su sesión de chat venció. Inténtelo de nuevo.',
        origin: 'Este chat no se puede usar desde este sitio.',
        bad_feedback: 'No se pudo guardar su opinión.',
        bad_language: 'Ese idioma no está disponible en este chat.',
        not_found: 'Esta parte del chat no está disponible.',
        generic: 'Lo sentimos, algo salió mal. Inténtelo de nuevo.',
      },
    },
  };
  const LANGUAGES = ['en', 'es'];
  const DEFAULT_LANGUAGE = 'en';

  if (window.clinicChatWidget) {
    return;
  }

  const script = document.currentScript || document.querySelector('script[data-chat-url]');
  const TOKEN_KEY = 'clinicChatSession';
  const OPEN_KEY = 'clinicChatOpen';
  const VOTES_KEY = 'clinicChatVotes';
  const LANGUAGE_KEY = 'clinic-chat-language'; // the patient's choice of language, 'en' or 'es'
  const TIMEOUT_MS = 15000;
  const DEFAULT_MAX_CHARS = 1000;
  const STAFF_TYPING_MS = 4000; // how long "Alex is typing…" stays after the last hint
  const STREAM_RETRY_MAX_S = 30;

  const cfg = readConfig(script);

  const state = {
    lang: DEFAULT_LANGUAGE, // the language the widget speaks now
    token: null,
    pending: null, // the patient's bubble whose answer is awaited
    busy: false,
    handedOff: false,
    replies: null, // {node, buttons}: the one clickable quick-reply group
    lastFailed: null, // what "Try again" repeats
    ready: Promise.resolve(),
    ids: 0,
    live: {
      status: 'none', // 'none' | 'waiting' | 'active'
      name: '', // the staff member's display name while active
      controller: null, // aborts the open stream
      failures: 0, // stream failures in a row (backoff)
      timer: null, // the next reconnect
      typingTimer: null,
      typingName: '', // who the "… is typing" hint is about
      replaced: false, // another tab or window has the stream now
    },
  };

  const ui = {};

  // ---------------------------------------------------------------- config

  function readConfig(node) {
    const data = (node && node.dataset) || {};
    const max = parseInt(data.maxChars, 10);
    return {
      chatUrl: (data.chatUrl || '').trim().replace(/\/+$/, ''),
      clinicName: (data.clinicName || '').trim(),
      phone: (data.clinicPhone || '').trim(),
      emergency: (data.emergencyNumber || '').trim(),
      maxChars: max > 0 ? max : DEFAULT_MAX_CHARS,
      scriptSrc: (node && node.src) || '',
    };
  }

  function clinicName() {
    return cfg.clinicName || t('ourClinic');
  }

  // ------------------------------------------------------------- languages

  function isLanguage(value) {
    return typeof value === 'string' && LANGUAGES.indexOf(value) !== -1;
  }

  /** The text `key` in the widget's language, with {name} placeholders filled from params. */
  function t(key, params) {
    const table = STRINGS[state.lang] || STRINGS[DEFAULT_LANGUAGE];
    const text = Object.prototype.hasOwnProperty.call(table, key) ? table[key] : STRINGS[DEFAULT_LANGUAGE][key];
    return fill(String(text === undefined ? key : text), params);
  }

  function fill(text, params) {
    return text.replace(/\{(\w+)\}/g, function (whole, name) {
      return params && Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : whole;
    });
  }

  /** Like t(), but a placeholder may be a DOM node (a link): returns parts for el(). */
  function tParts(key, nodes) {
    const parts = [];
    t(key).split(/(\{\w+\})/).forEach(function (piece) {
      const name = /^\{(\w+)\}$/.exec(piece);
      if (name && nodes && Object.prototype.hasOwnProperty.call(nodes, name[1])) {
        parts.push(nodes[name[1]]);
      } else if (piece) {
        parts.push(piece);
      }
    });
    return parts;
  }

  /** The widget's own text for a server error code ({"error": code}), in its language. */
  function errorText(code) {
    const table = STRINGS[state.lang].errors;
    const known = Object.prototype.hasOwnProperty.call(table, code);
    return fill(known ? table[code] : table.generic, { max: cfg.maxChars });
  }

  /**
   * Nodes whose texts depend on the language: render(node) writes them, now
   * and again whenever the language changes. Nodes gone from the page are
   * dropped at the next change.
   */
  const localized = new Map();

  function localize(node, render) {
    render(node);
    localized.set(node, render);
    return node;
  }

  function refresh(node) {
    const render = localized.get(node);
    if (render) {
      render(node);
    }
  }

  function relocalize() {
    localized.forEach(function (render, node) {
      if (node.isConnected) {
        render(node);
      } else {
        localized.delete(node);
      }
    });
  }

  function replaceChildren(node, parts) {
    while (node.firstChild) {
      node.removeChild(node.firstChild);
    }
    parts.forEach(function (part) {
      if (part !== null && part !== undefined) {
        node.appendChild(typeof part === 'string' ? document.createTextNode(part) : part);
      }
    });
  }

  /** A stored choice wins; else the first of the browser's languages that the widget speaks; else English. */
  function initialLanguage() {
    const stored = storageGet('localStorage', LANGUAGE_KEY);
    if (isLanguage(stored)) {
      return stored;
    }
    const nav = window.navigator || {};
    const wanted = (Array.isArray(nav.languages) && nav.languages.length ? nav.languages : [nav.language])
      .filter(function (tag) {
        return typeof tag === 'string';
      });
    for (let i = 0; i < wanted.length; i += 1) {
      const primary = wanted[i].toLowerCase().split('-')[0];
      if (isLanguage(primary)) {
        return primary;
      }
    }
    return DEFAULT_LANGUAGE;
  }

  /** Switches the widget's texts and lang attributes; remember: keep it as the patient's choice. */
  function setLanguage(lang, remember) {
    if (!isLanguage(lang)) {
      return;
    }
    if (remember) {
      storageSet('localStorage', LANGUAGE_KEY, lang);
    }
    const changed = lang !== state.lang;
    state.lang = lang;
    applyLanguage(changed);
  }

  function applyLanguage(changed) {
    ui.root.setAttribute('lang', state.lang);
    // The page around the widget follows it (the demo page marks its own English text lang="en").
    document.documentElement.setAttribute('lang', state.lang);
    LANGUAGES.forEach(function (code) {
      ui.languageButtons[code].setAttribute('aria-pressed', code === state.lang ? 'true' : 'false');
    });
    if (changed) {
      relocalize();
    }
  }

  /** The conversation's language as the server reports it (a missing or unknown value: no change). */
  function followServerLanguage(lang) {
    if (isLanguage(lang) && lang !== state.lang) {
      setLanguage(lang, true);
    }
  }

  /** The patient clicked a language: switch now, and tell the server once the conversation exists. */
  function chooseLanguage(lang) {
    if (!isLanguage(lang)) {
      return;
    }
    const changed = lang !== state.lang;
    setLanguage(lang, true);
    if (!changed) {
      return;
    }
    state.ready = state.ready.then(function () {
      // No session yet: the new session is told when it is created (ensureSession).
      return state.token ? tellLanguage(lang, null) : null;
    });
  }

  /**
   * POSTs the language to <chat-url>/language. The server's short note in the
   * new language goes into the log (before `before`, the patient's message
   * still waiting for its answer, if any). Never rejects: a server that does not
   * know the route (404) or refuses it leaves the switch local.
   */
  function tellLanguage(lang, before) {
    if (!state.token) {
      return Promise.resolve();
    }
    return post('language', { session: state.token, language: lang }).then(
      function (result) {
        if (!result.ok) {
          return;
        }
        const messages = (Array.isArray(result.data.messages) ? result.data.messages : []).filter(isObject);
        if (messages.length) {
          const fragment = document.createDocumentFragment();
          messages.forEach(function (message) {
            addAssistantMessage(message, fragment, {});
          });
          if (before && before.parentNode === ui.log) {
            ui.log.insertBefore(fragment, before);
          } else {
            ui.log.appendChild(fragment);
            if (state.replies && state.replies.node.parentNode === ui.log) {
              ui.log.appendChild(state.replies.node); // the buttons stay last, under the note
            }
          }
          scrollToEnd();
        }
      },
      function () {
        /* unreachable or slow: the widget speaks the new language anyway */
      }
    );
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
      return [t('emergencyNoNumber')];
    }
    return tParts('emergencyNumber', {
      number: el('a', { href: telHref(cfg.emergency), className: 'cw-emergency', text: cfg.emergency }),
    });
  }

  /** An element whose text is t(key, params()) in the current language. */
  function textEl(tag, attrs, key, params) {
    return localize(el(tag, attrs), function (node) {
      node.textContent = t(key, params ? params() : null);
    });
  }

  /** Sets attribute `name` of node to t(key) in the current language. */
  function attrText(node, name, key, params) {
    return localize(node, function (target) {
      target.setAttribute(name, t(key, params ? params() : null));
    });
  }

  function buildUi() {
    ui.root = attrText(el('aside', { className: 'cw-root' }), 'aria-label', 'chatWith', function () {
      return { clinic: clinicName() };
    });

    ui.launcher = el(
      'button',
      {
        type: 'button',
        className: 'cw-launcher',
        'data-testid': 'chat-launcher',
        'aria-expanded': 'false',
        'aria-controls': 'cw-panel',
      },
      [svgIcon(), textEl('span', {}, 'launcher')]
    );
    ui.launcherBadge = textEl('span', {
      className: 'cw-launcher-badge',
      'data-testid': 'chat-launcher-new',
      hidden: true,
    }, 'newMessage');
    ui.launcher.appendChild(ui.launcherBadge);

    ui.close = attrText(
      el('button', { type: 'button', className: 'cw-close', 'data-testid': 'chat-close' }, [
        el('span', { 'aria-hidden': 'true', text: '×' }),
      ]),
      'aria-label',
      'close'
    );

    // "English" / "Español": two toggle buttons, each named in its own language.
    ui.languageButtons = {};
    ui.languages = attrText(
      el('div', { className: 'cw-lang', role: 'group', 'data-testid': 'chat-language' }),
      'aria-label',
      'languageGroup'
    );
    LANGUAGES.forEach(function (code) {
      const button = el('button', {
        type: 'button',
        className: 'cw-lang-button',
        lang: code,
        'aria-pressed': 'false',
        'data-testid': 'chat-language-' + code,
        text: STRINGS[code].languageName,
      });
      button.addEventListener('click', function () {
        chooseLanguage(code);
      });
      ui.languageButtons[code] = button;
      ui.languages.appendChild(button);
    });

    ui.titleName = el('span', { className: 'cw-title-name' });
    localize(ui.titleName, function (node) {
      node.textContent = clinicName();
    });
    ui.titleRole = localize(el('span', { className: 'cw-title-role' }), function (node) {
      node.textContent = state.live.status === 'active' ? t('titleLive', { name: liveName() }) : t('titleRole');
    });
    const header = el('div', { className: 'cw-header' }, [
      el('div', { className: 'cw-header-main' }, [
        el('h2', { id: 'cw-title', className: 'cw-title' }, [ui.titleName, ui.titleRole]),
        ui.languages,
      ]),
      ui.close,
    ]);

    ui.handoff = textEl('p', {
      className: 'cw-handoff',
      'data-testid': 'chat-handoff-status',
      hidden: true,
    }, 'handedOff');

    // Not a live region: the notices in the log already announce each change.
    ui.liveText = localize(el('p', { className: 'cw-live-text' }), function (node) {
      const live = state.live;
      const where = { name: liveName(), clinic: clinicName() };
      if (live.replaced) {
        node.textContent = t('liveReplaced');
      } else if (live.status === 'waiting') {
        node.textContent = t('liveWaiting', where);
      } else if (live.status === 'active') {
        node.textContent = t('liveActive', where);
      } else {
        node.textContent = '';
      }
    });
    ui.liveCancel = textEl('button', {
      type: 'button',
      className: 'cw-live-cancel',
      'data-testid': 'chat-live-cancel',
      hidden: true,
    }, 'stopWaiting');
    ui.liveBar = el('div', { className: 'cw-live-bar', 'data-testid': 'chat-live-status', hidden: true }, [
      ui.liveText,
      ui.liveCancel,
    ]);

    ui.disclaimer = el('div', { className: 'cw-disclaimer', 'data-testid': 'chat-disclaimer' }, [
      localize(el('p'), function (node) {
        replaceChildren(node, [el('strong', { text: t('disclaimerStrong') }), t('disclaimerRest')]);
      }),
      localize(el('p'), function (node) {
        replaceChildren(node, emergencyText());
      }),
    ]);

    ui.log = attrText(el('div', {
      className: 'cw-log',
      role: 'log',
      'aria-live': 'polite',
      tabindex: '0',
      'data-testid': 'chat-log',
    }), 'aria-label', 'conversation');

    ui.typing = el('p', { className: 'cw-typing', 'data-testid': 'chat-typing', hidden: true }, [
      el('span', { className: 'cw-dots', 'aria-hidden': 'true' }, [el('span'), el('span'), el('span')]),
      textEl('span', {}, 'typing'),
    ]);

    // Shown, not announced: a hint every few seconds would talk over the messages.
    ui.staffTypingText = localize(el('span'), function (node) {
      node.textContent = t('staffTyping', { name: state.live.typingName || liveName() });
    });
    ui.staffTyping = el('p', { className: 'cw-typing', 'data-testid': 'chat-staff-typing', hidden: true }, [
      el('span', { className: 'cw-dots', 'aria-hidden': 'true' }, [el('span'), el('span'), el('span')]),
      ui.staffTypingText,
    ]);

    ui.alert = el('div', { className: 'cw-alert', role: 'alert' });

    ui.input = attrText(el('textarea', {
      id: 'cw-input',
      className: 'cw-input',
      rows: '2',
      maxlength: String(cfg.maxChars),
      autocomplete: 'off',
      'aria-describedby': 'cw-counter',
      'data-testid': 'chat-input',
    }), 'placeholder', 'placeholder');
    ui.send = textEl('button', { type: 'submit', className: 'cw-send', 'data-testid': 'chat-send' }, 'send');
    ui.counterValue = el('span', { text: '0/' + cfg.maxChars });
    ui.counter = el('p', { id: 'cw-counter', className: 'cw-counter' }, [
      textEl('span', { className: 'cw-sr-only' }, 'charactersUsed'),
      ui.counterValue,
    ]);
    ui.form = el('form', { className: 'cw-form', novalidate: true }, [
      textEl('label', { for: 'cw-input', className: 'cw-sr-only' }, 'yourMessage'),
      el('div', { className: 'cw-input-row' }, [ui.input, ui.send]),
      ui.counter,
    ]);

    const footer = localize(el('p', { className: 'cw-footer' }), function (node) {
      replaceChildren(node, [t('footer'), el('strong', { text: cfg.emergency || t('footerNoNumber') })]);
    });

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
        ui.liveBar,
        el('div', { className: 'cw-body' }, [ui.disclaimer, ui.log]),
        el('div', { className: 'cw-status', role: 'status' }, [ui.typing]),
        el('div', { className: 'cw-status' }, [ui.staffTyping]),
        ui.alert,
        ui.form,
        footer,
        textEl('span', { id: 'cw-new-tab', hidden: true }, 'newTab'),
      ]
    );

    ui.root.appendChild(ui.launcher);
    ui.root.appendChild(ui.panel);
    document.body.appendChild(ui.root);
    applyLanguage(false);

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
    ui.liveCancel.addEventListener('click', cancelLive);
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
    ui.launcherBadge.hidden = true;
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

  /**
   * Shows an inline error. parts: a function returning strings and nodes, called
   * again when the language changes (or a fixed list). retry: show "Try again".
   */
  function showError(parts, retry) {
    clearError();
    const render = typeof parts === 'function' ? parts : function () {
      return parts;
    };
    const box = el('div', { className: 'cw-error-box' }, [
      localize(el('p', { className: 'cw-error', 'data-testid': 'chat-error' }), function (node) {
        replaceChildren(node, render());
      }),
    ]);
    if (retry) {
      const button = textEl('button', {
        type: 'button',
        className: 'cw-retry',
        'data-testid': 'chat-retry',
      }, 'tryAgain');
      button.addEventListener('click', retryLast);
      box.appendChild(button);
    }
    ui.alert.appendChild(box);
  }

  function unavailableParts() {
    const parts = [t('unavailable')];
    if (cfg.phone) {
      return parts.concat(tParts('callUs', { phone: phoneLink() }));
    }
    return parts.concat([t('tryLater')]);
  }

  /**
   * What to say when the chat server cannot answer. A 503 {"error": "unavailable"}
   * from the channel carries "messages" (the clinic's own words, with its phone
   * number): those are shown as they are; otherwise the widget's own text.
   */
  function unavailableFor(error) {
    const data = error && isObject(error.data) ? error.data : null;
    const texts = data && data.error === 'unavailable' && Array.isArray(data.messages) ? data.messages
      .map(function (message) {
        return isObject(message) && typeof message.text === 'string' ? message.text.trim() : '';
      })
      .filter(Boolean) : [];
    if (!texts.length) {
      return unavailableParts;
    }
    return function () {
      return texts.map(function (text, index) {
        const span = el('span');
        appendLinkified(span, (index ? ' ' : '') + text);
        return span;
      });
    };
  }

  function showUnavailable(retry, error) {
    showError(unavailableFor(error), retry);
  }

  /**
   * What to show for a refused request ({"error": code, "message": text}):
   * in English the server's message, in Spanish the widget's own text for the
   * code (a generic one for codes it does not know). Null when the answer says
   * nothing (the caller shows the "unavailable" text).
   */
  function problemParts(data) {
    const code = typeof data.error === 'string' ? data.error : '';
    const message = typeof data.message === 'string' ? data.message.trim() : '';
    if (!code && !message) {
      return null;
    }
    return function () {
      if (code === 'unavailable') {
        return unavailableParts();
      }
      if (state.lang === 'en' && message) {
        return [message];
      }
      return [errorText(code)];
    };
  }

  // --------------------------------------------------------------- network

  /** Why a request failed; data: the JSON body of a 5xx answer, if it had one. */
  function Unavailable(reason, data) {
    this.name = 'Unavailable';
    this.message = reason;
    this.data = data || null;
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
        if (response.status >= 500) {
          // The body may still say something for the patient (a 503's "messages").
          return response.text().then(
            function (text) {
              let data = null;
              try {
                data = JSON.parse(text);
              } catch (error) {
                /* not JSON: nothing to show */
              }
              throw new Unavailable('status ' + response.status, data);
            },
            function () {
              throw new Unavailable('status ' + response.status);
            }
          );
        }
        if (response.status < 200 || (response.status >= 300 && response.status < 400)) {
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
      if (result.data.new === true && state.lang !== DEFAULT_LANGUAGE) {
        // A new conversation starts in English on the server: tell it the widget's language first.
        return tellLanguage(state.lang, state.pending).then(function () {
          return state.token;
        });
      }
      return state.token;
    });
  }

  /** Sends one message; on a rejected session, gets a new one and retries once. */
  function deliver(text) {
    return state.ready
      .then(ensureSession)
      .then(function (token) {
        return post('webhook', { session: token, message: text, language: state.lang });
      })
      .then(function (result) {
        if (!isBadSession(result)) {
          return result;
        }
        setToken(null);
        return ensureSession().then(function (token) {
          return post('webhook', { session: token, message: text, language: state.lang });
        });
      });
  }

  // ------------------------------------------------------------- rendering

  function addPatientBubble(text, parent, before) {
    const row = el('div', { className: 'cw-row cw-row-patient' }, [
      textEl('span', { className: 'cw-sr-only' }, 'youSaid'),
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
        bubble.appendChild(textEl('p', { className: 'cw-source', 'data-testid': 'answer-source' }, 'source', function () {
          return { sources: sources.join('; ') };
        }));
      }
      const topic = typeof custom.topic === 'string' ? custom.topic : '';
      if (topic && options.feedback) {
        bubble.appendChild(feedbackControls(topic));
      }
    }
    const row = el('div', { className: 'cw-row cw-row-assistant' }, [
      textEl('span', { className: 'cw-sr-only' }, 'assistantSaid'),
      bubble,
    ]);
    parent.appendChild(row);
    return row;
  }

  /** A staff member's message: labelled with their name, and drawn apart from the assistant's. */
  function addStaffMessage(name, text, parent) {
    const who = function () {
      return { name: name || t('clinicTeam'), clinic: clinicName() };
    };
    const body = el('p', { className: 'cw-text' });
    appendLinkified(body, text);
    const label = localize(el('p', { className: 'cw-staff-name', 'data-testid': 'msg-staff-name', 'aria-hidden': 'true' }),
      function (node) {
        node.textContent = who().name + ' · ' + who().clinic;
      });
    const bubble = el('div', { className: 'cw-msg cw-msg-staff', 'data-testid': 'msg-staff' }, [label, body]);
    const row = el('div', { className: 'cw-row cw-row-staff' }, [
      textEl('span', { className: 'cw-sr-only' }, 'staffSaid', who),
      bubble,
    ]);
    (parent || ui.log).appendChild(row);
    return row;
  }

  /** A line about the chat itself ("Alex joined the chat"), centred between the messages. */
  function addNotice(text, kind, parent) {
    const row = el('div', { className: 'cw-row cw-row-notice' }, [
      el('p', { className: 'cw-notice', 'data-testid': 'msg-notice', 'data-kind': kind || null, text: text }),
    ]);
    (parent || ui.log).appendChild(row);
    return row;
  }

  /** The title of the "Chat with a person now" button a live-chat offer carries, else null (see offerTitle). */
  function liveOffer(message) {
    const custom = isObject(message.custom) ? message.custom : null;
    if (!custom || custom.type !== 'live_offer') {
      return null;
    }
    return typeof custom.title === 'string' && custom.title.trim() ? custom.title.trim() : STRINGS.en.liveOffer;
  }

  /** The offer button's label: the server's title in English, the widget's own in another language. */
  function offerTitle(offer) {
    return state.lang === DEFAULT_LANGUAGE ? offer : t('liveOffer');
  }

  function feedbackControls(topic) {
    const labelId = uid('feedback');
    const wrap = el('div', { className: 'cw-feedback', role: 'group', 'aria-labelledby': labelId });
    // Named "Yes"/"No" inside the group "Was this helpful?"; the emoji is decoration.
    const up = el('button', { type: 'button', className: 'cw-vote', 'data-testid': 'feedback-up' }, [
      el('span', { className: 'cw-vote-icon', 'aria-hidden': 'true', text: '👍' }),
      textEl('span', {}, 'yes'),
    ]);
    const down = el('button', { type: 'button', className: 'cw-vote', 'data-testid': 'feedback-down' }, [
      el('span', { className: 'cw-vote-icon', 'aria-hidden': 'true', text: '👎' }),
      textEl('span', {}, 'no'),
    ]);
    wrap.appendChild(textEl('span', { id: labelId, className: 'cw-feedback-label' }, 'helpful'));
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
        const thanks = textEl('span', {
          className: 'cw-feedback-note',
          'data-testid': 'feedback-thanks',
          tabindex: '-1',
        }, 'thanks');
        wrap.appendChild(thanks);
        rememberVote(topic);
        if (hadFocus) {
          thanks.focus();
        }
      } else {
        up.removeAttribute('aria-disabled');
        down.removeAttribute('aria-disabled');
        wrap.appendChild(textEl('span', { className: 'cw-feedback-note' }, 'feedbackFailed'));
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

  /**
   * Shows the clickable quick replies of the latest assistant message (only one group at a time).
   * offer: the title of a "Chat with a person now" button to put first, or null.
   */
  function showQuickReplies(buttons, parent, offer) {
    removeQuickReplies();
    const valid = validButtons(buttons);
    if (!valid.length && !offer) {
      return;
    }
    const group = attrText(el('div', { className: 'cw-replies', role: 'group' }), 'aria-label', 'suggestedReplies');
    if (offer) {
      const live = localize(el('button', {
        type: 'button',
        className: 'cw-reply cw-reply-live',
        'data-testid': 'live-offer',
      }), function (node) {
        node.textContent = offerTitle(offer);
      });
      live.addEventListener('click', function () {
        if (state.busy) {
          return;
        }
        ui.input.focus(); // this button is about to be removed
        requestLive(valid, offer);
      });
      group.appendChild(live);
    }
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
        send({ text: button.payload, display: button.title, typed: false, buttons: valid, offer: offer });
      });
      group.appendChild(node);
    });
    (parent || ui.log).appendChild(group);
    state.replies = { node: group, buttons: valid, offer: offer };
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
      showError(function () {
        return [t('tooLong', { max: cfg.maxChars })];
      }, false);
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
    state.pending = bubble;
    updateDisclaimer();
    // While a person has the chat the assistant stays silent: no "Assistant is typing…".
    setTyping(state.live.status !== 'active');
    scrollToEnd();

    const fail = function (parts, retry) {
      ui.log.removeChild(bubble);
      updateDisclaimer();
      if (item.typed) {
        restoreInput(item.text);
      } else if (item.buttons) {
        showQuickReplies(item.buttons, null, item.offer || null);
      }
      state.lastFailed = retry ? item : null;
      showError(parts, retry);
    };

    return deliver(item.text)
      .then(
        function (result) {
          if (!result.ok) {
            const tooLong = result.status === 413 || result.data.error === 'too_long';
            const parts = isBadSession(result) ? null : problemParts(result.data);
            if (!parts) {
              fail(unavailableParts, true);
            } else {
              fail(parts, !tooLong);
            }
            return;
          }
          const messages = Array.isArray(result.data.messages) ? result.data.messages.filter(isObject) : [];
          // A person has the chat: the message reached them and the assistant rightly says nothing.
          const paused = isObject(result.data.live) && result.data.live.paused === true;
          if (!messages.length && !paused) {
            fail(unavailableParts, true);
            return;
          }
          state.lastFailed = null;
          // The assistant may have switched language (the patient wrote in the other one); its note is
          // among the messages, so the server is not told again.
          followServerLanguage(result.data.language);
          messages.forEach(function (message) {
            addAssistantMessage(message, ui.log, { feedback: true });
            const offer = state.live.status === 'none' ? liveOffer(message) : null;
            if (validButtons(message.buttons).length || offer) {
              showQuickReplies(message.buttons, null, offer);
            }
          });
        },
        function (error) {
          fail(unavailableFor(error), true);
        }
      )
      .then(function () {
        if (state.pending === bubble) {
          state.pending = null;
        }
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
          // The old conversation is gone; the new one is told the widget's language.
          return state.lang !== DEFAULT_LANGUAGE ? tellLanguage(state.lang, null).then(function () {
            return null;
          }) : null;
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
        checkLive(); // a live chat waiting or under way goes on: its stream is opened again
      })
      .catch(function (error) {
        state.lastFailed = { restore: true };
        showUnavailable(true, error);
      });
  }

  function renderHistory(data) {
    followServerLanguage(data.language); // a conversation held in Spanish reopens in Spanish
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
    let offer = null;
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
      if (message.sender === 'staff' || message.sender === 'notice') {
        const said = typeof message.text === 'string' ? message.text : '';
        if (said.trim() && message.sender === 'staff') {
          addStaffMessage(typeof message.name === 'string' ? message.name : '', said, fragment);
        } else if (said.trim()) {
          addNotice(said, typeof message.kind === 'string' ? message.kind : null, fragment);
        }
        if (index > lastPatient) {
          replies = null; // the offer before a live chat is no longer the thing to answer
          offer = null;
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
          offer = liveOffer(message);
        }
      }
    });
    if (data.handed_off === true) {
      setHandedOff();
    }
    ui.log.insertBefore(fragment, ui.log.firstChild);
    if (replies && !liveAlready) {
      showQuickReplies(replies, null, offer);
    }
    updateDisclaimer();
    scrollToEnd();
  }

  // ------------------------------------------------------------- live chat

  /** POSTs the session to <chat-url>/live/<route>; resolves {status, ok, data} like post(). */
  function livePost(route) {
    return state.ready.then(ensureSession).then(function (token) {
      return post('live/' + route, { session: token });
    });
  }

  function notifyLauncher() {
    if (ui.panel.hidden) {
      ui.launcherBadge.hidden = false;
    }
  }

  /** Shows where the live chat stands under the header: waiting (with "Stop waiting"), or who is here. */
  function setLive(status, name) {
    const live = state.live;
    live.status = status === 'waiting' || status === 'active' ? status : 'none';
    if (live.status === 'active') {
      live.name = name || live.name || ''; // shown as "Someone" when the server gave no name
    } else if (live.status === 'none') {
      live.name = '';
      hideStaffTyping();
    }
    ui.root.classList.toggle('cw-live-active', live.status === 'active');
    ui.root.classList.toggle('cw-live-waiting', live.status === 'waiting');
    refresh(ui.titleRole);
    ui.liveBar.hidden = live.status === 'none' && !live.replaced;
    ui.liveCancel.hidden = live.status !== 'waiting' || live.replaced;
    refresh(ui.liveText);
  }

  function liveName() {
    return state.live.name || t('someone');
  }

  function hideStaffTyping() {
    clearTimeout(state.live.typingTimer);
    ui.staffTyping.hidden = true;
  }

  function showStaffTyping(name) {
    clearTimeout(state.live.typingTimer);
    state.live.typingName = name || '';
    refresh(ui.staffTypingText);
    ui.staffTyping.hidden = false;
    state.live.typingTimer = setTimeout(hideStaffTyping, STAFF_TYPING_MS);
  }

  /** "Chat with a person now": a place in the queue and its stream, or the reason there is none. */
  function requestLive(buttons, offer) {
    state.busy = true;
    clearError();
    removeQuickReplies();
    return livePost('request')
      .then(
        function (result) {
          const message = typeof result.data.message === 'string' ? result.data.message.trim() : '';
          const status = result.data.status;
          if (result.ok && (status === 'waiting' || status === 'active')) {
            if (message) {
              addNotice(message, 'waiting');
            }
            state.live.replaced = false;
            setLive(status, result.data.staff_name);
            openStream();
          } else if (result.status === 409 && message) {
            // Nobody can chat now: the assistant's call-back choices stay.
            addAssistantMessage({ text: message }, ui.log, {});
            showQuickReplies(buttons, null, null);
          } else {
            showQuickReplies(buttons, null, offer);
            showError((!isBadSession(result) && problemParts(result.data)) || unavailableParts, false);
          }
        },
        function (error) {
          showQuickReplies(buttons, null, offer);
          showUnavailable(false, error);
        }
      )
      .then(function () {
        state.busy = false;
        scrollToEnd();
      });
  }

  function cancelLive() {
    if (state.live.status !== 'waiting') {
      return;
    }
    ui.input.focus(); // the button is about to be hidden
    livePost('cancel').then(
      function (result) {
        if (result.ok && result.data.cancelled === true) {
          stopStream();
          setLive('none');
          addNotice(result.data.message || t('liveCancelled'), 'cancelled');
          scrollToEnd();
        } else {
          checkLive(); // someone may have joined meanwhile
        }
      },
      function (error) {
        showUnavailable(false, error);
      }
    );
  }

  /** Asks whether a live chat is waiting or under way, and opens its stream if so. Never throws. */
  function checkLive() {
    if (!state.token) {
      return Promise.resolve();
    }
    return post('live/state', { session: state.token }).then(
      function (result) {
        const status = result.ok ? result.data.status : 'none';
        const before = state.live.status;
        if (status === 'waiting' || status === 'active') {
          if (before === 'none') {
            removeQuickReplies(); // the offer was answered already
          }
          setLive(status, result.data.staff_name);
          if (!state.live.replaced) {
            openStream();
          }
        } else {
          stopStream();
          setLive('none');
        }
      },
      function () {
        if (state.live.status !== 'none') {
          retryStreamLater();
        }
      }
    );
  }

  function stopStream() {
    const live = state.live;
    ui.root.setAttribute('data-live-stream', 'closed');
    clearTimeout(live.timer);
    live.timer = null;
    if (live.controller) {
      const controller = live.controller;
      live.controller = null;
      controller.abort();
    }
  }

  function retryStreamLater() {
    const live = state.live;
    clearTimeout(live.timer);
    live.failures += 1;
    const seconds = Math.min(STREAM_RETRY_MAX_S, Math.pow(2, live.failures - 1));
    live.timer = setTimeout(checkLive, seconds * 1000);
  }

  /**
   * Opens the live chat's event stream (one at a time). It ends with the chat
   * ("left", "timed_out"), when another tab takes it over ("replaced"), or when
   * the server closes it after a while without events; then the state is asked
   * again and a new stream opened if the chat goes on.
   */
  function openStream() {
    const live = state.live;
    if (live.controller || !cfg.chatUrl || typeof fetch !== 'function' || typeof TextDecoder !== 'function' ||
        typeof AbortController !== 'function') {
      return;
    }
    clearTimeout(live.timer);
    live.timer = null;
    const controller = new AbortController();
    live.controller = controller;
    fetch(cfg.chatUrl + '/live/stream', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'text/event-stream' },
      body: JSON.stringify({ session: state.token }),
      credentials: 'omit',
      cache: 'no-store',
      signal: controller.signal,
    })
      .then(function (response) {
        if (response.status === 404) {
          return 'none';
        }
        if (!response.ok || !response.body || typeof response.body.getReader !== 'function') {
          throw new Unavailable('stream ' + response.status);
        }
        return readEvents(response.body.getReader(), controller);
      })
      .then(
        function (outcome) {
          if (live.controller !== controller) {
            return; // stopped on purpose
          }
          live.controller = null;
          live.failures = 0;
          ui.root.setAttribute('data-live-stream', 'closed');
          if (outcome === 'none') {
            setLive('none');
          } else if (outcome === 'replaced') {
            live.replaced = true;
            setLive(live.status, live.name);
          } else if (outcome === 'closed') {
            checkLive(); // closed after idle: open a new one if the chat goes on
          }
        },
        function () {
          if (live.controller !== controller) {
            return;
          }
          live.controller = null;
          ui.root.setAttribute('data-live-stream', 'closed');
          retryStreamLater();
        }
      );
  }

  /** Reads Server-Sent Events until the stream ends; resolves 'ended', 'replaced' or 'closed'. */
  function readEvents(reader, controller) {
    const decoder = new TextDecoder();
    let buffer = '';
    function pump() {
      return reader.read().then(function (chunk) {
        if (chunk.done || state.live.controller !== controller) {
          return 'closed';
        }
        buffer = (buffer + decoder.decode(chunk.value, { stream: true })).replace(/\r\n/g, '\n');
        let end = buffer.indexOf('\n\n');
        while (end !== -1) {
          const outcome = handleBlock(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
          if (outcome) {
            reader.cancel().catch(function () {});
            return outcome;
          }
          end = buffer.indexOf('\n\n');
        }
        return pump();
      });
    }
    return pump();
  }

  /** One SSE block ("event: x" and "data: {...}" lines; ": keepalive" comments are skipped). */
  function handleBlock(block) {
    let name = '';
    const data = [];
    block.split('\n').forEach(function (line) {
      if (line.indexOf('event:') === 0) {
        name = line.slice(6).trim();
      } else if (line.indexOf('data:') === 0) {
        data.push(line.slice(5).replace(/^ /, ''));
      }
    });
    if (!data.length) {
      return null;
    }
    let item;
    try {
      item = JSON.parse(data.join('\n'));
    } catch (error) {
      return null;
    }
    if (!isObject(item)) {
      return null;
    }
    return handleLiveEvent(typeof item.type === 'string' ? item.type : name, item);
  }

  function str(value) {
    return typeof value === 'string' ? value : '';
  }

  /** Shows one live event; returns how the stream ends ('ended', 'replaced') or null to read on. */
  function handleLiveEvent(type, item) {
    const name = str(item.name) || str(item.staff_name);
    let outcome = null;
    if (type === 'status') {
      // The first event of a stream, sent once the server listens: from here on nothing is missed.
      ui.root.setAttribute('data-live-stream', 'open');
      if (item.status === 'active' && state.live.status === 'waiting') {
        // Joined while this page was not listening (a reload or a reconnect).
        addNotice(t('liveJoined', { name: name || t('someone'), clinic: clinicName() }), 'joined');
        notifyLauncher();
      }
      if (item.status === 'waiting' || item.status === 'active') {
        setLive(item.status, name);
      }
    } else if (type === 'joined') {
      removeQuickReplies();
      if (str(item.text).trim()) {
        addNotice(str(item.text), 'joined');
      }
      setLive('active', name);
      notifyLauncher();
    } else if (type === 'staff') {
      hideStaffTyping();
      if (str(item.text).trim()) {
        addStaffMessage(name || state.live.name, str(item.text));
        notifyLauncher();
      }
    } else if (type === 'typing') {
      showStaffTyping(name);
    } else if (type === 'left') {
      if (str(item.text).trim()) {
        addNotice(str(item.text), 'left');
      }
      setLive('none');
      notifyLauncher();
      outcome = 'ended';
    } else if (type === 'timed_out') {
      if (str(item.text).trim()) {
        addNotice(str(item.text), 'timed_out');
      }
      setLive('none');
      const consent = isObject(item.consent) ? item.consent : null;
      if (consent && str(consent.text).trim()) {
        addAssistantMessage({ text: consent.text }, ui.log, {});
        showQuickReplies(consent.buttons, null, null);
      }
      notifyLauncher();
      outcome = 'ended';
    } else if (type === 'replaced') {
      outcome = 'replaced';
    }
    // "patient" and "assistant" echo what this page already shows from the webhook.
    scrollToEnd();
    return outcome;
  }

  // ---------------------------------------------------------------- start

  function start() {
    ensureStylesheet();
    state.lang = initialLanguage();
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
