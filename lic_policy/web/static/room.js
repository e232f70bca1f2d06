/* The review room in the browser: select words → comment, suggest, object or approve.
   Every shown character of the draft sits in a <span data-o="N"> whose text is the
   guideline field's characters N, N+1, …; a selection becomes (part, start, end) in code
   points, and the server builds the anchor on the field's own text. Without this script
   every page still works: each part has a Respond link with a sentence picker. */
(function () {
  "use strict";
  var csrf = document.body.getAttribute("data-csrf") || "";
  var article = document.getElementById("guideline");

  /* words typed and not sent yet are kept in this browser only (localStorage; the room never
     sees them before they are sent) until they are sent, Cancel drops them or the reviewer
     signs out: a tab the phone closed in the background, a reload or the invitation link
     opened again brings them back where they were typed */
  var keepAs = document.body.getAttribute("data-keep") || "";
  var STORE = "lic-room-unsent", MONTH = 30 * 24 * 3600 * 1000;  /* as long as a session lasts */
  function keptAll() {
    try { var all = JSON.parse(window.localStorage.getItem(STORE) || "{}"); return all && typeof all === "object" ? all : {}; }
    catch (e) { return {}; }
  }
  function keep(key, value) {
    if (!keepAs) { return; }
    try {
      var all = keptAll(), now = Date.now();
      Object.keys(all).forEach(function (k) { if (!(all[k] && now - all[k].t < MONTH)) { delete all[k]; } });
      if (value) { all[keepAs + "|" + key] = { t: now, v: value }; } else { delete all[keepAs + "|" + key]; }
      if (Object.keys(all).length) { window.localStorage.setItem(STORE, JSON.stringify(all)); }
      else { window.localStorage.removeItem(STORE); }
    } catch (e) { /* storage refused or full (a private window): the words stay on the page only */ }
  }
  function keptFor(key) {
    if (!keepAs) { return null; }
    var e = keptAll()[keepAs + "|" + key];
    return e && e.v && Date.now() - e.t < MONTH ? e.v : null;
  }
  /* a round that closed before they were sent: the words, to copy, and a button to forget them */
  var unsentBox = document.getElementById("unsent");
  if (unsentBox && keepAs) {
    var all = keptAll(), mine = [];
    Object.keys(all).forEach(function (k) {
      var v = all[k] && all[k].v;
      if (k.indexOf(keepAs + "|") !== 0 || !v || Date.now() - all[k].t >= MONTH) { return; }
      var words = v.exact || v.quote ? "“" + (v.exact || v.quote) + "”" : "";
      var wording = v.replacement && v.replacement !== v.exact ? v.replacement : "";
      var said = [words && wording ? words + " → " + wording : words || wording, v.body || ""];
      said = said.filter(function (x) { return x && x.trim(); });
      if (said.length) { mine.push(said.join("\n")); }
    });
    if (mine.length) {
      document.getElementById("unsent-words").value = mine.join("\n\n");
      unsentBox.hidden = false;
      document.getElementById("unsent-forget").addEventListener("click", function () {
        Object.keys(keptAll()).forEach(function (k) { if (k.indexOf(keepAs + "|") === 0) { keep(k.slice(keepAs.length + 1), null); } });
        unsentBox.hidden = true;
      });
    }
  }
  var logout = document.getElementById("logout-form");
  var SIGNED_OUT = "lic-room-signed-out", TELL = "lic-room-tell-signed-out";
  /* the room's other tabs in this browser (a reviewer may open the link twice) */
  var others = null;
  try { others = new BroadcastChannel("lic-room"); } catch (e) { /* an old browser: this tab only */ }
  if (logout) {
    /* a shared phone: signing out forgets every unsent word this browser kept */
    logout.addEventListener("submit", function () {
      try { window.localStorage.removeItem(STORE); } catch (e) { /* none kept */ }
      try {
        window.sessionStorage.setItem(SIGNED_OUT, String(Date.now()));
        window.sessionStorage.setItem(TELL, "1");
      } catch (e) { /* storage refused */ }
    });
    /* signed out in another tab: this one showed the draft, the handle and the comments to the
       next person holding the phone (ux29); it asks the room again, which answers as to someone
       signed out */
    if (others) {
      others.onmessage = function (e) {
        if (e.data !== SIGNED_OUT) { return; }
        document.documentElement.style.visibility = "hidden";
        window.location.reload();
      };
    }
    /* … and Back after signing out must not show the page the browser kept in its back/forward
       cache (the same, in this tab): a page shown from there after a sign-out in this tab asks
       the room again (only the time of the sign-out is kept, for this tab, in its
       sessionStorage; localStorage is left empty) */
    window.addEventListener("pageshow", function (e) {
      if (!e.persisted) { return; }
      var out = 0;
      try { out = Number(window.sessionStorage.getItem(SIGNED_OUT)) || 0; } catch (err) { return; }
      if (out && out >= Math.floor(performance.timeOrigin)) {
        document.documentElement.style.visibility = "hidden";
        window.location.reload();
      }
    });
  } else {
    /* the page after signing out: the sign-out is done, so the other tabs, told now, are
       answered as signed out (told at the tap, they asked before it was done) */
    try {
      if (window.sessionStorage.getItem(TELL)) {
        window.sessionStorage.removeItem(TELL);
        if (others) { others.postMessage(SIGNED_OUT); }
      }
    } catch (e) { /* storage refused */ }
  }

  function cpLen(s) { var n = 0; for (var i = 0; i < s.length; i++) { var c = s.charCodeAt(i); if (c < 0xDC00 || c > 0xDFFF) n++; } return n; }
  function u16(s, cp) { var i = 0, n = 0; while (i < s.length && n < cp) { var c = s.charCodeAt(i); i += (c >= 0xD800 && c <= 0xDBFF) ? 2 : 1; n++; } return i; }
  function elementOf(node) { return node && (node.nodeType === 1 ? node : node.parentElement); }
  function partOf(node) { var el = elementOf(node); return el ? el.closest(".text[data-part]") : null; }

  function spanRange(span) { var r = document.createRange(); r.selectNodeContents(span); return r; }

  /* source offset of a boundary point (container, offset) inside part */
  function offsetAt(part, container, offset, isEnd) {
    var el = elementOf(container);
    var span = el ? el.closest("span[data-o]") : null;
    if (span && part.contains(span)) {
      var r = document.createRange();
      r.setStart(span, 0);
      r.setEnd(container, offset);
      return +span.getAttribute("data-o") + cpLen(r.toString());
    }
    var point = document.createRange();
    point.setStart(container, offset);
    point.collapse(true);
    var spans = part.querySelectorAll("span[data-o]");
    var found = null;
    for (var i = 0; i < spans.length; i++) {
      var sr = spanRange(spans[i]);
      if (!isEnd && sr.compareBoundaryPoints(Range.START_TO_START, point) >= 0) { return +spans[i].getAttribute("data-o"); }
      if (isEnd && sr.compareBoundaryPoints(Range.END_TO_START, point) <= 0) { found = spans[i]; }
    }
    if (isEnd && found) { return +found.getAttribute("data-o") + cpLen(found.textContent); }
    return null;
  }

  function textAround(part, range, before) {
    var r = document.createRange();
    r.selectNodeContents(part);
    if (before) { r.setEnd(range.startContainer, range.startOffset); var s = r.toString(); return s.slice(-32); }
    r.setStart(range.endContainer, range.endOffset);
    return r.toString().slice(0, 32);
  }

  /* the range without the spaces at its ends: a phone's word selection often takes the space
     after the last word ("Staff who believe a "), which the quote, the bar and a suggestion's
     first words should not hold */
  function trimmed(part, range) {
    var walker = document.createTreeWalker(part, NodeFilter.SHOW_TEXT), node, first = null, last = null;
    while ((node = walker.nextNode())) {
      if (!range.intersectsNode(node)) { continue; }
      var from = node === range.startContainer ? range.startOffset : 0;
      var to = node === range.endContainer ? range.endOffset : node.data.length;
      var seg = node.data.slice(from, to), lead = seg.search(/\S/);
      if (lead < 0) { continue; }
      if (!first) { first = [node, from + lead]; }
      last = [node, to - (seg.length - seg.replace(/\s+$/, "").length)];
    }
    if (!first) { return range; }
    var r = range.cloneRange();
    r.setStart(first[0], first[1]);
    r.setEnd(last[0], last[1]);
    return r;
  }

  var current = null, opener = null;
  var bar = document.getElementById("selection-bar");
  var dialog = document.getElementById("compose");

  function readSelection() {
    var sel = window.getSelection();
    if (!sel || sel.rangeCount === 0 || sel.isCollapsed) { return null; }
    var range = sel.getRangeAt(0);
    var a = partOf(range.startContainer), b = partOf(range.endContainer);
    if (!a || a !== b || !article || !article.contains(a)) { return null; }
    range = trimmed(a, range);
    var start = offsetAt(a, range.startContainer, range.startOffset, false);
    var end = offsetAt(a, range.endContainer, range.endOffset, true);
    if (start === null || end === null || end <= start) { return null; }
    var exact = range.toString();
    if (!exact.trim()) { return null; }
    return { part: a.getAttribute("data-part"), h: a.getAttribute("data-h") || "", start: start, end: end,
             exact: exact, prefix: textAround(a, range, true), suffix: textAround(a, range, false) };
  }

  function showBar() {
    if (!bar) { return; }
    if (dialog && dialog.open) {
      /* the page behind the open dialog cannot be used: a bar left below it showed Object and
         Approve under Send and Cancel on a small phone, and a tap on them did nothing (ux24) */
      bar.hidden = true;
      return;
    }
    var s = readSelection();
    if (s) {
      current = s;
      document.getElementById("sel-text").textContent = s.exact.length > 120 ? s.exact.slice(0, 117) + "…" : s.exact;
      bar.hidden = false;
    } else if (!bar.contains(document.activeElement) && !(dialog && dialog.open)) {
      bar.hidden = true;
    }
  }
  var timer = null;
  document.addEventListener("selectionchange", function () { clearTimeout(timer); timer = setTimeout(showBar, 120); });

  /* a Send button while its words are on their way: marked busy, not disabled — disabling the
     button the focus is on sent the focus to the top of the page, so a keyboard or screen-reader
     user told "It could not be sent" had the whole draft to Tab through to send it again (ux26) */
  function busy(send, on) {
    if (on) { send.setAttribute("aria-disabled", "true"); } else { send.removeAttribute("aria-disabled"); }
  }
  function sending(send) { return send.getAttribute("aria-disabled") === "true"; }

  // the text box's label names what its words are for the kind of response (a question's box
  // was announced as “Your comment”)
  function bodyLabel(kind, id) {
    var label = document.getElementById(id || "compose-body-label");
    if (label) { label.textContent = label.getAttribute("data-" + kind) || label.getAttribute("data-comment"); }
  }

  function openCompose(kind) {
    if (!current || !dialog) { return; }
    var f = document.getElementById("compose-form");
    ["part", "start", "end", "exact", "prefix", "suffix", "h"].forEach(function (k) {
      var input = f.elements[k];
      if (input) { input.value = current[k]; }
    });
    f.elements.kind.value = kind;
    var title = document.getElementById("compose-title");
    title.textContent = title.getAttribute("data-" + kind) || title.textContent;
    bodyLabel(kind);
    document.getElementById("compose-quote").textContent = current.exact;
    document.getElementById("replacement-box").hidden = kind !== "suggestion";
    document.getElementById("help-objection").hidden = kind !== "objection";
    document.getElementById("compose-error").textContent = "";
    document.getElementById("compose-kept").hidden = true;
    f.elements.body.removeAttribute("aria-describedby");
    f.elements.replacement.removeAttribute("aria-describedby");
    document.getElementById("confirm-box").hidden = true;
    document.getElementById("compose-confirm").checked = false;
    // a comment can be sent as a question (the bar has no room for a fifth button on a phone)
    document.getElementById("question-box").hidden = kind !== "comment" && kind !== "question";
    document.getElementById("compose-question").checked = kind === "question";
    f.elements.replacement.value = kind === "suggestion" ? current.exact : "";
    f.elements.body.required = kind === "comment" || kind === "objection" || kind === "question";
    opener = bar && bar.contains(document.activeElement) ? document.activeElement : null;
    dialog.showModal();
    bar.hidden = true;
    if (kind === "suggestion") {
      // the selected words, selected: typing replaces them (a phone user does not delete them
      // first), while a tap or an arrow key keeps them to change one word of a long phrase
      var box = f.elements.replacement;
      box.focus();
      box.setSelectionRange(0, box.value.length);  // select() does not select on iOS Safari
    } else {
      f.elements.body.focus();
    }
  }

  /* Tab from selected words goes to their bar: it comes after the whole draft on the page, and
     Tab went on to the next Respond link and every part after it (ux26) */
  if (bar) {
    document.addEventListener("keydown", function (e) {
      if (e.key !== "Tab" || e.shiftKey || e.altKey || e.ctrlKey || e.metaKey || bar.hidden) { return; }
      if (bar.contains(document.activeElement) || (dialog && dialog.open) || !readSelection()) { return; }
      var first = bar.querySelector("button");
      if (first) { e.preventDefault(); first.focus(); }
    });
  }
  if (bar) {
    bar.addEventListener("mousedown", function (e) { if (e.target.closest("button")) { e.preventDefault(); } });
    bar.addEventListener("click", function (e) {
      var btn = e.target.closest("button[data-kind]");
      if (btn) { openCompose(btn.getAttribute("data-kind")); }
    });
  }

  if (dialog) {
    /* Cancel: the bar comes back for the same words, and a keyboard user is back on its button */
    dialog.addEventListener("close", function () {
      showBar();
      if (bar && current) {
        bar.hidden = false;
        if (opener) { opener.focus(); }
      }
    });
    var form = document.getElementById("compose-form");
    document.getElementById("compose-question").addEventListener("change", function () {
      var kind = this.checked ? "question" : "comment", title = document.getElementById("compose-title");
      form.elements.kind.value = kind;
      title.textContent = title.getAttribute("data-" + kind) || title.textContent;
      bodyLabel(kind);
    });
    var composeKey = "compose|" + form.getAttribute("action");
    var keepCompose = function () {
      var f = form.elements, kind = f.kind.value, body = f.body.value;
      var wording = kind === "suggestion" && f.replacement.value !== f.exact.value;
      if (!body.trim() && !wording) { keep(composeKey, null); return; }
      var v = {};
      ["part", "start", "end", "exact", "prefix", "suffix", "h", "kind", "replacement", "body"].forEach(function (k) { v[k] = f[k].value; });
      keep(composeKey, v);
    };
    form.addEventListener("input", keepCompose);
    document.getElementById("compose-cancel").addEventListener("click", function () { keep(composeKey, null); dialog.close(); });
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var data = {};
      Array.prototype.forEach.call(form.elements, function (el) {
        if (!el.name || el.name === "csrf" || (el.type === "checkbox" && !el.checked)) { return; }
        if (el.name === "replacement" && form.elements.kind.value !== "suggestion") { return; }
        data[el.name] = el.value;
      });
      var err = document.getElementById("compose-error");
      var status = document.getElementById("compose-status");
      var send = form.querySelector("button[type=submit]");
      if (sending(send)) { return; }
      busy(send, true);
      err.textContent = "";
      status.textContent = status.getAttribute("data-sending");
      var slow = setTimeout(function () { status.textContent = status.getAttribute("data-slow"); }, 6000);
      function done() { clearTimeout(slow); busy(send, false); status.textContent = ""; }
      fetch(form.getAttribute("action"), {
        method: "POST", credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf, "Accept": "application/json" },
        body: JSON.stringify(data)
      }).then(function (res) {
        return res.json().then(function (body) { return { ok: res.ok, body: body }; });
      }).then(function (r) {
        if (r.ok) {
          clearTimeout(slow);
          keep(composeKey, null);
          dialog.close();
          window.location.href = r.body.url;  /* ?sent=ID: the page says it was sent, beside the thread */
        } else {
          done();
          err.textContent = r.body.error || "";
          document.getElementById("confirm-box").hidden = !r.body.confirm;
        }
      }).catch(function () { done(); err.textContent = err.getAttribute("data-offline"); });
    });
  }

  /* words typed in the dialog and not sent: the dialog opens again with them */
  if (dialog && bar) {
    var unsent = keptFor(composeKey);
    if (unsent && typeof unsent.exact === "string" && /^(comment|suggestion|objection|approval|question)$/.test(unsent.kind)) {
      current = unsent;
      openCompose(unsent.kind);
      form.elements.replacement.value = unsent.replacement || "";
      form.elements.body.value = unsent.body || "";
      document.getElementById("compose-kept").hidden = false;
      var box = unsent.kind === "suggestion" ? form.elements.replacement : form.elements.body;
      box.setSelectionRange(box.value.length, box.value.length);
      box.setAttribute("aria-describedby", "compose-kept");  /* read out with the box the focus is in */
    }
  }

  /* highlight the words each thread and finding is about */
  function wrap(part, start, end, cls, target) {
    var spans = part.querySelectorAll("span[data-o]");
    for (var i = 0; i < spans.length; i++) {
      var pos = +spans[i].getAttribute("data-o");
      var walker = document.createTreeWalker(spans[i], NodeFilter.SHOW_TEXT);
      var nodes = [];
      while (walker.nextNode()) { nodes.push(walker.currentNode); }
      for (var j = 0; j < nodes.length; j++) {
        var n = nodes[j], len = cpLen(n.data);
        var a = Math.max(start, pos), b = Math.min(end, pos + len);
        if (a < b) {
          var node = n, ua = u16(n.data, a - pos), ub = u16(n.data, b - pos);
          if (ub < node.data.length) { node.splitText(ub); }
          if (ua > 0) { node = node.splitText(ua); }
          var m = document.createElement("mark");
          m.className = cls;
          m.setAttribute("data-target", target);
          node.parentNode.insertBefore(m, node);
          m.appendChild(node);
        }
        pos += len;
      }
    }
  }
  if (article) {
    var notes = article.querySelectorAll(".thread[data-part], .finding[data-part]");
    for (var k = 0; k < notes.length; k++) {
      var note = notes[k];
      var part = article.querySelector('.text[data-part="' + CSS.escape(note.getAttribute("data-part")) + '"]');
      if (!part) { continue; }
      var isThread = note.classList.contains("thread");
      wrap(part, +note.getAttribute("data-start"), +note.getAttribute("data-end"),
           isThread ? "hl k-" + note.getAttribute("data-kind") : "hl finding-hl", isThread ? note.id : "");
    }
    article.addEventListener("click", function (e) {
      var m = e.target.closest("mark[data-target]");
      if (m && m.getAttribute("data-target") && window.getSelection().isCollapsed) {
        var t = document.getElementById(m.getAttribute("data-target"));
        if (t) { t.focus(); t.classList.add("focused"); setTimeout(function () { t.classList.remove("focused"); }, 2000); }
      }
    });
  }
  /* after sending, the page opens at the new thread: move the focus there for screen readers */
  if (/^#thread-t\d+$/.test(window.location.hash)) {
    var target = document.getElementById(window.location.hash.slice(1));
    if (target) { target.focus(); }
  }
  /* the Respond page: typing words in "These exact words" chooses that button (the server
     takes typed words either way; this shows it) */
  var quoteBox = document.getElementById("quote"), wordsChoice = document.getElementById("span-words");
  if (quoteBox && wordsChoice) {
    quoteBox.addEventListener("input", function () { if (quoteBox.value.trim()) { wordsChoice.checked = true; } });
  }
  /* a reply or a response sent without a connection: the page stays, says so and keeps the
     words (the browser's own offline page hid them behind Back). The form is sent with fetch;
     the room answers a saved one with a redirect, which is followed; anything else (a refusal
     that brings the form back with its reason) is sent again as the plain form it is, which the
     room takes once (the same words again are the same reply) */
  var keepForms = Array.prototype.slice.call(document.querySelectorAll("form.reply-form, form.agree-form, form.withdraw-form"));
  var respondQuote = document.getElementById("quote");  /* the Respond page's form */
  if (respondQuote && respondQuote.form) { keepForms.push(respondQuote.form); }
  var offline = document.body.getAttribute("data-offline") || "";
  function formKey(form) {
    return "form|" + form.getAttribute("action") + (form.elements.part ? "|" + form.elements.part.value : "");
  }
  function typed(form) {
    return Array.prototype.some.call(form.elements, function (el) {
      return (el.tagName === "TEXTAREA" || el.type === "text" || el.id === "quote") && el.value.trim();
    });
  }
  keepForms.forEach(function (form) {
    var key = formKey(form);
    form.addEventListener("input", function () {
      if (!typed(form)) { keep(key, null); return; }
      var v = {};
      Array.prototype.forEach.call(form.elements, function (el) {
        if (!el.name || el.type === "hidden" || el.type === "submit") { return; }
        if (el.type === "radio") { if (el.checked) { v[el.name] = el.value; } return; }
        v[el.name] = el.value;
      });
      keep(key, v);
    });
    var unsent = keptFor(key);
    if (unsent && !typed(form)) {  /* a page the room filled in (a refused response) keeps its own */
      Array.prototype.forEach.call(form.elements, function (el) {
        if (!el.name || el.type === "hidden" || el.type === "submit" || typeof unsent[el.name] !== "string") { return; }
        if (el.type === "radio") { el.checked = el.value === unsent[el.name]; } else { el.value = unsent[el.name]; }
      });
      var box = form.closest("details");
      if (box) { box.open = true; }
      var note = document.createElement("p");
      note.className = "compose-kept";
      note.textContent = document.body.getAttribute("data-kept") || "";
      form.insertBefore(note, form.querySelector(":scope > :not(input[type=hidden])"));
    }
    form.addEventListener("submit", function (e) {
      if (!window.fetch || !window.URLSearchParams) { return; }
      e.preventDefault();
      var send = form.querySelector("button[type=submit]");
      var note = form.querySelector(".send-error");
      if (!note) {
        note = document.createElement("p");
        note.className = "compose-error send-error";
        note.setAttribute("role", "alert");
        send.parentNode.insertBefore(note, send);
      }
      if (sending(send)) { return; }  /* Enter pressed twice on a slow connection: sent once */
      note.textContent = "";
      busy(send, true);
      fetch(form.getAttribute("action"), {
        method: "POST", credentials: "same-origin", redirect: "follow",
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams(new FormData(form)).toString()
      }).then(function (res) {
        if (res.ok && res.redirected) {
          keep(formKey(form), null);
          /* a fetch's response has no fragment: the room sends the page to the thread
             (?sent=t3#thread-t3), where it says it was sent; without it the page opened at the top */
          var sent = /[?&](?:sent|at)=(t\d+)(?:&|$)/.exec(res.url);  /* at=: an agreement, back at its comment */
          window.location.href = res.url + (sent ? "#thread-" + sent[1] : "");
          return;
        }
        busy(send, false);  /* the page comes back from Back with a button that works */
        HTMLFormElement.prototype.submit.call(form);
      }).catch(function () {
        busy(send, false);
        note.textContent = offline;
      });
    });
  });
  /* the Respond page: the box for new wording only with "Suggest wording" chosen (or when it
     holds words), as in the comment dialog (after the words kept from a visit are put back); it came first under the kinds with "Comment"
     chosen, and a comment typed in it was refused as empty */
  var wordingField = document.getElementById("replacement-field");
  if (wordingField && quoteBox && quoteBox.form) {
    var respondForm = quoteBox.form, wordingBox = document.getElementById("replacement");
    var showWording = function () {
      var kind = respondForm.querySelector("input[name=kind]:checked");
      wordingField.hidden = !(kind && kind.value === "suggestion") && !wordingBox.value.trim();
    };
    /* "Suggest wording" starts from the chosen words, as the comment dialog does, so a phone
       user changes a word or two instead of typing the sentence again; words the reviewer
       changed are never replaced, and untouched ones leave with "Suggest wording" */
    var prefilled = null;
    var suggesting = function () {
      var kind = respondForm.querySelector("input[name=kind]:checked");
      return !!kind && kind.value === "suggestion";
    };
    var chosenWords = function () {
      var span = respondForm.querySelector("input[name=span]:checked");
      if (!span) { return ""; }
      return span.value === "words" ? quoteBox.value.trim() : (span.getAttribute("data-words") || "");
    };
    var prefill = function () {
      if (wordingBox.value && wordingBox.value !== prefilled) { return false; }
      if (!suggesting()) {
        if (prefilled !== null && wordingBox.value === prefilled) { wordingBox.value = ""; }
        prefilled = null;
        return false;
      }
      prefilled = chosenWords();
      wordingBox.value = prefilled;
      return true;
    };
    /* a kind chosen with the arrow keys keeps the focus on the kinds: the box took it, and a
       keyboard or screen-reader user arrowing from "Comment" to "Question" landed in the box at
       the first press and could not reach the kinds after "Suggest wording" (ux22); Tab goes
       on to the box, its words selected */
    var byKey = false;
    Array.prototype.forEach.call(respondForm.querySelectorAll("input[name=kind]"), function (el) {
      el.addEventListener("keydown", function () { byKey = true; });
      el.addEventListener("keyup", function () { byKey = false; });
      el.addEventListener("change", function () {
        var filled = prefill();
        showWording();
        bodyLabel(el.value, "body-label");
        if (filled && wordingBox.value) {
          if (!byKey) { wordingBox.focus(); }
          wordingBox.setSelectionRange(0, wordingBox.value.length);  /* select() does not select on iOS Safari */
        }
      });
    });
    Array.prototype.forEach.call(respondForm.querySelectorAll("input[name=span]"), function (el) {
      el.addEventListener("change", prefill);
    });
    quoteBox.addEventListener("input", prefill);
    showWording();
    /* the kind the page opens with (Back puts the one chosen before back): its box's label too,
       or an objection's box read "Your comment" (ux26) */
    var syncKind = function () {
      var opened = respondForm.querySelector("input[name=kind]:checked");
      if (opened) { bodyLabel(opened.value, "body-label"); }
      showWording();
    };
    syncKind();
    window.addEventListener("pageshow", syncKind);  /* the browser puts the fields back after the script ran */
  }
  /* back on a page the browser kept (Back after sending): its Send buttons work again */
  window.addEventListener("pageshow", function (e) {
    if (!e.persisted) { return; }
    keepForms.forEach(function (form) {
      var send = form.querySelector("button[type=submit]");
      if (send) { busy(send, false); }
    });
  });
  /* invitation links: select all on focus, for copying */
  Array.prototype.forEach.call(document.querySelectorAll("input.link"), function (el) {
    el.addEventListener("focus", function () { el.select(); });
  });
})();
