#!/usr/bin/env node
// Hostile text in the data must appear in search results as text, never as markup.
//
//   node tests/browser/search_escape.mjs <site_dir> <query>
//
// Types the query into the search box of index.html and prints
// {"items", "elements": {"img", "script", "iframe"}, "pwned", "text", "external_requests"}
// where "elements" counts such elements inside the results and "pwned" is whether the
// payload's onerror handler ran (it sets window.__qaPwned).
import { runInBrowser, recordExternalRequests, rememberSearchMeta, typeSearch, fail } from './lib.mjs';

const [siteDir, query] = process.argv.slice(2);
if (!siteDir || !query) fail('usage: node tests/browser/search_escape.mjs <site_dir> <query>');

await runInBrowser(siteDir, async (server, browser) => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const external = await recordExternalRequests(context);
  await rememberSearchMeta(context);
  const page = await context.newPage();
  await page.goto(`${server.url}/index.html`, { waitUntil: 'load' });
  await page.locator('.md-search__input').click();
  await typeSearch(page, query);
  await page.waitForTimeout(300);   // let an injected image try to load and fire onerror
  const out = await page.evaluate(() => {
    const root = document.querySelector('.md-search-result');
    return {
      items: root.querySelectorAll('.md-search-result__item').length,
      elements: Object.fromEntries(['img', 'script', 'iframe'].map((t) => [t, root.querySelectorAll(t).length])),
      pwned: window.__qaPwned === 1,
      text: root.textContent,
    };
  });
  out.external_requests = external;
  return out;
});
