// replica.mjs - real-browser test of the page replica (issue 3): the
// deep-zoom viewer, keyboard access to the hot zones, zones staying on
// their articles when zoomed, thumbnails, the two-page spread, and the
// page without JavaScript.
// Usage: node replica.mjs BASE_URL PAPER DATE TRUTH_JSON OUTDIR
// TRUTH_JSON is the demo issue's truth.json (tools/demo-pdf): where every
// headline line was laid out, in page units. Prints TAP.
import { finish, launch, ok } from './tap.mjs';
import { mkdirSync, readFileSync } from 'node:fs';

const [base, paper, date, truthPath, outdir] = process.argv.slice(2);
mkdirSync(outdir, { recursive: true });
const truth = JSON.parse(readFileSync(truthPath, 'utf8'));

const browser = await launch();

// Wait until the viewer of the first page figure has opened its image.
async function viewerReady(page) {
  await page.waitForFunction(() => {
    const f = document.querySelector('.page-figure');
    const v = f && f.folioViewer;
    return v && v.world.getItemCount() > 0 && v.world.getItemAt(0).getFullyLoaded() &&
      document.querySelector('.openseadragon-overlay-wrapper svg.zones') !== null;
  }, null, { timeout: 15000 });
}

// Screen box (client px) of a headline line of article idx on page 1,
// computed by OpenSeadragon from image coordinates (independent of the
// SVG overlay), and the client box of that article's zone rectangles.
async function headlineAndZone(page, idx, box) {
  return page.evaluate(([i, b]) => {
    const fig = document.querySelector('.page-figure');
    const v = fig.folioViewer;
    const item = v.world.getItemAt(0);
    const W = parseFloat(fig.dataset.w), H = parseFloat(fig.dataset.h);
    const size = item.getContentSize();
    const sx = size.x / W, sy = size.y / H;
    const el = v.element.getBoundingClientRect();
    const p0 = item.imageToViewerElementCoordinates(
      new OpenSeadragon.Point(b[0] * sx, b[1] * sy));
    const p1 = item.imageToViewerElementCoordinates(
      new OpenSeadragon.Point((b[0] + b[2]) * sx, (b[1] + b[3]) * sy));
    const rects = document.querySelectorAll('svg.zones a')[i].querySelectorAll('rect');
    const z = { l: Infinity, t: Infinity, r: -Infinity, b: -Infinity };
    rects.forEach((r) => {
      const c = r.getBoundingClientRect();
      z.l = Math.min(z.l, c.left); z.t = Math.min(z.t, c.top);
      z.r = Math.max(z.r, c.right); z.b = Math.max(z.b, c.bottom);
    });
    return {
      text: { l: el.left + p0.x, t: el.top + p0.y, r: el.left + p1.x, b: el.top + p1.y },
      zone: z,
      zoom: v.viewport.getZoom(true),
      home: v.viewport.getHomeZoom(),
    };
  }, [idx, box]);
}

function encloses(z, t) {
  return z.l <= t.l + 0.5 && z.t <= t.t + 0.5 && z.r >= t.r - 0.5 && z.b >= t.b - 0.5;
}

