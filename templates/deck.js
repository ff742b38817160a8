/* Start the deck: read the slide source and options (JSON data, never markup), hand them to
   remark, fill the math placeholders with the HTML KaTeX made at build time (or typeset them with
   KaTeX here when the build could not), and expose `slideshow` for tools. */
(function () {
  'use strict';

  function readJson(id) {
    return JSON.parse(document.getElementById(id).textContent);
  }

  var typesetHtml = readJson('deck-math');   // 'D' or 'I' + TeX -> KaTeX's HTML
  var macrosElement = document.getElementById('deck-macros');   // absent from a page made by an older template
  var macros = macrosElement ? JSON.parse(macrosElement.textContent) : {};

  function typeset(root) {
    var nodes = (root || document).querySelectorAll('.math[data-tex]');
    for (var i = 0; i < nodes.length; i++) {
      var node = nodes[i];
      if (node.getAttribute('data-typeset') === 'true') continue;
      var display = node.classList.contains('display');
      var html = typesetHtml[(display ? 'D' : 'I') + node.getAttribute('data-tex')];
      if (html !== undefined) {
        node.innerHTML = html;
      } else if (window.katex) {
        katex.render(node.getAttribute('data-tex'), node,
                     {displayMode: display, throwOnError: false, macros: Object.assign({}, macros)});
      } else {
        continue;   // a formula new since the build: the live preview loads KaTeX and comes back
      }
      node.setAttribute('data-typeset', 'true');
    }
  }

  /* Resolves once the shown slide is laid out with its own fonts. document.fonts.ready says the
     same, but Chrome resolves it only at its next frame, ~100 ms later behind the image loads. */
  function fontsReady() {
    if (!document.fonts) return Promise.resolve();
    void document.body.offsetWidth;   // lay out now: a font the slide needs starts loading here
    var loading = [];
    document.fonts.forEach(function (face) {
      if (face.status === 'loading') loading.push(face.loaded.catch(function () {}));
    });
    return loading.length ? Promise.all(loading).then(fontsReady) : Promise.resolve();
  }

  /* The projector's clone shows the slides, never the notes. remark's C opens the presenter's own
     URL, where `#p3` means presenter mode. A deck with an opener is that clone (one opened from
     the address bar, a bookmark or a link has none), so it drops the `p` before remark reads the
     hash: at start, and when a presenter reloaded since sends a named cloneTarget its `#pN` again.
     Only the opener's existence is asked: on file:// the clone may not look into it. */
  function audienceHash() {
    var presenter = /^#p(\d+)$/.exec(location.hash);
    if (presenter && window.opener) history.replaceState(null, '', '#' + presenter[1]);
  }
  audienceHash();
  addEventListener('hashchange', audienceHash);   // added before remark's listener: runs first

  var options = readJson('deck-options');
  options.source = readJson('deck-source');
  var slideshow = remark.create(options);
  typeset(document);

  window.slideshow = slideshow;
  window.deckhand = {
    typeset: typeset,
    readyMs: null,
    ready: fontsReady().then(function () {
      window.deckhand.readyMs = performance.now();
      document.documentElement.setAttribute('data-deck-ready', 'true');
      return slideshow;
    })
  };
})();
