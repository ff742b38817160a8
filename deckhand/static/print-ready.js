/* Run by the PDF export in the built deck as it loads (before export.js is added; never part of the
   deck itself): a promise of true once deck.js marks the deck ready (remark, fonts, formulas), of
   false after `leftMs` milliseconds. A function expression: pdf.py calls it with that argument. */
(function (leftMs) {
  'use strict';
  return new Promise(function (resolve) {
    var end = Date.now() + leftMs;
    (function poll() {
      var root = document.documentElement;   // null for a moment while the deck replaces the blank page
      if (root && root.getAttribute('data-deck-ready') === 'true') resolve(true);
      else if (Date.now() > end) resolve(false);
      else setTimeout(poll, 10);
    })();
  });
})
