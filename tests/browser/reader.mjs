// reader.mjs - real-browser test of the folio reader (issue 2).
// Usage: node reader.mjs BASE_URL PAPER DATE OUTDIR
// Drives Debian's chromium through playwright-core and prints TAP.
import { finish, launch, ok } from './tap.mjs';
import { mkdirSync } from 'node:fs';

const [base, paper, date, outdir] = process.argv.slice(2);
mkdirSync(outdir, { recursive: true });

const browser = await launch();

async function bodyFontPx(page) {
  return page.evaluate(() => {
    const p = document.querySelector('.story-body p');
    return p ? parseFloat(getComputedStyle(p).fontSize) : NaN;
  });
}

try {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 },
                                         locale: 'zh-CN' });
  const page = await ctx.newPage();
  const pageUrl = `${base}/${paper}/${date}/01/`;

  let resp = await page.goto(pageUrl);
  ok(resp && resp.status() === 200, 'page view answers 200', resp && resp.status());
  await page.screenshot({ path: `${outdir}/page-1280.png`, fullPage: true });

  // A hot zone: a link inside the SVG overlay, labelled with its headline.
  const zone = page.locator('svg a').first();
  ok(await zone.count() === 1, 'page view has hot-zone links in an SVG overlay');
  const label = (await zone.getAttribute('aria-label')) || '';
  ok(label.length > 0, 'hot zone is labelled with a headline', label);
  await zone.click();
  await page.waitForLoadState('load');
  const h1 = (await page.locator('h1').first().textContent() || '').trim();
  ok(new RegExp(`/${paper}/${date}/01/[^/]+$`).test(page.url()),
     'clicking a hot zone lands on an article URL', page.url());
  ok(h1 === label.trim(), 'the article headline matches the zone label',
     { h1, label });
  await page.screenshot({ path: `${outdir}/article-1280.png`, fullPage: true });

  // 放大 twice, reload, text is still larger.
  const before = await bodyFontPx(page);
  ok(before > 0, 'article paragraphs have a font size', before);
  for (let i = 0; i < 2; i++) {
    await page.getByRole('link', { name: '放大' }).first().click();
    await page.waitForLoadState('load');
  }
  await page.reload();
  const after = await bodyFontPx(page);
  ok(after > before, 'after 放大 twice and a reload the text is larger',
     { before, after });
  await page.getByRole('link', { name: '默认' }).first().click();
  await page.waitForLoadState('load');
  await page.reload();
  const reset = await bodyFontPx(page);
  ok(Math.abs(reset - before) < 0.5, '默认 restores the default size',
     { before, reset });

  // Phone width: nothing wider than the screen.
  const phone = await browser.newContext({ viewport: { width: 360, height: 740 },
                                           locale: 'zh-CN',
                                           isMobile: true, hasTouch: true });
  const pp = await phone.newPage();
  await pp.goto(pageUrl);
  const w1 = await pp.evaluate(() => document.documentElement.scrollWidth);
  ok(w1 <= 360, 'page view fits a 360 px phone without sideways scrolling', w1);
  await pp.screenshot({ path: `${outdir}/page-360.png`, fullPage: true });
  await pp.goto(page.url());
  const w2 = await pp.evaluate(() => document.documentElement.scrollWidth);
  ok(w2 <= 360, 'article view fits a 360 px phone', w2);
  await pp.screenshot({ path: `${outdir}/article-360.png`, fullPage: true });

  // English UI.
  await pp.goto(`${pageUrl}?lang=en`);
  const lang = await pp.evaluate(() => document.documentElement.lang);
  ok(lang === 'en', 'lang=en gives an English page', lang);
} catch (e) {
  ok(false, 'browser test ran to the end', String(e && e.stack || e));
} finally {
  await browser.close();
}
finish();
