#!/usr/bin/env node
// The peer figures of make bench (issue 22, item 7): Pagefind's own search on the same
// built pages, in the same Chromium, one cold page per query.
//
//   node scripts/benchlib/pagefind.mjs <site_dir> <bundle_dir_name> <lang> <queries.json>
//
// <site_dir> holds the pages and the bundle Pagefind wrote into <site_dir>/<bundle_dir_name>
// (scripts/benchlib/peer.py runs the indexer).  <lang> is the harness page's <html lang>:
// Pagefind searches the index of the page's language, as it does on a real page.
// Prints {"queries": [{"query", "init_ms", "query_ms", "total_ms", "results", "first",
// "files"}]}: init_ms is pagefind.init() (its script, WebAssembly and entry files),
// query_ms from search() to the first result's data() (what a results list shows first),
// files every path the server was asked for while the query ran (peer.py turns them
// into gzip bytes, as measure.search_download does for ours).
//
// The harness page is served by this script (no Content-Security-Policy: Pagefind's
// WebAssembly needs 'wasm-unsafe-eval', which the site's own pages do not allow).

import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { launchBrowser, contentTypeFor, isLocalUrl } from '../../tests/browser/lib.mjs';

const [siteDir, bundle, lang, queriesFile] = process.argv.slice(2);
if (!siteDir || !bundle || !lang || !queriesFile) {
  process.stderr.write('usage: node scripts/benchlib/pagefind.mjs <site_dir> <bundle_dir_name> <lang> <queries.json>\n');
  process.exit(2);
}
const TIMEOUT_MS = 60_000;
const root = path.resolve(siteDir);
const queries = JSON.parse(fs.readFileSync(queriesFile, 'utf8'));
const HARNESS = '/__pagefind_bench__.html';
const harnessHtml = `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>bench</title></head>`
  + '<body></body></html>';

let asked = [];
const server = http.createServer((req, res) => {
  const pathname = decodeURIComponent(new URL(req.url, 'http://127.0.0.1').pathname);
  asked.push(pathname);
  if (pathname === HARNESS) {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end(harnessHtml);
    return;
  }
  const file = path.join(root, pathname);
  if (!file.startsWith(root + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
    res.writeHead(404);
    res.end();
    return;
  }
  res.writeHead(200, { 'Content-Type': contentTypeFor(file), 'Cache-Control': 'no-store' });
  fs.createReadStream(file).pipe(res);
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${server.address().port}`;

const browser = await launchBrowser();
const out = [];
try {
  for (const query of queries) {
    const context = await browser.newContext();
    // Offline, as every browser run here: anything not on this machine is refused.
    await context.route('**/*', (route) => (isLocalUrl(route.request().url()) ? route.continue() : route.abort()));
    const page = await context.newPage();
    const entry = { query };
    try {
      await page.goto(base + HARNESS, { waitUntil: 'load', timeout: TIMEOUT_MS });
      asked = [];
      Object.assign(entry, await page.evaluate(async ({ bundle, query }) => {
        const t0 = performance.now();
        const pagefind = await import(`/${bundle}/pagefind.js`);
        await pagefind.init();
        const t1 = performance.now();
        const found = await pagefind.search(query);
        const first = found.results.length ? await found.results[0].data() : null;
        const t2 = performance.now();
        return { init_ms: Math.round(t1 - t0), query_ms: Math.round(t2 - t1), total_ms: Math.round(t2 - t0),
                 results: found.results.length, first: first ? first.url : null };
      }, { bundle, query }));
      entry.files = asked.filter((p) => p !== HARNESS);
    } catch (error) {
      entry.error = String(error).slice(0, 500);
    }
    out.push(entry);
    await context.close();
  }
} finally {
  await browser.close();
  server.close();
}
process.stdout.write(JSON.stringify({ queries: out }));
