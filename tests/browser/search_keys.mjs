#!/usr/bin/env node
// The search box as a keyboard user meets it, in headless Chromium.
//
//   node tests/browser/search_keys.mjs <site_dir> <query> [page]
//
// On governance.html (or the page given, e.g. en/governance.html): press "/", type the query, press Escape (closes), click
// the box again and press Enter (Material opens the best result), then read the
// marks on the target page.  Prints {"focused_after_slash", "dialog_name", "page_after_enter",
// "hash_after_enter", "h_after_enter", "marked": [...], "open_after_escape",
// "external_requests"}.
import { runInBrowser, recordExternalRequests, rememberSearchMeta, typeSearch, fail } from './lib.mjs';

const [siteDir, query, start = 'governance.html'] = process.argv.slice(2);
if (!siteDir || !query) fail('usage: node tests/browser/search_keys.mjs <site_dir> <query>');

await runInBrowser(siteDir, async (server, browser) => {
  const out = {};
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
  const external = await recordExternalRequests(context);
  await rememberSearchMeta(context);
  const page = await context.newPage();
  await page.goto(`${server.url}/${start}`, { waitUntil: 'load' });
  const dialog = page.locator('.md-search[role="dialog"]');
  out.dialog_name = await dialog.getAttribute('aria-label');
  await page.locator('body').click({ position: { x: 5, y: 300 } });
  await page.keyboard.press('/');
  out.focused_after_slash = await page.evaluate(() => document.activeElement?.classList.contains('md-search__input'));
  await typeSearch(page, query);
  // Escape closes the box.
  out.open_before_escape = await page.evaluate(() => document.getElementById('__search').checked);
  await page.keyboard.press('Escape');
  out.open_after_escape = await page.evaluate(() => document.getElementById('__search').checked);
  // Open it again by clicking the box; the query is still there.
  await page.locator('.md-search__input').click();
  await page.waitForSelector('.md-search-result__item');
  await Promise.all([page.waitForURL(/#./), page.keyboard.press('Enter')]);
  await page.waitForSelector('mark[data-md-highlight]', { timeout: 10_000 }).catch(() => {});
  const url = new URL(page.url());
  out.page_after_enter = url.pathname.replace(/^\//, '');
  out.hash_after_enter = decodeURIComponent(url.hash);
  out.h_after_enter = url.searchParams.get('h');
  out.marked = await page.$$eval('mark[data-md-highlight]', (marks) => marks.map((m) => m.textContent));
  out.external_requests = external;
  return out;
});
