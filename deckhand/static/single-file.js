/* Single-file decks: put each embedded file (a data: URI) where the slide source names it by its
   marker, before deck.js hands the source to remark, so no slide ever asks for a file. */
(function () {
  'use strict';
  var assets = JSON.parse(document.getElementById('deck-assets').textContent);
  var element = document.getElementById('deck-source');
  var source = JSON.parse(element.textContent).replace(/deckhand-asset-[0-9a-f]+-\d+/g, function (marker) {
    return assets.hasOwnProperty(marker) ? assets[marker] : marker;
  });
  /* Written back as render.py's embed_json writes it, with no `<`, `>` or `&`: remark adds its
     layout with `body.innerHTML +=`, which serializes the page and parses it again, and a
     `</script>` or `<!--` of the slide's code would end or change the element there. */
  element.textContent = JSON.stringify(source).replace(/[<>&\u2028\u2029]/g, function (char) {
    return '\\u' + ('000' + char.charCodeAt(0).toString(16)).slice(-4);
  });
})();
