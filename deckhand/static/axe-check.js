/* Run by the render checks (layout.py) in a built deck laid out as export.js lays it out for the PDF
   (every slide and step on the page at once), once axe-core is loaded (never part of the deck): ask
   axe for the WCAG AA contrast of every text and the alt text of every image, and return its
   violations as findings {slide: index among remark's slides, code, text, message}, for the
   slides `keep` says (per slide, true or false). One axe run
   over all slides: axe's setup costs more than its rules, so a run per slide would cost ~30 times more. */
(async function (keep) {
  'use strict';
  var containers = [].slice.call(document.querySelectorAll('.remark-slides-area > .remark-slide-container'));
  var CODES = {'color-contrast': 'W-contrast', 'image-alt': 'W-alt', 'role-img-alt': 'W-alt',
               'svg-img-alt': 'W-alt', 'object-alt': 'W-alt', 'input-image-alt': 'W-alt', 'area-alt': 'W-alt'};
  // axe reads the computed style of every element of the page, hidden ones too: what it is not asked
  // about goes (this tab is the check's own), the steps not laid out and every slide's notes
  containers.forEach(function (container, i) {
    if (!keep[i] || container.classList.contains('deckhand-skip')) container.replaceChildren();
  });
  document.querySelectorAll('.remark-slide-notes, .remark-notes-area, .remark-preview-area').forEach(function (el) {
    el.remove();
  });
  // and each formula, whose colour is its paragraph's: an empty box of its size takes its place (the
  // talk's formulas are 6,000 of its 8,500 elements, and axe's run took twice as long with them)
  var formulas = [].map.call(document.querySelectorAll('.remark-slides-area .katex'), function (el) {
    return [el, el.offsetWidth, el.offsetHeight];   // measured first, all at once: one layout
  });
  formulas.forEach(function (formula) {
    var box = document.createElement('span');
    box.style.cssText = 'display: inline-block; width: ' + formula[1] + 'px; height: ' + formula[2] + 'px';
    formula[0].replaceWith(box);
  });
  axe.configure({noHtml: true});   // the findings carry the element itself: no HTML, no selectors
  var results = await axe.run({include: [['.remark-slides-area']]}, {
    selectors: false,
    iframes: false,   // a clip's player is another site's page, not the slide's text
    preload: false,   // the stylesheets as CSSOM: only rules this run does not ask for use them
    runOnly: {type: 'rule', values: Object.keys(CODES)},
    resultTypes: ['violations'],
    elementRef: true
  });
  function text(el) {
    var shown = (el.innerText || el.getAttribute('src') || el.getAttribute('data') || el.tagName.toLowerCase()).trim();
    return shown.replace(/\s+/g, ' ').slice(0, 60);
  }
  function px(size) {   // axe says '16.5pt (22px)'
    var found = /\(([\d.]+px)\)/.exec(size || '');
    return found ? found[1] : size;
  }
  function ratio(value) { return (Math.floor(value * 100) / 100).toString(); }
  var found = [];
  results.violations.forEach(function (rule) {
    rule.nodes.forEach(function (node) {
      var el = node.element;
      var container = el && el.closest('.remark-slide-container');
      if (!container || el.closest('.remark-slide-notes')) return;   // what the audience sees, not the notes
      var message;
      if (rule.id === 'color-contrast') {
        var data = (node.any[0] || {}).data || {};
        message = 'is ' + data.fgColor + ' on ' + data.bgColor + ': contrast ' + ratio(data.contrastRatio) +
                  ':1, WCAG AA asks ' + (data.expectedContrastRatio || '4.5:1') +
                  ' (text at ' + px(data.fontSize) + (data.fontWeight === 'bold' ? ', bold' : '') + ')';
      } else {
        message = 'has no alt text';
      }
      found.push({slide: containers.indexOf(container), code: CODES[rule.id], text: text(el), message: message});
    });
  });
  return found;
})
