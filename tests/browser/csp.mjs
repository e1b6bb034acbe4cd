#!/usr/bin/env node
// The site works under its Content-Security-Policy (issue 21.2): on one page, the palette
// toggle, the search box and a fact's copy-citation control are used, and every CSP violation
// the browser reports is recorded; then an inline script is added to prove the policy is
// in force (it must not run).
//
//   node tests/browser/csp.mjs <site_dir> <page.html>
//
// Prints {"schemes": [before, after], "results": N, "copied": "...", "violations": [...],
//         "console": [...], "probe_ran": bool, "probe_blocked": bool}.

import fs from 'node:fs';
import { runInBrowser, rememberSearchMeta, typeSearch, recordExternalRequests, fail } from './lib.mjs';

const [site, name] = process.argv.slice(2);
if (!site || !name || !fs.existsSync(site)) fail('usage: node tests/browser/csp.mjs <site_dir> <page.html>');

await runInBrowser(site, async (server, browser) => {
  const context = await browser.newContext();
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
  await rememberSearchMeta(context);
  await context.addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__violations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sample || ''}`.trim());
    });
  });
  const external = await recordExternalRequests(context);
  const page = await context.newPage();
  const consoleLines = [];
  page.on('console', (msg) => { if (msg.type() === 'error') consoleLines.push(msg.text()); });
  page.on('pageerror', (err) => consoleLines.push(`Uncaught ${err.message}`));
  await page.goto(`${server.url}/${name}`, { waitUntil: 'load' });

  const scheme = () => page.evaluate(() => document.body.getAttribute('data-md-color-scheme'));
  const before = await scheme();
  await page.locator('form[data-md-component=palette] label:visible').first().click();
  const after = await scheme();

  await page.keyboard.press('/');
  await typeSearch(page, name.startsWith('en/') ? 'quality' : '质量');
  const results = await page.locator('.md-search-result__item').count();
  await page.keyboard.press('Escape');

  // A fact's "引用 / Cite" control copies its citation (issue 20.5: one visible step; localhost
  // is a secure context).  Facts inside prose and listed facts carry the same control.
  let copied = '';
  const visibleCite = () => page.locator('a.qa-menu__ref:visible, a.qa-fact__anchor:visible').first();
  let cite = visibleCite();
  if (!(await cite.count()) && (await page.locator('summary.qa-fact__toggle').count())) {
    await page.locator('summary.qa-fact__toggle').first().click();   // a listed fact's controls
    cite = visibleCite();
  }
  if (await cite.count()) {
    await cite.click();
    await page.waitForTimeout(300);
    copied = await page.evaluate(() => navigator.clipboard.readText()).catch(() => '');
  }
  const violations = await page.evaluate(() => window.__violations.slice());
  const consoleBefore = consoleLines.slice();

  // The probe: an inline script added to the page must be refused by the policy.
  const probe = await page.evaluate(() => new Promise((resolve) => {
    const count = window.__violations.length;
    const script = document.createElement('script');
    script.textContent = 'window.__probeRan = true;';
    document.head.appendChild(script);
    setTimeout(() => resolve({ ran: window.__probeRan === true, blocked: window.__violations.length > count }), 300);
  }));
  return { schemes: [before, after], results, copied, violations, console: consoleBefore,
           probe_ran: probe.ran, probe_blocked: probe.blocked, external_requests: external };
});
