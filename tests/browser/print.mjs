#!/usr/bin/env node
// Print one page of a built site through Chromium's own print path, as a reader's
// "打印本页" would, and say which fonts the printed text uses.
//
//   node tests/browser/print.mjs <site_dir> <page.html> <out.pdf> [--dark]
//
// The page is served from 127.0.0.1, loaded with print media emulated (with
// --dark the reader prefers a dark colour scheme, so Material picks its dark
// palette), and printed with page.pdf (A4, backgrounds on, the page's own @page
// size and margin boxes).  Outside requests are aborted and reported.
//
// Before printing, on screen, the “打印本页” button is clicked with window.print
// replaced by a counter.
//
// Prints: {"pdf": "<out.pdf>", "scheme": "default|slate",
//          "fonts": [{"selector", "familyName", "postScriptName", "glyphCount"}],
//          "background": "<computed body background in print>",
//          "print_button": {"count", "visible", "calls"}, "pdf_link": "<href>",
//          "external_requests": [...]}
// Exit codes: 0 printed; 2 usage error or browser failure.

import path from 'node:path';
import fs from 'node:fs';
import { serveDir, launchBrowser, recordExternalRequests, siteUrl, fail } from './lib.mjs';

// Text whose glyphs must come from a Simplified Chinese face.
const FONT_PROBES = ['h1', 'h2', '.qa-fact__statement', '.qa-fact__meta .qa-cite', '.qa-quote blockquote p'];

async function main() {
  const argv = process.argv.slice(2);
  const dark = argv.includes('--dark');
  const rest = argv.filter((a) => a !== '--dark');
  if (rest.length !== 3) fail('usage: node tests/browser/print.mjs <site_dir> <page.html> <out.pdf> [--dark]');
  const [siteDir, rel, outPdf] = rest;
  if (!fs.existsSync(path.join(siteDir, rel))) fail(`no such page: ${path.join(siteDir, rel)}`);

  const server = await serveDir(siteDir);
  let browser;
  try {
    browser = await launchBrowser();
    const context = await browser.newContext({ colorScheme: dark ? 'dark' : 'light' });
    const external = await recordExternalRequests(context);
    const page = await context.newPage();
    await page.goto(siteUrl(server.url, rel), { waitUntil: 'load', timeout: 30_000 });

    // On screen: the “打印本页” button is shown once its script ran, and it prints.
    await page.evaluate(() => {
      window.__qaPrintCalls = 0;
      window.print = () => { window.__qaPrintCalls += 1; };
    });
    const button = page.locator('[data-qa-print]');
    const printButton = { count: await button.count(), visible: false, calls: 0 };
    if (printButton.count > 0 && (await button.first().isVisible())) {
      printButton.visible = true;
      await button.first().click();
      printButton.calls = await page.evaluate(() => window.__qaPrintCalls);
    }
    const pdfLink = await page.locator('a.qa-actions__pdf').first().getAttribute('href').catch(() => null);

    await page.emulateMedia({ media: 'print' });
    await page.evaluate(() => document.fonts.ready);

    const scheme = await page.evaluate(() => document.body.getAttribute('data-md-color-scheme') || '');
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);

    // Which platform fonts Chromium really uses for the text (font names are not
    // visible in its PDFs: Skia embeds CFF-based CJK faces as Type 3 fonts).
    const cdp = await context.newCDPSession(page);
    await cdp.send('DOM.enable');
    await cdp.send('CSS.enable');
    const { root } = await cdp.send('DOM.getDocument', { depth: -1 });
    const fonts = [];
    for (const selector of FONT_PROBES) {
      const { nodeIds } = await cdp.send('DOM.querySelectorAll', { nodeId: root.nodeId, selector });
      for (const nodeId of nodeIds.slice(0, 3)) {
        const { fonts: used } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
        for (const f of used) {
          fonts.push({ selector, familyName: f.familyName, postScriptName: f.postScriptName || '',
                       glyphCount: f.glyphCount });
        }
      }
    }

    await page.pdf({
      path: outPdf,
      format: 'A4',
      printBackground: true,
      preferCSSPageSize: true,
      outline: true,
      tagged: true,
    });
    process.stdout.write(JSON.stringify({ pdf: outPdf, scheme, fonts, background,
                                          print_button: printButton, pdf_link: pdfLink,
                                          external_requests: external }) + '\n');
  } finally {
    if (browser) await browser.close();
    await server.close();
  }
}

main().catch((err) => fail(String(err && err.stack ? err.stack : err)));
