#!/usr/bin/env node
// Every page of a built site (both editions) on a 390 px phone screen, with every
// <details> opened: does anything make the page wider than the screen, and is any word of
// a table cell broken across two lines (“Colum / ns”)?
//
//   node tests/browser/phone.mjs <site_dir> <page.html> [<page.html> …]
//
// A word here is a run of four or more Latin letters (Chinese may break between any two characters) in a table cell's text outside <code>
// (identifiers such as source_section_heading_en may break: they have no other place to).
// Prints {"pages": [{"page", "scroll_width", "width", "broken_words": [...]}],
//         "external_requests": [...]}
// Exit codes: 0 ran (the caller judges); 2 usage error or browser failure.

import fs from 'node:fs';
import path from 'node:path';
import { serveDir, launchBrowser, recordExternalRequests, siteUrl, fail } from './lib.mjs';

const [site, ...pages] = process.argv.slice(2);
if (!site || !pages.length) fail('usage: node tests/browser/phone.mjs <site_dir> <page.html> [<page.html> …]');
for (const rel of pages) if (!fs.existsSync(path.join(site, rel))) fail(`no such page: ${rel}`);

const server = await serveDir(site);
const browser = await launchBrowser();
const results = [];
let external = [];
try {
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true,
  });
  external = await recordExternalRequests(context);
  for (const rel of pages) {
    const page = await context.newPage();
    await page.goto(siteUrl(server.url, rel), { waitUntil: 'load', timeout: 30_000 });
    const found = await page.evaluate(() => {
      for (const details of document.querySelectorAll('details')) details.open = true;
      const broken = [];
      const cells = document.querySelectorAll('article td, article th');
      for (const cell of cells) {
        const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          if (node.parentElement.closest('code')) continue;
          for (const match of node.data.matchAll(/\p{Script=Latin}{4,}/gu)) {
            const range = document.createRange();
            range.setStart(node, match.index);
            range.setEnd(node, match.index + match[0].length);
            const tops = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
            if (tops.size > 1) broken.push(match[0]);
          }
        }
      }
      return {
        scroll_width: document.documentElement.scrollWidth,
        width: document.documentElement.clientWidth,
        broken_words: broken,
      };
    });
    results.push({ page: rel, ...found });
    await page.close();
  }
  await context.close();
} catch (error) {
  fail(`phone layout run failed: ${error.message}`);
} finally {
  await browser.close();
  await server.close();
}
process.stdout.write(JSON.stringify({ pages: results, external_requests: external }, null, 1) + '\n');
