#!/usr/bin/env node
// The site served under a sub-path the way GitHub Pages serves a project site
// (https://<owner>.github.io/<name>/): every page, and missing addresses at
// several depths of both editions, which get the edition's 404.html with status
// 404 (en/… -> en/404.html, anything else -> 404.html).  With sub-path "/" it is
// a preview served from the server's root.
//
//   node tests/browser/subpath.mjs <site_dir> <sub-path> <queries.json> [--error-pages]
//
// --error-pages: only the missing addresses and the two home pages (a preview
// served from / : external.mjs already loads every page from there).
// queries.json: {"zh": "<query>", "en": "<query>"}, typed into the search box of
// each edition's error page (at a deep missing address).
// Prints {"pages": [...], "failed_requests": [{"page", "url", "status"}],
//         "console_errors": [...], "broken_links": [{"page", "href", "status"}],
//         "outside_requests": [...], "search": {"zh": {...}, "en": {...}}}.
// Any request of a page that fails, or answers 400 or more, is a failed request,
// except the missing address itself (404 is its right answer).
// Exit codes: 0 ran (the caller judges the JSON); 2 usage error or browser failure.

import http from 'node:http';
import fs from 'node:fs';
import {
  listHtmlFiles,
  runInBrowser,
  recordExternalRequests,
  isLocalUrl,
  fail,
} from './lib.mjs';

// Missing addresses tried per edition (relative to the edition's root).
const MISSING = ['no-such-page.html', 'a/b/c/no-such-page.html', 'no-such-folder/'];

async function status(url) {
  return new Promise((resolve) => {
    http.request(url, { method: 'HEAD' }, (res) => { res.resume(); resolve(res.statusCode); })
      .on('error', () => resolve('failed')).end();
  });
}

async function checkPage(context, base, rel, out) {
  const page = await context.newPage();
  const outside = await recordExternalRequests(page);
  const address = base + rel;
  page.on('console', (msg) => {
    // (The missing address's own 404 is its right answer, not an error of the page.)
    if (msg.type() === 'error' && msg.location()?.url !== address) out.console_errors.push({ page: rel, text: msg.text() });
  });
  page.on('pageerror', (err) => out.console_errors.push({ page: rel, text: String(err) }));
  page.on('response', (res) => {
    if (res.status() >= 400 && res.url() !== address) out.failed_requests.push({ page: rel, url: res.url(), status: res.status() });
  });
  page.on('requestfailed', (req) => {
    if (isLocalUrl(req.url())) out.failed_requests.push({ page: rel, url: req.url(), status: req.failure()?.errorText || 'failed' });
  });
  const response = await page.goto(address, { waitUntil: 'load', timeout: 30_000 });
  await page.waitForLoadState('networkidle', { timeout: 15_000 }).catch(() => {});
  out.pages.push({ page: rel, status: response.status(), ...await page.evaluate(() => ({
    styled: getComputedStyle(document.querySelector('.md-header')).position,
    // Material keeps the reader's settings (light/dark) per scope: the edition's root.
    scope: String(window.__md_scope) })) });
  // Every link a reader can see that stays on this server (the PDF links stay hidden until
  // make pdf has written the file, hooks/exports.py).
  const links = await page.evaluate(() => [...document.querySelectorAll('a[href]:not([hidden])')].map((a) => a.href));
  for (const href of new Set(links.map((h) => h.split('#')[0]))) {
    if (!href.startsWith('http://127.0.0.1') || href === address) continue;
    const answer = await status(href);
    if (answer !== 200) out.broken_links.push({ page: rel, href, status: answer });
  }
  for (const e of outside) out.outside_requests.push({ page: rel, url: e.url });
  await page.close();
}

async function searchErrorPage(context, base, rel, query) {
  const page = await context.newPage();
  page.setDefaultTimeout(60_000);   // a loaded 2-core machine: the worker may take a while to start
  await page.goto(base + rel, { waitUntil: 'load' });
  // Ready when the meta line has left the text the server sent ("initialising"), read from
  // the page as served: the error page's scripts run before DOMContentLoaded, so a snapshot
  // taken then (lib.mjs rememberSearchMeta) may already be the ready text.
  const initial = await page.evaluate(async () => new DOMParser()
    .parseFromString(await (await fetch(location.href)).text(), 'text/html')
    .querySelector('.md-search-result__meta').textContent.trim());
  await page.waitForFunction((text) => document.querySelector('.md-search-result__meta').textContent.trim() !== text, initial);
  await page.locator('.md-search__input').click();
  await page.keyboard.insertText(query);
  await page.keyboard.press('End');   // Material searches on keyup; insertText sends none
  await page.waitForSelector('.md-search-result__item');
  const hrefs = await page.evaluate(
    () => [...document.querySelectorAll('.md-search-result__item a.md-search-result__link')].map((a) => a.href));
  const first = hrefs[0].split('#')[0];
  const result = { page: rel, query, first, first_status: await status(first.split('?')[0]) };
  await page.close();
  return result;
}

async function main() {
  const [siteDir, subPath, queriesFile, only] = process.argv.slice(2);
  if (!siteDir || !subPath || !subPath.startsWith('/') || !subPath.endsWith('/') || !queriesFile) {
    fail('usage: node tests/browser/subpath.mjs <site_dir> </sub-path/> <queries.json>');
  }
  const queries = JSON.parse(fs.readFileSync(queriesFile, 'utf-8'));
  await runInBrowser(siteDir, async (server, browser) => {
    const out = { base: server.base, pages: [], failed_requests: [], console_errors: [], broken_links: [],
      outside_requests: [], search: {} };
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const listed = only === '--error-pages' ? ['index.html', 'en/index.html'] : listHtmlFiles(siteDir);
    const pages = [...listed.filter((p) => !p.endsWith('404.html')),
      ...MISSING, ...MISSING.map((m) => `en/${m}`)];
    const queue = [...pages];
    const worker = async () => { while (queue.length) await checkPage(context, server.base, queue.shift(), out); };
    await Promise.all([worker(), worker()]);
    for (const [edition, prefix] of [['zh', ''], ['en', 'en/']]) {
      out.search[edition] = await searchErrorPage(context, server.base, prefix + MISSING[1], queries[edition])
        .catch((err) => ({ error: String(err.message).split('\n')[0] }));
    }
    out.pages.sort((a, b) => (a.page < b.page ? -1 : 1));
    return out;
  }, { subPath, editionErrorPages: true });
}

main();
