#!/usr/bin/env node
// A page opened straight from disk (file://): is the search box there, and what does it say?
//
//   node tests/browser/file_search.mjs <site_dir> <page> [<page> …]
//
// Prints {"pages": [{"page", "visible", "placeholder", "readonly", "panel"}]}: panel is the
// search panel's text after a click on the box (phones: on the search button).
// Exit codes: 0 ran; 2 usage error or browser failure.

import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { launchBrowser, fail } from './lib.mjs';

const [siteDir, ...pages] = process.argv.slice(2);
if (!siteDir || !pages.length) fail('usage: node tests/browser/file_search.mjs <site_dir> <page> [<page> …]');
const browser = await launchBrowser();
const out = { pages: [] };
try {
  for (const [page, width] of pages.flatMap((p) => [[p, 1280], [p, 390]])) {
    const tab = await browser.newPage({ viewport: { width, height: 800 } });
    await tab.goto(pathToFileURL(path.resolve(siteDir, page)).href, { waitUntil: 'load' });
    await tab.waitForTimeout(500);   // Material hides the box once its index script has failed
    const input = tab.locator('.md-search__input');
    const entry = { page, width, visible: await tab.locator('.md-search').isVisible() };
    if (width < 600) await tab.click('label.md-header__button[for="__search"]');
    else if (entry.visible) await input.click();
    await tab.waitForTimeout(300);
    Object.assign(entry, await input.evaluate((el) => ({ placeholder: el.placeholder, readonly: el.readOnly })));
    const meta = tab.locator('.md-search-result__meta');
    entry.panel = (await meta.isVisible()) ? (await meta.textContent()).trim() : null;
    out.pages.push(entry);
    await tab.close();
  }
} catch (err) {
  await browser.close();
  fail(`browser failure: ${err.stack || err}`, 2);
}
await browser.close();
process.stdout.write(JSON.stringify(out, null, 2) + '\n');
