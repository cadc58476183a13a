// tap.mjs - what every browser test shares: TAP output and the chromium
// launch. Usage:
//   import { ok, launch, finish } from './tap.mjs';
//   const browser = await launch();
//   try { ... ok(cond, 'what', detail) ... }
//   catch (e) { ok(false, 'browser test ran to the end', String(e && e.stack || e)); }
//   finally { await browser.close(); }
//   finish();   // prints the plan, exits 1 if a point failed
import { chromium } from 'playwright-core';

let n = 0;
let failed = 0;

// One TAP point; detail (any JSON value) is printed as a comment on failure.
export function ok(cond, what, detail) {
  n += 1;
  if (cond) {
    console.log(`ok ${n} - ${what}`);
  } else {
    failed += 1;
    console.log(`not ok ${n} - ${what}`);
    if (detail !== undefined) console.log(`# ${JSON.stringify(detail)}`);
  }
}

// Debian's chromium ($CHROMIUM overrides) headless, quiet, no network of
// its own.
export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
           '--disable-background-networking', '--disable-component-update',
           '--disable-sync'],
  });
}

// The TAP plan, and the exit status.
export function finish() {
  console.log(`1..${n}`);
  process.exit(failed ? 1 : 0);
}
