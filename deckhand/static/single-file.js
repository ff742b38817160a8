/* Single-file decks: put each embedded file (a data: URI) where the slide source names it by its
   marker, before deck.js hands the source to remark, so no slide ever asks for a file. */
(function () {
  'use strict';
  var assets = JSON.parse(document.getElementById('deck-assets').textContent);
  var element = document.getElementById('deck-source');
  var source = JSON.parse(element.textContent).replace(/deckhand-asset-[0-9a-f]+-\d+/g, function (marker) {
    return assets.hasOwnProperty(marker) ? assets[marker] : marker;
  });
  element.textContent = JSON.stringify(source);
})();