try {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 },
                                         locale: 'zh-CN' });
  const page = await ctx.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error' && !/favicon|404/.test(m.text())) errors.push(m.text()); });
  const pageUrl = `${base}/${paper}/${date}/01/`;

  const resp = await page.goto(pageUrl);
  ok(resp && resp.status() === 200, 'page view answers 200', resp && resp.status());
  await viewerReady(page);
  ok(await page.locator('.osd-on .openseadragon-canvas').count() === 1,
     'the deep-zoom viewer replaced the plain page image');
  ok(await page.locator('.viewer-tools').isVisible(), 'zoom buttons are shown with JavaScript');

  // Reading order: the zones in the overlay, in order, are the headlines.
  const labels = await page.locator('svg.zones a').evaluateAll(
    (as) => as.map((a) => a.getAttribute('aria-label')));
  const heads = truth.pages[0].articles.map((a) =>
    a.lines.filter((l) => l.kind === 'headline').map((l) => l.text).join(''));
  ok(labels.length >= 3 && labels.join('|') === heads.join('|'),
     'zones are labelled with the headlines, in reading order', { labels, heads });

  // Keyboard: Tab from the zoom buttons into the zones, to the third one.
  await page.locator('.viewer-tools button').last().focus();
  let steps = 0;
  let inZone = false;
  while (steps < 10 && !inZone) {
    await page.keyboard.press('Tab');
    steps += 1;
    inZone = await page.evaluate(() => !!document.activeElement.closest('svg.zones a'));
  }
  ok(inZone, 'Tab reaches the first zone', steps);
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  const focused = await page.evaluate(() => document.activeElement.getAttribute('aria-label'));
  ok(focused === labels[2], 'two more Tabs focus the third zone', { focused, want: labels[2] });
  const ring = await page.evaluate(() => {
    const r = document.activeElement.querySelector('rect');
    return getComputedStyle(r).fill;
  });
  ok(ring !== 'transparent' && ring !== 'none' && !/rgba\(0, 0, 0, 0\)/.test(ring),
     'the focused zone is highlighted', ring);
  await page.screenshot({ path: `${outdir}/replica-focus-1280.png` });
  await Promise.all([page.waitForURL(/\/[^/]+$/), page.keyboard.press('Enter')]);
  const third = truth.pages[0].articles[2].id;
  ok(page.url().endsWith(`/${paper}/${date}/01/${third}`),
     'Enter on the third zone lands on that article', page.url());
  const h1 = ((await page.locator('h1').first().textContent()) || '').trim();
  ok(h1 === labels[2], 'the article headline is the zone label', { h1 });

  // Zoom in 4x around the third article's headline: its zone still
  // encloses the headline's laid-out position.
  await page.goto(pageUrl);
  await viewerReady(page);
  const art = truth.pages[0].articles[2];
  const hl = art.lines.find((l) => l.kind === 'headline').box;
  const before = await headlineAndZone(page, 2, hl);
  ok(encloses(before.zone, before.text), 'at home zoom the zone encloses its headline', before);
  await page.evaluate((b) => {
    const fig = document.querySelector('.page-figure');
    const v = fig.folioViewer;
    const item = v.world.getItemAt(0);
    const W = parseFloat(fig.dataset.w), size = item.getContentSize();
    const s = size.x / W;
    const c = item.imageToViewportCoordinates(
      new OpenSeadragon.Point((b[0] + b[2] / 2) * s, (b[1] + b[3] / 2) * s));
    v.viewport.zoomBy(4, c, true);
    v.viewport.panTo(c, true);
  }, hl);
  await page.waitForTimeout(600);
  const after = await headlineAndZone(page, 2, hl);
  ok(Math.abs(after.zoom / before.zoom - 4) < 0.05, 'the viewer zoomed in 4x',
     { before: before.zoom, after: after.zoom });
  ok(encloses(after.zone, after.text), 'zoomed 4x, the zone still encloses its headline', after);
  ok((after.text.r - after.text.l) > 3.5 * (before.text.r - before.text.l),
     'the headline is drawn 4x larger', { before: before.text, after: after.text });
  await page.screenshot({ path: `${outdir}/replica-zoom4-1280.png` });

  // Thumbnails: every page, the current one marked.
  await page.goto(pageUrl);
  const thumbs = await page.locator('.thumbs a').count();
  ok(thumbs === truth.pages.length, 'the thumbnail strip links every page', thumbs);
  ok(await page.locator('.thumbs a[aria-current="page"]').getAttribute('href') ===
     `/${paper}/${date}/01/`, 'the current page is marked in the strip');
  await viewerReady(page);
  await page.screenshot({ path: `${outdir}/replica-page-1280.png`, fullPage: true });

  // Two-page spread on a wide screen, remembered across pages.
  await page.goto(`${base}/${paper}/${date}/02/?spread=1`);
  ok(await page.locator('.spread-page').count() === 2, '?spread=1 shows pages 02 and 03 side by side');
  await page.waitForFunction(() => document.querySelectorAll('.osd-on').length === 2,
                             null, { timeout: 15000 });
  ok(true, 'both pages of the spread get a viewer');
  await page.screenshot({ path: `${outdir}/replica-spread-1280.png`, fullPage: true });
  await page.goto(`${base}/${paper}/${date}/03/`);
  ok(await page.locator('.spread-page').count() === 2, 'the spread is remembered (cookie)');
  await page.goto(`${base}/${paper}/${date}/03/?spread=0`);
  ok(await page.locator('.spread-page').count() === 0, '?spread=0 goes back to one page');
  ok(errors.length === 0, 'no script errors or CSP violations', errors);

  // Phone: one page, no sideways scrolling, viewer and strip present.
  const phone = await browser.newContext({ viewport: { width: 360, height: 740 },
                                           locale: 'zh-CN', isMobile: true, hasTouch: true });
  const pp = await phone.newPage();
  await pp.goto(pageUrl);
  await viewerReady(pp);
  const w = await pp.evaluate(() => document.documentElement.scrollWidth);
  ok(w <= 360, 'page view with the viewer fits a 360 px phone', w);
  await pp.screenshot({ path: `${outdir}/replica-page-360.png`, fullPage: true });
  await pp.tap('svg.zones a >> nth=1');
  await pp.waitForURL(/\/[^/]+$/, { timeout: 5000 });
  ok(pp.url().endsWith(`/01/${truth.pages[0].articles[1].id}`), 'tapping a zone on a phone opens the article', pp.url());

  // Without JavaScript: the plain image and SVG overlay still work.
  const nojs = await browser.newContext({ viewport: { width: 1280, height: 900 },
                                          locale: 'zh-CN', javaScriptEnabled: false });
  const np = await nojs.newPage();
  await np.goto(pageUrl);
  ok(await np.locator('.page-img').isVisible(), 'without JavaScript the page image is shown');
  ok(!(await np.locator('.viewer-tools').isVisible()), 'without JavaScript the zoom buttons stay hidden');
  await np.locator('svg.zones a').nth(2).click();
  await np.waitForURL(/\/[^/]+$/);
  ok(np.url().endsWith(`/01/${third}`), 'without JavaScript a zone click opens the article', np.url());
} catch (e) {
  ok(false, 'browser test ran to the end', String(e && e.stack || e));
} finally {
  await browser.close();
}
finish();
