/* Page side of the PDF export, run in the built deck once print-ready.js says it is ready (never
   part of the deck itself): wait until what a slide shows is loaded, and lay remark's own slides
   out as pages (print.css). pdf.py calls the functions of `deckhandExport` with JSON arguments. */
(function () {
  'use strict';

  function settle(element, timeout) {
    return new Promise(function (resolve) {
      element.addEventListener('load', resolve, {once: true});
      element.addEventListener('error', resolve, {once: true});
      setTimeout(resolve, timeout);
    });
  }

  function probe(url, timeout) {
    var image = new Image();
    var done = settle(image, timeout);
    image.src = url;
    return done;
  }

  function frames(count) {
    return new Promise(function (resolve) {
      (function next(left) { left ? requestAnimationFrame(function () { next(left - 1); }) : resolve(); })(count);
    });
  }

  // Every image, CSS background, sound length and video frame the given slides show, loaded (or failed); then,
  // for a PDF, two frames, so that what just loaded is laid out and decoded before Chromium prints (a
  // measurement lays the page out when it asks: the render checks wait for no frame).
  function loaded(containers, timeout, painted) {
    var waits = [];
    var urls = {};
    containers.forEach(function (container) {
      container.querySelectorAll('img').forEach(function (img) {
        if (!img.complete) waits.push(settle(img, timeout));
      });
      container.querySelectorAll('audio, video').forEach(function (media) {
        // a sound's length for its still; a video's first frame (never the whole clip: a PDF shows one frame)
        var video = media.tagName === 'VIDEO';
        if (video) media.controls = false;   // the frame alone: its controls would print a loading spinner
        if (media.readyState < (video ? 2 : 1) && !media.error) {
          waits.push(new Promise(function (resolve) {
            media.addEventListener(video ? 'loadeddata' : 'loadedmetadata', resolve, {once: true});
            media.addEventListener('error', resolve, {once: true});
            setTimeout(resolve, timeout);
          }));
        }
      });
      container.querySelectorAll('*').forEach(function (element) {
        var style = getComputedStyle(element).backgroundImage;
        var pattern = /url\("?(.*?)"?\)/g, match;
        while ((match = pattern.exec(style)) !== null) urls[match[1]] = true;
      });
    });
    Object.keys(urls).forEach(function (url) { waits.push(probe(url, timeout)); });
    return Promise.all(waits).then(function () { return document.fonts.ready; }).then(function () { return frames(painted ? 2 : 0); });
  }

  function slideContainers() {
    return Array.prototype.slice.call(
      document.querySelectorAll('.remark-slides-area > .remark-slide-container'));
  }

  // A heading's text for a bookmark: its formulas as the characters they show, no image alt text.
  function headingText(node) {
    if (node.nodeType === Node.TEXT_NODE) return node.nodeValue;
    if (node.nodeType !== Node.ELEMENT_NODE) return '';
    if (node.classList.contains('katex')) {
      var math = node.querySelector('.katex-mathml math');
      if (!math) return '';
      var shown = math.cloneNode(true);
      shown.querySelectorAll('annotation').forEach(function (a) { a.remove(); });
      return shown.textContent;
    }
    return Array.prototype.map.call(node.childNodes, headingText).join('');
  }

  // The bookmarks: each `#` and `##` heading of the printed slides, [level, title, page index],
  // once for a run of pages that show it (a slide's steps repeat its heading).
  function outline(containers) {
    var items = [], previous = {};
    containers.forEach(function (container, page) {
      var seen = {};
      container.querySelectorAll('.remark-slide-content h1, .remark-slide-content h2').forEach(function (heading) {
        var title = headingText(heading).replace(/\s+/g, ' ').trim();
        var key = heading.tagName + ' ' + title;
        if (title && !previous[key]) items.push([heading.tagName === 'H1' ? 1 : 2, title, page]);
        seen[key] = true;
      });
      previous = seen;
    });
    return items;
  }

  function clock(seconds) {
    seconds = isFinite(seconds) ? Math.floor(seconds) : 0;   // as the player shows it
    return Math.floor(seconds / 60) + ':' + ('0' + seconds % 60).slice(-2);
  }

  // Chromium prints an audio player as a cut-off fragment; print a still of it at its size instead
  // (once: a second PDF from the same load finds the still in place).
  function stillAudio(containers) {
    containers.forEach(function (container) {
      container.querySelectorAll('audio[controls]:not(.deckhand-printed-as-still)').forEach(function (audio) {
        var still = document.createElement('span');
        still.className = 'deckhand-audio';
        still.style.width = audio.offsetWidth + 'px';
        still.style.height = audio.offsetHeight + 'px';
        still.innerHTML = '<span class="deckhand-play"></span><span></span><span class="deckhand-bar"></span>';
        still.children[1].textContent = '0:00 / ' + clock(audio.duration);
        audio.parentNode.insertBefore(still, audio);
        audio.classList.add('deckhand-printed-as-still');
      });
    });
  }

  // One notes height for every page: the tallest notes, within bounds.
  function notesHeightFor(containers, height) {
    var tallest = 0;
    containers.forEach(function (container) {
      var element = container.querySelector('.remark-slide-notes');
      element.style.fontSize = '';   // as the theme sets it, whatever fitNotes did for an earlier PDF
      element.classList.add('deckhand-measuring');
      tallest = Math.max(tallest, element.offsetHeight);
      element.classList.remove('deckhand-measuring');
    });
    return Math.min(Math.max(tallest + 8, 0.35 * height), height);
  }

  // Notes longer than the notes area get smaller type.
  function fitNotes(containers) {
    containers.forEach(function (container) {
      var element = container.querySelector('.remark-slide-notes');
      var base = parseFloat(getComputedStyle(element).fontSize);
      for (var scale = 0.95; element.scrollHeight > element.clientHeight + 1 && scale > 0.55; scale -= 0.05) {
        element.style.fontSize = (base * scale).toFixed(1) + 'px';
      }
    });
  }

  // Chromium prints a page exactly the size asked for only when it is a whole number of 1/300 inch
  // and of points, that is a multiple of 8 CSS px; any other size comes out a fraction of a point
  // larger, and that fraction stays white. So pages are multiples of 8 px, at least the slide's
  // height (a slide taller than its page would be split across two), of the shape closest to the
  // slide's: 928 x 696 for 4:3, 1280 x 720 for 16:9.
  function multipleOf8(px) {
    return Math.max(8, Math.round(px / 8) * 8);
  }

  function pageFor(width, height) {
    var best = null, lowest = Math.ceil(height / 8) * 8;
    for (var h = lowest; h <= lowest + 40; h += 8) {
      var w = multipleOf8(width * h / height);
      var error = Math.abs(w / h - width / height);
      if (!best || error < best.error - 1e-9) best = {width: w, height: h, error: error};
    }
    return best;
  }

  var pageRule = null;   // the `@page` size of the PDF being printed

  window.deckhandExport = {
    // The export's print.css (its text, as pdf.py reads it from the package).
    addStylesheet: function (css) {
      document.head.appendChild(document.createElement('style')).textContent = css;
    },

    // Wait for the first slide's images and fonts (the thumbnail is taken on screen), then say
    // where it shows: the thumbnail's clip, in CSS px.
    firstSlide: function (timeout) {
      return loaded(slideContainers().slice(0, 1), timeout, true).then(function () {
        var r = document.querySelector('.remark-slides-area > .remark-slide-container .remark-slide-scaler')
          .getBoundingClientRect();
        return {x: r.x, y: r.y, width: r.width, height: r.height, scale: 1};
      });
    },

    // Lay the slides out as pages: keep[i] says whether container i is printed. Called again on the
    // same load, it lays them out anew for another PDF (the handout, the notes). `measured`: for the
    // render checks, which measure the layout and print nothing.
    prepare: function (keep, notes, timeout, measured) {
      var containers = slideContainers();
      if (containers.length !== keep.length) {
        return Promise.resolve({error: 'remark shows ' + containers.length + ' slides, the deck has ' + keep.length});
      }
      var scaler = containers[0].querySelector('.remark-slide-scaler');
      var width = parseFloat(scaler.style.width), height = parseFloat(scaler.style.height);
      var root = document.documentElement;
      if (!pageRule) pageRule = document.head.appendChild(document.createElement('style'));
      pageRule.textContent = '';
      root.style.setProperty('--deckhand-w', width + 'px');
      root.style.setProperty('--deckhand-h', height + 'px');
      root.style.setProperty('--deckhand-page-w', width + 'px');
      root.style.setProperty('--deckhand-page-h', height + 'px');
      root.style.setProperty('--deckhand-slide-h', height + 'px');
      root.style.setProperty('--deckhand-scale', 1);
      root.style.setProperty('--deckhand-dx', '0px');
      root.style.setProperty('--deckhand-dy', '0px');
      root.classList.add('deckhand-print');
      root.classList.toggle('deckhand-notes', notes);
      containers.forEach(function (c, i) { c.classList.toggle('deckhand-skip', !keep[i]); });
      var printed = containers.filter(function (c, i) { return keep[i]; });
      return loaded(printed, timeout, !measured).then(function () {
        stillAudio(printed);
        var notesHeight = notes ? notesHeightFor(printed, height) : 0;
        // The slide scaled up (by 6 % at most) to cover its page, centred: a few px cut off a side at most.
        var page = pageFor(width, height);
        var slideHeight = page.height, pageWidth = page.width;
        var pageHeight = slideHeight + (notes ? multipleOf8(notesHeight) : 0);
        var scale = Math.max(pageWidth / width, slideHeight / height);
        root.style.setProperty('--deckhand-page-w', pageWidth + 'px');
        root.style.setProperty('--deckhand-page-h', pageHeight + 'px');
        root.style.setProperty('--deckhand-slide-h', slideHeight + 'px');
        root.style.setProperty('--deckhand-scale', scale);
        root.style.setProperty('--deckhand-dx', (pageWidth - width * scale) / 2 + 'px');
        root.style.setProperty('--deckhand-dy', (slideHeight - height * scale) / 2 + 'px');
        if (notes) fitNotes(printed);
        // after remark's own `@page` rule (908px 681px, a 4:3 page whatever the deck's ratio)
        pageRule.textContent = '@page { size: ' + pageWidth + 'px ' + pageHeight + 'px; margin: 0; }';
        void root.offsetWidth;   // laid out now: a font that only these pages use starts loading, and is waited for
        return document.fonts.ready.then(function () {
          return {width: pageWidth, height: pageHeight, pages: printed.length, outline: outline(printed),
                  untypeset: document.querySelectorAll('.math[data-tex]:not([data-typeset])').length};
        });
      });
    }
  };
})();
