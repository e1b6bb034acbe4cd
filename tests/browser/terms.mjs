#!/usr/bin/env node
// The glossary terms report.js marked on a page, after load.
//
//   node tests/browser/terms.mjs <site_dir> <page.html>
//
// Prints {"terms": [{"term", "id", "title"}], "external_requests": [...]}.

import fs from 'node:fs';
import { serveDir, launchBrowser, recordExternalRequests, fail } from './lib.mjs';

const [site, name] = process.argv.slice(2);
if (!site || !name || !fs.existsSync(site)) fail('usage: node tests/browser/terms.mjs <site_dir> <page.html>');
const server = await serveDir(site);
const browser = await launchBrowser();
try {
  const context = await browser.newContext();
  const external = await recordExternalRequests(context);
  const page = await context.newPage();
  await page.goto(`${server.url}/${name}`, { waitUntil: 'load' });
  const terms = await page.$$eval('abbr.qa-term', (els) => els.map((e) => ({
    term: e.textContent, id: e.dataset.term, title: e.title })));
  process.stdout.write(JSON.stringify({ terms, external_requests: external }) + '\n');
} catch (error) {
  fail(`terms run failed: ${error.message}`);
} finally {
  await browser.close();
  await server.close();
}
