/* SPDX-License-Identifier: MIT */
/*
 * folio.js - progressive enhancement for the reader. Everything works
 * without it: the 放大/缩小/默认 links go to /_textsize, which sets the
 * folio_ts cookie and redirects back. With it, the size changes in place
 * and the same cookie is written, so the next page renders the same size.
 * Left/right arrow keys follow the previous/next page or article links.
 *
 * Page view: when OpenSeadragon (embedded, /static/openseadragon.min.js)
 * is loaded, each page figure (.page-figure[data-image]) becomes a
 * deep-zoom viewer: drag to pan, wheel / pinch / double-click to zoom, the
 * zoom buttons rendered hidden by the server are shown. The page's SVG
 * zone overlay (viewBox = the page's coordinate space) is handed to the
 * viewer as an overlay placed on the image's bounds, so the viewer moves
 * and scales it with the image and the zones stay aligned at every zoom
 * level whatever the image's pixel size. The zone links keep their place
 * in the tab order; a focused zone is scrolled into the view.
 */
(function () {
  'use strict';
  var MIN = -2, MAX = 4, body = document.body;

  function current() {
    var m = /(?:^|\s)ts(-?\d)(?:\s|$)/.exec(body.className);
    return m ? parseInt(m[1], 10) : 0;
  }

  function apply(n) {
    n = Math.max(MIN, Math.min(MAX, n));
    body.className = body.className.replace(/(^|\s)ts-?\d(?=\s|$)/, '$1ts' + n);
    document.cookie = 'folio_ts=' + n + '; path=/; max-age=31536000; SameSite=Lax';
  }

  document.addEventListener('click', function (e) {
    var a = e.target && e.target.closest ? e.target.closest('a[data-ts]') : null;
    if (!a || e.button !== 0 || e.ctrlKey || e.metaKey || e.shiftKey) return;
    e.preventDefault();
    var d = a.getAttribute('data-ts');
    apply(d === 'up' ? current() + 1 : d === 'down' ? current() - 1 : 0);
  });

  document.addEventListener('keydown', function (e) {
    if (e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return;
    var t = e.target && e.target.tagName;
    if (t === 'INPUT' || t === 'TEXTAREA' || t === 'SELECT') return;
    /* inside the deep-zoom viewer the arrow keys pan the page */
    if (e.target && e.target.closest && e.target.closest('.osd')) return;
    var sel = e.key === 'ArrowLeft' ? 'prev' : e.key === 'ArrowRight' ? 'next' : '';
    if (!sel) return;
    var a = document.querySelector('.article-nav a[rel=' + sel + ']') ||
            document.querySelector('.issue-nav a[rel=' + sel + ']');
    if (a) window.location.href = a.href;
  });

  /* ---- page view: deep-zoom viewer ---- */

  var viewers = [];

  function zoneBox(a, W, H) {
    var x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    var shapes = a.querySelectorAll('rect, polygon');
    for (var i = 0; i < shapes.length; i++) {
      var b = shapes[i].getBBox();
      x0 = Math.min(x0, b.x); y0 = Math.min(y0, b.y);
      x1 = Math.max(x1, b.x + b.width); y1 = Math.max(y1, b.y + b.height);
    }
    if (!(x1 > x0)) return null;
    return { x: x0 / W, y: y0 / H, w: (x1 - x0) / W, h: (y1 - y0) / H };
  }

  function startViewer(fig) {
    var OSD = window.OpenSeadragon;
    var W = parseFloat(fig.getAttribute('data-w'));
    var H = parseFloat(fig.getAttribute('data-h'));
    var image = fig.getAttribute('data-image');
    var iiif = fig.getAttribute('data-iiif');
    var svg = fig.querySelector('svg.zones');
    if (!(W > 0 && H > 0) || !image) return;

    var box = document.createElement('div');
    box.className = 'osd';
    box.style.aspectRatio = W + ' / ' + H;
    fig.appendChild(box);
    fig.classList.add('osd-on');

    var viewer = OSD({
      element: box,
      tileSources: iiif || { type: 'image', url: image },
      showNavigationControl: false,
      drawer: 'canvas',
      visibilityRatio: 0.5,
      minZoomImageRatio: 0.8,
      maxZoomPixelRatio: 8,
      animationTime: 0.4,
      gestureSettingsMouse: { clickToZoom: false, dblClickToZoom: true },
      gestureSettingsTouch: { pinchToZoom: true, dblClickToZoom: true,
                              flickEnabled: true }
    });
    viewers.push(viewer);
    fig.folioViewer = viewer;

    var dragged = false;
    viewer.addHandler('canvas-press', function () { dragged = false; });
    viewer.addHandler('canvas-drag', function () { dragged = true; });
    viewer.addHandler('canvas-pinch', function () { dragged = true; });

    var failedOnce = false;
    viewer.addHandler('open-failed', function () {
      if (iiif && !failedOnce) {
        failedOnce = true;
        viewer.open({ type: 'image', url: image });
        return;
      }
      /* no viewer after all: back to the plain image and overlay */
      viewer.destroy();
      fig.classList.remove('osd-on');
      if (box.parentNode) box.parentNode.removeChild(box);
    });

    viewer.addHandler('open', function () {
      if (!svg || fig.folioBounds) return;
      var item = viewer.world.getItemAt(0);
      var b = item.getBounds();
      /* the zones' page space W x H maps onto the image's bounds */
      b.height = b.width * H / W;
      /* search hits (?hl=) in the same page space, under the zones */
      var hits = fig.querySelector('svg.hits');
      if (hits) {
        hits.classList.add('in-viewer');
        viewer.addOverlay({ element: hits, location: b.clone() });
      }
      svg.classList.add('in-viewer');
      viewer.addOverlay({ element: svg, location: b });
      /* inside the viewer Chrome would make the <svg> itself a tab stop
         (a clipped scroller); only its zone links belong in the order */
      svg.setAttribute('tabindex', '-1');
      fig.folioBounds = b;
    });

    if (svg) {
      /*
       * The viewer captures the pointer, so a click or tap on a zone
       * reaches the page as the viewer's canvas-click: follow the zone
       * under the pointer when it was a click and not a drag. The plain
       * mouse click on the link itself is cancelled so it cannot follow
       * a drag that ended there; modified clicks (new tab) pass.
       */
      viewer.addHandler('canvas-click', function (e) {
        var o = e.originalEvent || {}, r, el, a;
        if (!e.quick || dragged || !e.position) return;
        if (o.ctrlKey || o.metaKey || o.shiftKey || o.button > 0) return;
        r = viewer.element.getBoundingClientRect();
        el = document.elementFromPoint(r.left + e.position.x,
                                       r.top + e.position.y);
        a = el && el.closest ? el.closest('svg.zones a') : null;
        if (!a) return;
        e.preventDefaultAction = true;
        window.location.href = a.getAttribute('href');
      });
      svg.addEventListener('click', function (e) {
        if (e.detail !== 0 && e.button === 0 && !e.ctrlKey && !e.metaKey &&
            !e.shiftKey) e.preventDefault();
      });
      /* the viewer's key handling would swallow Enter: follow the link */
      svg.addEventListener('keydown', function (e) {
        var a = e.target.closest && e.target.closest('a');
        if (!a || e.key !== 'Enter' || e.altKey || e.ctrlKey || e.metaKey ||
            e.shiftKey) return;
        e.preventDefault();
        e.stopPropagation();
        window.location.href = a.getAttribute('href');
      });
      svg.addEventListener('focusin', function (e) {
        var a = e.target.closest && e.target.closest('a');
        var b = fig.folioBounds;
        if (!a || !b) return;
        var z = zoneBox(a, W, H);
        if (!z) return;
        var r = new OSD.Rect(b.x + z.x * b.width, b.y + z.y * b.height,
                             z.w * b.width, z.h * b.height);
        var v = viewer.viewport.getBounds(true);
        if (r.x < v.x || r.y < v.y || r.x + r.width > v.x + v.width ||
            r.y + r.height > v.y + v.height)
          viewer.viewport.panTo(r.getCenter());
      });
    }
  }

  function startViewers() {
    if (!window.OpenSeadragon) return;
    var figs = document.querySelectorAll('.page-figure[data-image]');
    for (var i = 0; i < figs.length; i++) {
      try {
        startViewer(figs[i]);
      } catch (err) {
        figs[i].classList.remove('osd-on');
      }
    }
    if (!viewers.length) return;
    var tools = document.querySelectorAll('.viewer-tools');
    for (var j = 0; j < tools.length; j++) tools[j].hidden = false;
    document.addEventListener('click', function (e) {
      var btn = e.target && e.target.closest ?
        e.target.closest('.viewer-tools button[data-zoom]') : null;
      if (!btn) return;
      var how = btn.getAttribute('data-zoom');
      viewers.forEach(function (v) {
        if (how === 'home') v.viewport.goHome();
        else v.viewport.zoomBy(how === 'in' ? 1.6 : 1 / 1.6);
        v.viewport.applyConstraints();
      });
    });
  }

  startViewers();
})();
