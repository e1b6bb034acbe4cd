#!/usr/bin/env node
// Run axe-core (from node_modules, injected into the page: no network) over every
// top-level page of a built site, in the light and the dark palette.
//
//   node tests/browser/axe.mjs <site_dir>
//
// Prints {"pages": N, "runs": [{"page", "scheme", "violations": [{"id", "impact", "help", "nodes", "targets"}]}]}
// Exit codes: 0 ran (the caller judges); 2 usage error or browser failure.

import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { serveDir, launchBrowser, recordExternalRequests, fail } from './lib.mjs';

const require = createRequire(import.meta.url);
const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

const site = process.argv[2];
if (!site || !fs.existsSync(site)) fail('usage: node tests/browser/axe.mjs <site_dir>');
const pages = fs.readdirSync(site).filter((f) => f.endsWith('.html')).sort();

const server = await serveDir(site);
const browser = await launchBrowser();
const runs = [];
try {
  for (const scheme of ['light', 'dark']) {
    // bypassCSP: axe is injected as an inline script, which the site's own policy (issue 21)
    // rightly refuses; the audit is the test's script, not the site's.
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: scheme,
                                               bypassCSP: true });
    await recordExternalRequests(context);
    for (const name of pages) {
      const page = await context.newPage();
      await page.goto(`${server.url}/${name}`, { waitUntil: 'load' });
      await page.addScriptTag({ content: AXE_SOURCE });
      const result = await page.evaluate(async () => {
        // eslint-disable-next-line no-undef
        const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
        // Best-practice rules that are not tagged WCAG but that readers meet on every page.
        const extra = await axe.run(document, { runOnly: { type: 'rule', values: ['aria-dialog-name'] } });
        return [...r.violations, ...extra.violations].map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length,
          targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
      });
      runs.push({ page: name, scheme, violations: result });
      await page.close();
    }
    await context.close();
  }
} catch (error) {
  fail(`axe run failed: ${error.message}`);
} finally {
  await browser.close();
  await server.close();
}
process.stdout.write(JSON.stringify({ pages: pages.length, runs }, null, 1) + '\n');
