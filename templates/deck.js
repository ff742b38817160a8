/* Start the deck: read the slide source and options (JSON data, never markup), hand them to
   remark, typeset the math placeholders with KaTeX, and expose `slideshow` for tools. */
(function () {
  'use strict';

  function readJson(id) {
    return JSON.parse(document.getElementById(id).textContent);
  }

  function typeset(root) {
    var nodes = (root || document).querySelectorAll('.math[data-tex]');
    for (var i = 0; i < nodes.length; i++) {
      var node = nodes[i];
      if (node.getAttribute('data-typeset') === 'true') continue;
      katex.render(node.getAttribute('data-tex'), node, {
        displayMode: node.classList.contains('display'),
        throwOnError: false
      });
      node.setAttribute('data-typeset', 'true');
    }
  }

  var options = readJson('deck-options');
  options.source = readJson('deck-source');
  var slideshow = remark.create(options);
  typeset(document);

  window.slideshow = slideshow;
  window.deckhand = {
    typeset: typeset,
    readyMs: null,
    ready: (document.fonts ? document.fonts.ready : Promise.resolve()).then(function () {
      window.deckhand.readyMs = performance.now();
      document.documentElement.setAttribute('data-deck-ready', 'true');
      return slideshow;
    })
  };
})();
