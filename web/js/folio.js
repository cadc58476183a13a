/* SPDX-License-Identifier: MIT */
/*
 * folio.js - progressive enhancement for the reader. Everything works
 * without it: the 放大/缩小/默认 links go to /_textsize, which sets the
 * folio_ts cookie and redirects back. With it, the size changes in place
 * and the same cookie is written, so the next page renders the same size.
 * Left/right arrow keys follow the previous/next page or article links.
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
    var sel = e.key === 'ArrowLeft' ? 'prev' : e.key === 'ArrowRight' ? 'next' : '';
    if (!sel) return;
    var a = document.querySelector('.article-nav a[rel=' + sel + ']') ||
            document.querySelector('.issue-nav a[rel=' + sel + ']');
    if (a) window.location.href = a.href;
  });
})();
