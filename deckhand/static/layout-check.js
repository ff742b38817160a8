/* Run by the render checks (layout.py) in a built deck once it is ready (never part of the deck): look
   at every slide and step as remark lays it out at the deck's ratio, and report what only a rendered
   slide shows. A function expression: layout.py calls it with the width the blur check assumes
   (1920), the factor above which an image counts as blurry (1.5), per slide whether to look at it
   (the live server looks at the slides that changed), once export.js has laid the slides out as
   pages (all at once, each at its size: the PDF's layout, which is the screen's; showing them one by
   one in remark took 25 times longer). Returns, per finding,
   {slide: index among remark's slides, code, text: the element's text, message}, and for each slide
   with an element within NEAR px of its slide number {slide, code: 'near-number'}: a longer number
   (5/9 -> 10/10) could cover it, so the live server checks it again when its number changes. */
(function (screenWidth, blurFactor, only) {
  'use strict';
  var containers = document.querySelectorAll('.remark-slides-area > .remark-slide-container');
  var found = [];
  var BLOCKS = 'p, li, h1, h2, h3, h4, h5, h6, pre, table, img, video, audio, iframe, blockquote, .math.display';
  var NEAR = 40;   // CSS px of the slide: five more digits of the theme's slide number

  function text(el) {
    var shown = (el.innerText || el.getAttribute('src') || el.getAttribute('alt') || el.tagName.toLowerCase()).trim();
    return shown.replace(/\s+/g, ' ').slice(0, 60);
  }
  function visible(el) {
    var style = getComputedStyle(el);
    if (style.visibility === 'hidden' || style.display === 'none' || Number(style.opacity) === 0) return false;
    var rect = el.getBoundingClientRect();
    return rect.width > 0 && rect.height > 0;
  }
  function outer(el, content) {   // the block directly under the slide's content that holds el
    while (el.parentElement && el.parentElement !== content) el = el.parentElement;
    return el;
  }

  for (var i = 0; i < containers.length; i++) {
    if (only && !only[i]) continue;
    var container = containers[i];
    if (container.classList.contains('deckhand-skip')) continue;
    var content = container.querySelector('.remark-slide-content');
    if (!content) continue;
    var scaler = container.querySelector('.remark-slide-scaler') || content;   // the slide's own box, at its size
    var box = scaler.getBoundingClientRect();
    var scale = box.width / scaler.offsetWidth || 1;
    var images = [].slice.call(content.querySelectorAll('img'));   // loaded: export.js's prepare waited for them
    var number = content.querySelector('.remark-slide-number');
    var numberBox = number && visible(number) && number.innerText.trim() ? number.getBoundingClientRect() : null;
    var reported = new Set();
    var near = false;
    content.querySelectorAll(BLOCKS).forEach(function (el) {
      if (!visible(el) || el.closest('.remark-slide-number')) return;
      if (!/^(IMG|VIDEO|AUDIO|IFRAME)$/.test(el.tagName) && !el.querySelector('img, video, svg, .katex') &&
          !(el.innerText || '').trim()) return;   // nothing the audience would miss: a paragraph of <br>s
      var rect = el.getBoundingClientRect();
      var below = (rect.bottom - box.bottom) / scale, right = (rect.right - box.right) / scale;
      var above = (box.top - rect.top) / scale, left = (box.left - rect.left) / scale;
      var worst = Math.max(below, right, above, left);
      if (worst > 2) {
        var block = outer(el, content);
        if (!reported.has(block)) {
          reported.add(block);
          var side = worst === below ? 'below' : worst === right ? 'right of' : worst === above ? 'above' : 'left of';
          found.push({slide: i, code: 'W-overflow', text: text(el),
                      message: Math.round(worst) + ' px ' + side + ' the slide'});
        }
        return;
      }
      if (!numberBox || !el.matches('p, li, h1, h2, h3, h4, h5, h6, img, table')) return;
      near = near || (rect.right > numberBox.left - NEAR * scale && rect.left < numberBox.right &&
                      rect.bottom > numberBox.top - 2 * scale && rect.top < numberBox.bottom + 2 * scale);
      if (rect.right > numberBox.left + 1 && rect.left < numberBox.right - 1 &&
          rect.bottom > numberBox.top + 1 && rect.top < numberBox.bottom - 1 && !reported.has(el)) {
        reported.add(el);
        found.push({slide: i, code: 'W-overflow', text: text(el), message: 'under the slide number'});
      }
    });
    if (near) found.push({slide: i, code: 'near-number'});
    content.querySelectorAll('pre').forEach(function (pre) {
      if (!visible(pre)) return;
      var code = pre.querySelector('code') || pre;
      var wider = (code.scrollWidth - code.clientWidth);
      var column = pre.parentElement.closest('.remark-slide-content, [class]:not(code):not(pre)') || content;
      var columnBox = column.getBoundingClientRect();
      var style = getComputedStyle(column);
      var inner = columnBox.right - parseFloat(style.paddingRight) * scale - parseFloat(style.borderRightWidth) * scale;
      var past = (pre.getBoundingClientRect().right - inner) / scale;
      if (wider > 2) {
        found.push({slide: i, code: 'W-code-width', text: text(pre),
                    message: 'is ' + Math.round(wider) + ' px wider than its box (the rest is cut or scrolls)'});
      } else if (past > 2 && column !== content) {
        found.push({slide: i, code: 'W-code-width', text: text(pre),
                    message: 'runs ' + Math.round(past) + ' px past its column'});
      }
    });
    var shownAt = screenWidth / scaler.offsetWidth;   // CSS px of the slide -> screen px at that width
    images.forEach(function (img) {
      if (!visible(img) || !img.naturalWidth || /\.svg(\?|#|$)/i.test(img.currentSrc || img.src)) return;
      var shown = img.getBoundingClientRect().width / scale * shownAt;
      if (shown > img.naturalWidth * blurFactor) {
        found.push({slide: i, code: 'W-blurry', text: img.getAttribute('src') || '',
                    message: 'is ' + img.naturalWidth + ' px wide, shown ' + Math.round(shown) + ' px wide on a ' +
                             screenWidth + ' px screen (' + (shown / img.naturalWidth).toFixed(1) + 'x)'});
      }
    });
  }
  return found;
})
