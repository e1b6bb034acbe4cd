#!/usr/bin/env node
// Full-page PNG screenshots of a built site in headless Chromium.
//
//   node scripts/screenshots.mjs <site_dir> <out_dir> [--pages a.html,b.html]
//                                [--widths 1280,390] [--dark]
//
// Files: <out_dir>/<page-stem>-<width>[-dark].png, where the stem is the page
// path without ".html" and with "/" replaced by "__" (sub/p.html -> sub__p).
// Widths below 768 are rendered as a phone (deviceScaleFactor 2, isMobile,
// touch, 844 px tall viewport); others as desktop (900 px tall, scale 1).
// Default pages: every top-level *.html of <site_dir>.
// Prints {"screenshots": [{"page", "width", "dark", "file"}], "external_requests": [...]}.
// External requests are aborted, so fonts/CDNs never load (as offline).
// Exit codes: 0 ok; 1 some page failed (listed with "error"); 2 usage/browser failure.

import fs from 'node:fs';
import path from 'node:path';
import {
  serveDir,
  launchBrowser,
  recordExternalRequests,
  listHtmlFiles,
  siteUrl,
  relativeToSite,
  fail,
} from '../tests/browser/lib.mjs';

const USAGE =
  'usage: node scripts/screenshots.mjs <site_dir> <out_dir> [--pages a.html,b.html] [--widths 1280,390] [--dark]';

function parseArgs(argv) {
  const args = { pages: null, widths: [1280, 390], dark: false };
  const rest = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => {
      if (i + 1 >= argv.length) fail(USAGE);
      return argv[++i];
    };
    if (a === '--pages') args.pages = val().split(',').map((s) => s.trim()).filter(Boolean);
    else if (a.startsWith('--pages=')) args.pages = a.slice(8).split(',').map((s) => s.trim()).filter(Boolean);
    else if (a === '--widths') args.widths = val().split(',').map(Number);
    else if (a.startsWith('--widths=')) args.widths = a.slice(9).split(',').map(Number);
    else if (a === '--dark') args.dark = true;
    else if (a.startsWith('--')) fail(`unknown option ${a}\n${USAGE}`);
    else rest.push(a);
  }
  if (rest.length !== 2) fail(USAGE);
  if (!args.widths.length || args.widths.some((w) => !Number.isInteger(w) || w < 200 || w > 4000)) {
    fail(`bad --widths\n${USAGE}`);
  }
  [args.siteDir, args.outDir] = rest;
  return args;
}

function contextOptions(width, dark) {
  const mobile = width < 768;
  return {
    viewport: { width, height: mobile ? 844 : 900 },
    deviceScaleFactor: mobile ? 2 : 1,
    isMobile: mobile,
    hasTouch: mobile,
    locale: 'zh-CN',
    colorScheme: dark ? 'dark' : 'light',
    reducedMotion: 'reduce',
  };
}

// Dark mode, belt and braces: colorScheme 'dark' covers palettes keyed on
// (prefers-color-scheme); this keeps <body data-md-color-scheme="slate"> for
// palettes without media queries (or with none at all).
const DARK_INIT_SCRIPT = `(() => {
  const force = () => {
    const b = document.body;
    if (b && b.getAttribute('data-md-color-scheme') !== 'slate') b.setAttribute('data-md-color-scheme', 'slate');
  };
  document.addEventListener('DOMContentLoaded', () => {
    force();
    new MutationObserver(force).observe(document.body, { attributes: true, attributeFilter: ['data-md-color-scheme'] });
  }, { once: true });
})();`;

// After load: if the site has a palette toggle with a slate entry, select it
// through Material itself so primary/accent and the toggle icon match too.
async function selectSlatePalette(page) {
  await page.evaluate(() => {
    const input = document.querySelector('input[name="__palette"][data-md-color-scheme="slate"]');
    if (input && !input.checked) {
      input.checked = true;
      input.dispatchEvent(new Event('change', { bubbles: true }));
    }
    document.body.setAttribute('data-md-color-scheme', 'slate');
  });
}

// Relative luminance of the body background (0 = black, 1 = white) > 0.5?
async function pageLooksLight(page) {
  return page.evaluate(() => {
    const m = getComputedStyle(document.body).backgroundColor.match(/[\d.]+/g);
    if (!m) return false;
    const [r, g, b] = m.map(Number);
    return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255 > 0.5;
  });
}

const stemOf = (rel) => rel.replace(/\.html$/i, '').split('/').join('__');

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (!fs.existsSync(args.siteDir) || !fs.statSync(args.siteDir).isDirectory()) {
    fail(`not a directory: ${args.siteDir}`);
  }
  const pages = args.pages ?? listHtmlFiles(args.siteDir, { recursive: false });
  for (const p of pages) {
    if (!fs.existsSync(path.join(args.siteDir, p))) fail(`no such page: ${p}`);
  }
  fs.mkdirSync(args.outDir, { recursive: true });

  const out = { screenshots: [], external_requests: [] };
  let failed = false;
  const server = await serveDir(args.siteDir);
  let browser;
  try {
    browser = await launchBrowser();
    for (const width of args.widths) {
      const context = await browser.newContext(contextOptions(width, args.dark));
      const external = await recordExternalRequests(context);
      if (args.dark) await context.addInitScript(DARK_INIT_SCRIPT);
      for (const rel of pages) {
        const file = path.join(args.outDir, `${stemOf(rel)}-${width}${args.dark ? '-dark' : ''}.png`);
        const entry = { page: rel, width, dark: args.dark, file };
        const page = await context.newPage();
        try {
          await page.goto(siteUrl(server.url, rel), { waitUntil: 'load', timeout: 30_000 });
          await page.waitForLoadState('networkidle', { timeout: 10_000 }).catch(() => {});
          if (args.dark) await selectSlatePalette(page);
          await page.evaluate(async () => {
            await document.fonts.ready;
            await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r())));
          });
          await page.screenshot({ path: file, fullPage: true, animations: 'disabled', caret: 'hide' });
          if (args.dark && (await pageLooksLight(page))) {
            entry.warning =
              'dark requested but the page background is light: Material only ships the slate CSS ' +
              '(palette.*.css) when mkdocs.yml sets theme.palette';
          }
        } catch (err) {
          if (/Target .*closed|crash/i.test(String(err))) throw err;
          entry.error = String(err.message || err).split('\n')[0];
          failed = true;
        } finally {
          await page.close().catch(() => {});
        }
        out.screenshots.push(entry);
      }
      out.external_requests.push(
        ...external.map((e) => ({ ...e, page: e.page ? relativeToSite(server.url, e.page) : e.page })),
      );
      await context.close();
    }
  } catch (err) {
    await browser?.close().catch(() => {});
    await server.close();
    fail(`browser failure: ${err.stack || err}`, 2);
  }
  await browser.close();
  await server.close();
  process.stdout.write(JSON.stringify(out, null, 2) + '\n');
  process.exitCode = failed ? 1 : 0;
}

main();
