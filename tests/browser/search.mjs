// search.mjs - real-browser test of the reader's search (issue 5): type a
// query into the masthead box of a page view, submit, land on results,
// open the first, see the marked term; results at 1280 and 360 px.
// Usage: node search.mjs BASE_URL PAPER DATE QUERY OUTDIR
// Drives Debian's chromium through playwright-core and prints TAP.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';

const [base, paper, date, query, outdir] = process.argv.slice(2);
mkdirSync(outdir, { recursive: true });

let n = 0;
let failed = 0;
function ok(cond, what, detail) {
  n += 1;
  if (cond) {
    console.log(`ok ${n} - ${what}`);
  } else {
    failed += 1;
    console.log(`not ok ${n} - ${what}`);
    if (detail !== undefined) console.log(`# ${JSON.stringify(detail)}`);
  }
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
         '--disable-background-networking', '--disable-component-update',
         '--disable-sync'],
});

try {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 },
                                         locale: 'zh-CN' });
  const page = await ctx.newPage();
  let resp = await page.goto(`${base}/${paper}/${date}/01/`);
  ok(resp && resp.status() === 200, 'page view answers 200', resp && resp.status());

  // The box is labelled for screen readers and works as a plain form.
  const box = page.getByLabel('搜索本站报纸').first();
  ok(await box.count() === 1, 'masthead search box found by its label');
  await box.fill(query);
  await Promise.all([page.waitForNavigation(), box.press('Enter')]);
  const u = new URL(page.url());
  ok(u.pathname === '/search' && u.searchParams.get('q') === query,
     'submitting lands on /search?q=', page.url());
  const count = (await page.locator('.result-count').textContent() || '').trim();
  ok(/找到约?\d+条结果/.test(count), 'results page shows a count', count);
  const marks = await page.locator('.snippet mark').allTextContents();
  ok(marks.length > 0 && marks.every((m) => m === query),
     'snippets mark the query term', marks.slice(0, 3));
  ok(await page.locator('link[rel=alternate][type="application/atom+xml"]').count() === 1,
     'results page links its Atom feed');
  await page.screenshot({ path: `${outdir}/search-1280.png`, fullPage: true });

  const first = page.locator('.results .hit h2 a').first();
  const headline = (await first.textContent() || '').trim();
  await Promise.all([page.waitForNavigation(), first.click()]);
  ok(/\?hl=/.test(page.url()), 'the first result opens with ?hl=', page.url());
  const h1 = (await page.locator('h1.headline').textContent() || '').trim();
  ok(h1 === headline, 'the article is the one clicked', { h1, headline });
  const am = page.locator('.story mark').first();
  ok(await am.count() === 1 && (await am.textContent()) === query,
     'the term is marked in the article');
  const bg = await am.evaluate((e) => getComputedStyle(e).backgroundColor);
  ok(bg !== 'rgba(0, 0, 0, 0)', 'the mark is visible (has a background)', bg);
  await page.screenshot({ path: `${outdir}/search-article-1280.png`, fullPage: true });

  // From the article to its page: the hits drawn over the page image.
  await Promise.all([page.waitForNavigation(), page.locator('.on-page a').click()]);
  const rects = await page.locator('svg.hits rect').count();
  ok(rects > 0, 'the page view draws the hits over the words', rects);
  await page.screenshot({ path: `${outdir}/search-page-1280.png`, fullPage: false });

  // Filters, facets, pagination and the language switch keep every
  // parameter: 的 with by:記者 (folded: 记者 bylines) gives two pages.
  resp = await page.goto(`${base}/search?q=${encodeURIComponent('的')}` +
                         `&byline=${encodeURIComponent('記者')}`);
  ok(resp && resp.status() === 200, 'filtered search answers 200', resp && resp.status());
  const keeps = (href, more) => {
    const v = new URL(href, base).searchParams;
    return v.get('q') === '的' && v.get('byline') === '記者' &&
      Object.entries(more).every(([k, x]) => v.get(k) === x);
  };
  const next = await page.locator('.pager a[rel=next]').getAttribute('href');
  ok(next && keeps(next, { page: '2' }), 'the pager keeps query and filters', next);
  const fy = await page.locator('.facet-years a').first().getAttribute('href');
  ok(fy && keeps(fy, {}) && /from=\d{4}-01-01/.test(fy),
     'a year facet keeps query and filters', fy);
  await Promise.all([page.waitForNavigation(), page.locator('.lang-switch a').click()]);
  ok(keeps(page.url(), { lang: 'en' }), 'English keeps query and filters', page.url());
  const en = (await page.locator('.result-count').textContent() || '').trim();
  ok(/^\d+ results, showing 1–20$/.test(en), 'the English page counts the same', en);
  const enNext = await page.locator('.pager a[rel=next]').getAttribute('href');
  ok(enNext && keeps(enNext, { page: '2', lang: 'en' }),
     'the English pager keeps the language', enNext);
  await Promise.all([page.waitForNavigation(), page.locator('.pager a[rel=next]').click()]);
  await Promise.all([page.waitForNavigation(), page.locator('.lang-switch a').click()]);
  ok(keeps(page.url(), { lang: 'zh', page: '2' }),
     'back to 中文 on page 2 keeps everything', page.url());
  await page.screenshot({ path: `${outdir}/search-filtered-1280.png`, fullPage: true });

  // The empty box's example fits it at 1280 px; in English, in English.
  const placeholder = async (lang) => {
    await page.goto(`${base}/${paper}/${date}/01/?lang=${lang}`);
    return page.locator('.search-box input[name=q]').evaluate((e) => {
      const cs = getComputedStyle(e);
      const c = document.createElement('canvas').getContext('2d');
      c.font = cs.font;
      return { ph: e.placeholder, text: c.measureText(e.placeholder).width,
               room: e.clientWidth - parseFloat(cs.paddingLeft) -
                     parseFloat(cs.paddingRight) };
    });
  };
  const fit = await placeholder('en');
  ok(/^[\x20-\x7e]+$/.test(fit.ph) && fit.text <= fit.room,
     'the English placeholder is English and fits the box at 1280 px', fit);
  const fitZh = await placeholder('zh');
  ok(fitZh.text <= fitZh.room, 'the Chinese placeholder fits it too', fitZh);

  // Phone width: no sideways scrolling, box still usable.
  const phone = await browser.newContext({ viewport: { width: 360, height: 740 },
                                           locale: 'zh-CN', isMobile: true });
  const pp = await phone.newPage();
  await pp.goto(`${base}/search?q=${encodeURIComponent(query)}`);
  const w = await pp.evaluate(() => document.documentElement.scrollWidth);
  ok(w <= 360, 'results page fits a 360 px phone', w);
  const bw = await pp.locator('.search-box input').evaluate((e) => e.getBoundingClientRect().width);
  ok(bw >= 150, 'the masthead box stays usable at 360 px', bw);
  await pp.screenshot({ path: `${outdir}/search-360.png`, fullPage: true });
  await pp.goto(`${base}/${paper}/${date}/01/`);
  const w2 = await pp.evaluate(() => document.documentElement.scrollWidth);
  ok(w2 <= 360, 'page view with the search box fits 360 px', w2);
  await pp.screenshot({ path: `${outdir}/search-box-page-360.png`, fullPage: false });

  // Print: the search form is not printed.
  await page.goto(`${base}/search?q=${encodeURIComponent(query)}`);
  await page.emulateMedia({ media: 'print' });
  const shown = await page.locator('.search-box').isVisible();
  ok(!shown, 'the search box is hidden in print');
} catch (e) {
  ok(false, 'browser test ran to the end', String(e && e.stack || e));
} finally {
  await browser.close();
}
console.log(`1..${n}`);
process.exit(failed ? 1 : 0);
