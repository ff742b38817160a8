/* The live preview's page side. serve.py adds this script to the pages it serves (builds never
   have it). Each save arrives over a websocket and is applied in place: the new source goes to
   remark's loadFromString on the same slide, math is typeset again, presenter mode and scrolling
   stay; a stylesheet is swapped; templates and images reload the page (which keeps `#N`). Build
   errors show over the last good deck until the next good save. */
(function () {
  'use strict';

  var script = document.currentScript;
  var token = script.getAttribute('data-token');
  var version = script.getAttribute('data-version');
  var base = location.protocol.replace('http', 'ws') + '//' + location.host + '/_deckhand/';
  var live = window.deckhandLive = {connected: false, updates: 0, styles: 0, errors: 0, version: version};
  var typesetRun = 0;

  /* KaTeX's script, for formulas a save brings: a built page typesets with the HTML KaTeX made at
     build time and has no KaTeX of its own, unless it was built without Node.js. */
  var katexSrc = script.getAttribute('data-katex');
  if (katexSrc && !window.katex) {
    var katexScript = document.createElement('script');
    katexScript.src = katexSrc;
    katexScript.onload = function () {   // a save that came first left its new formulas for now
      if (document.querySelector('.math[data-tex]:not([data-typeset])')) {
        typesetSoon(window.slideshow.getCurrentSlideIndex());
      }
    };
    document.head.appendChild(katexScript);
  }

  var socket = null;

  function connect() {
    socket = new WebSocket(base + 'live?token=' + encodeURIComponent(token));
    socket.onopen = function () {
      live.connected = true;
      socket.send(JSON.stringify({hello: location.pathname, version: version}));
    };
    socket.onmessage = function (event) { handle(JSON.parse(event.data)); };
    socket.onclose = function () {
      live.connected = false;
      setTimeout(waitForServer, 1000);
    };
  }

  /* After a disconnect: reconnect to the same server, or reload once a new run of it answers. */
  function waitForServer() {
    fetch('/_deckhand/ping?token=' + encodeURIComponent(token), {cache: 'no-store'}).then(function (response) {
      if (response.ok) connect();
      else if (response.status === 403) location.reload();
      else setTimeout(waitForServer, 1000);
    }, function () { setTimeout(waitForServer, 1000); });
  }

  /* The overlay stays through `source` and `css` messages: after a save the errors are known a
     moment later, and the overlay must not blink; `ok` (or a reload) removes it. */
  function handle(message) {
    if (message.type === 'error') showErrors(message);
    else if (message.type === 'ok') hideErrors();
    else if (message.type === 'source') applyThenSay(message);
    else if (message.type === 'css') swapStylesheet(message.file);
    else if (message.type === 'reload') location.reload();
  }

  /* The server sends one source at a time and keeps only the newest while this one renders: say
     when it is painted, so that a page behind a burst of saves goes straight to the last. */
  function applyThenSay(message) {
    var sent = socket;
    try {
      applySource(message);
    } finally {
      requestAnimationFrame(function () {
        setTimeout(function () {
          if (sent.readyState === WebSocket.OPEN) sent.send(JSON.stringify({applied: message.version}));
        }, 0);
      });
    }
  }

  function applySource(message) {
    var slideshow = window.slideshow;
    var options = document.getElementById('deck-options');
    if (!slideshow || !options) return location.reload();
    if (options.textContent !== message.options) return location.reload();
    var current = slideshow.getCurrentSlideIndex();
    var scrolls = saveScrolls();
    // remark 0.14 throws (and shows nothing) when the shown index is gone after loadFromString:
    // step back to the new last slide first, while the old deck still has it.
    var count = Math.max(message.slides, 1);
    if (current >= count) slideshow.gotoSlide(count);
    try {
      slideshow.loadFromString(message.source);
    } catch (err) {
      location.hash = '#' + Math.max(1, Math.min(current + 1, slideshow.getSlideCount()));
      return location.reload();
    }
    document.title = message.title;
    document.documentElement.lang = message.lang;
    typesetSoon(slideshow.getCurrentSlideIndex());
    restoreScrolls(scrolls);
    storeSource(message.source);
    version = live.version = message.version;
    live.updates += 1;
  }

  /* Math: the shown slide now (and the next one, which presenter mode previews), so the screen
     is right at once; the rest in slices after the frame is painted (a newer save stops them).
     KaTeX's output for each formula is kept, so an unchanged formula costs a copy, not a render. */
  var rendered = {};

  function typesetSoon(index) {
    var containers = slideContainers();
    var run = ++typesetRun;
    var presenting = document.body.classList.contains('remark-presenter-mode');
    typeset(containers[index]);
    if (presenting) {
      typeset(containers[index + 1]);
      refreshPresenter(index, containers);
    }
    var next = 0;
    function slice() {
      if (run !== typesetRun) return;
      for (var end = next + 8; next < end && next < containers.length; next++) typeset(containers[next]);
      if (next < containers.length) setTimeout(slice, 0);
      else if (!presenting) refreshPresenter(window.slideshow.getCurrentSlideIndex(), containers);
    }
    requestAnimationFrame(function () { setTimeout(slice, 0); });
  }

  /* Kept in step for tools that read the page's source, once the frame is out; written as
     render.py's embed_json writes it (no `<`, `>` or `&`), so that a `</script>` of a slide's code
     cannot end the element when the page is serialized and parsed again. */
  function storeSource(source) {
    requestAnimationFrame(function () {
      setTimeout(function () {
        document.getElementById('deck-source').textContent = JSON.stringify(source).replace(
          /[<>&\u2028\u2029]/g, function (char) { return '\\u' + ('000' + char.charCodeAt(0).toString(16)).slice(-4); });
      }, 0);
    });
  }

  function formulaKey(node) {
    return (node.classList.contains('display') ? 'D' : 'I') + node.getAttribute('data-tex');
  }

  function typeset(container) {
    if (!container) return;
    container.querySelectorAll('.math[data-tex]:not([data-typeset])').forEach(function (node) {
      var html = rendered[formulaKey(node)];
      if (html === undefined) return;
      node.innerHTML = html;
      node.setAttribute('data-typeset', 'true');
    });
    window.deckhand.typeset(container);
    remember(container);
  }

  function remember(root) {
    root.querySelectorAll('.math[data-typeset]').forEach(function (node) {
      var key = formulaKey(node);
      if (rendered[key] === undefined) rendered[key] = node.innerHTML;
    });
  }

  /* remark copies notes and the next-slide preview only when a slide is shown; copy them again. */
  function refreshPresenter(index, containers) {
    var notes = document.querySelector('.remark-notes');
    var nextNotes = document.querySelector('.remark-notes-preview');
    var preview = document.querySelector('.remark-preview-area');
    var notesOf = function (c) { return c ? c.querySelector('.remark-slide-notes').innerHTML : ''; };
    if (notes) notes.innerHTML = notesOf(containers[index]);
    if (nextNotes) nextNotes.innerHTML = notesOf(containers[index + 1]);
    if (preview) preview.innerHTML = containers[index + 1] ? containers[index + 1].outerHTML : '';
  }

  function slideContainers() {
    return document.querySelectorAll('.remark-slides-area > .remark-slide-container');
  }

  function saveScrolls() {
    var saved = [[document.scrollingElement, document.scrollingElement.scrollTop]];
    document.querySelectorAll('.remark-notes, .remark-notes-preview').forEach(function (el) {
      saved.push([el, el.scrollTop]);
    });
    return saved;
  }

  function restoreScrolls(saved) {
    // only where there was something to restore: setting scrollTop forces a layout before the frame
    saved.forEach(function (pair) { if (pair[1]) pair[0].scrollTop = pair[1]; });
  }

  /* Load the new stylesheet beside the old one and drop the old one once it applies: no flash. */
  function swapStylesheet(file) {
    document.querySelectorAll('link[rel="stylesheet"]').forEach(function (link) {
      var url = new URL(link.href);
      if (url.pathname.split('/').pop() !== file) return;
      var fresh = link.cloneNode();
      url.search = '?v=' + Date.now();
      fresh.href = url.href;
      fresh.onload = fresh.onerror = function () { link.remove(); live.styles += 1; };
      link.after(fresh);
    });
  }

  /* Errors in red; the deck doctor's warnings in amber, with a close button that hides them
     until they change. The text is set as text, never as HTML. */
  var dismissed = null;
  function showErrors(message) {
    var warning = message.level === 'warning';
    var text = message.summary + '\n' + message.problems.join('\n');
    if (warning && text === dismissed) return hideErrors();
    var box = document.getElementById('deckhand-errors');
    if (!box) {
      box = document.createElement('div');
      box.id = 'deckhand-errors';
      box.setAttribute('role', 'alert');
      document.body.appendChild(box);
    }
    box.className = warning ? 'warning' : 'error';
    box.style.cssText = 'position:fixed;left:0;right:0;bottom:0;z-index:100000;max-height:45%;overflow:auto;' +
      'margin:0;padding:12px 18px;color:#fff;white-space:pre-wrap;box-shadow:0 -2px 12px rgba(0,0,0,.4);' +
      'font:14px/1.45 "Ubuntu Mono",ui-monospace,monospace;' +
      (warning ? 'background:rgba(122,82,0,.93)' : 'background:rgba(120,16,24,.94)');
    var summary = document.createElement('strong');
    summary.textContent = message.summary;
    box.textContent = '';
    if (warning) {
      var close = document.createElement('button');
      close.textContent = '\u00d7';
      close.title = 'Hide these warnings until they change';
      close.style.cssText = 'float:right;font:inherit;font-size:20px;line-height:1;color:#fff;background:none;border:0;cursor:pointer';
      close.onclick = function () { dismissed = text; hideErrors(); };
      box.append(close);
    }
    box.append(summary, '\n' + message.problems.join('\n'));
    live.errors += warning ? 0 : 1;
  }

  function hideErrors() {
    var box = document.getElementById('deckhand-errors');
    if (box) box.remove();
  }

  connect();
  setTimeout(function () { remember(document); }, 500);   // the formulas deck.js typeset at load
})();
