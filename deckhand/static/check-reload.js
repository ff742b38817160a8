/* Run by the live server's render checks (livecheck.py) in a deck page they keep loaded (never part
   of the deck): hand remark the deck's new source in place of loading the page again, and typeset
   its formulas from `math` ('D' or 'I' + TeX -> KaTeX's HTML, as deck.js does), or with the page's
   KaTeX for a deck built without Node.js. Loading the talk again took 200 ms; this takes 5 to 40.
   Resolves to {slides: how many remark shows}, or {error} when the page has no remark to ask or a
   formula nothing here can typeset (the caller then loads the page anew, which can). */
(async function (source, math) {
  'use strict';
  var slideshow = window.slideshow;
  if (!slideshow || typeof slideshow.loadFromString !== 'function') {
    return {error: 'the page has no remark slideshow (window.slideshow) to give the new source to'};
  }
  // Out of export.js's page layout while remark makes the slides anew: remark lays out only the one it shows.
  document.documentElement.classList.remove('deckhand-print');
  slideshow.gotoSlide(1);   // remark throws when the slide it shows is gone from the new source
  slideshow.loadFromString(source);
  var macros = document.getElementById('deck-macros');
  macros = macros ? JSON.parse(macros.textContent) : {};
  var untypeset = 0;
  document.querySelectorAll('.remark-slides-area .math[data-tex]').forEach(function (node) {
    var display = node.classList.contains('display');
    var html = math[(display ? 'D' : 'I') + node.getAttribute('data-tex')];
    if (html !== undefined) {
      node.innerHTML = html;
    } else if (window.katex) {
      katex.render(node.getAttribute('data-tex'), node,
                   {displayMode: display, throwOnError: false, macros: Object.assign({}, macros)});
    } else {
      untypeset += 1;
      return;
    }
    node.setAttribute('data-typeset', 'true');
  });
  if (untypeset) return {error: untypeset + ' formula(s) that the page loaded before cannot typeset'};
  return {slides: slideshow.getSlideCount()};
})
