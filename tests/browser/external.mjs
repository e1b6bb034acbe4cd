#!/usr/bin/env node
// Load every .html page of a built site in headless Chromium and report
// requests that would leave the machine, console errors and broken local
// resources.
//
//   node tests/browser/external.mjs <site_dir> [--jobs N]
//
// Prints: {"pages": N,
//          "external_requests": [{"page", "url", "resourceType"}],
//          "console_errors": [{"page", "text"}],
//          "broken_requests": [{"page", "url", "status"}]}
// External requests are aborted (offline-safe), and the console's
// "net::ERR_BLOCKED_BY_CLIENT" errors that those aborts cause are not
// repeated in console_errors.
// Exit codes: 0 ran (whatever it found; the caller judges the JSON);
// 2 usage error or browser failure.

import fs from 'node:fs';
import {
  serveDir,
  launchBrowser,
  recordExternalRequests,
  listHtmlFiles,
  siteUrl,
  relativeToSite,
  isLocalUrl,
  fail,
} from './lib.mjs';

const NAV_TIMEOUT_MS = 30_000;
const IDLE_TIMEOUT_MS = 15_000;

function parseArgs(argv) {
  const args = { jobs: 2 };
  const rest = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--jobs') args.jobs = Math.max(1, Number(argv[++i]) || 1);
    else rest.push(argv[i]);
  }
  if (rest.length !== 1) fail('usage: node tests/browser/external.mjs <site_dir> [--jobs N]');
  args.siteDir = rest[0];
  return args;
}

async function checkPage(context, base, rel, out) {
  const page = await context.newPage();
  const external = await recordExternalRequests(page);
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const text = msg.text();
    const loc = msg.location()?.url || '';
    if (text.includes('ERR_BLOCKED_BY_CLIENT') && loc && !isLocalUrl(loc)) return;
    out.console_errors.push({ page: rel, text });
  });
  page.on('pageerror', (err) => {
    out.console_errors.push({ page: rel, text: `Uncaught ${err.name || 'Error'}: ${err.message}` });
  });
  page.on('response', (res) => {
    const url = res.url();
    // 404.html is itself served with status 404.
    if (res.status() >= 400 && isLocalUrl(url) && url !== siteUrl(base, rel)) {
      out.broken_requests.push({ page: rel, url: relativeToSite(base, url), status: res.status() });
    }
  });
  page.on('requestfailed', (req) => {
    const url = req.url();
    if (!isLocalUrl(url)) return; // external ones are aborted on purpose
    out.broken_requests.push({
      page: rel,
      url: relativeToSite(base, url),
      status: req.failure()?.errorText || 'failed',
    });
  });
  try {
    await page.goto(siteUrl(base, rel), { waitUntil: 'load', timeout: NAV_TIMEOUT_MS });
    await page.waitForLoadState('networkidle', { timeout: IDLE_TIMEOUT_MS }).catch(() => {
      out.console_errors.push({ page: rel, text: `[harness] no network idle within ${IDLE_TIMEOUT_MS} ms` });
    });
  } catch (err) {
    if (/Target .*closed|crash/i.test(String(err))) throw err;
    out.console_errors.push({ page: rel, text: `[harness] navigation failed: ${String(err.message).split('\n')[0]}` });
  } finally {
    await page.close().catch(() => {});
  }
  for (const e of external) out.external_requests.push({ page: rel, url: e.url, resourceType: e.resourceType });
}

async function main() {
  const { siteDir, jobs } = parseArgs(process.argv.slice(2));
  if (!fs.existsSync(siteDir) || !fs.statSync(siteDir).isDirectory()) fail(`not a directory: ${siteDir}`);
  const pages = listHtmlFiles(siteDir);
  const out = { pages: pages.length, external_requests: [], console_errors: [], broken_requests: [] };

  const server = await serveDir(siteDir);
  let browser;
  try {
    browser = await launchBrowser();
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
    const queue = [...pages];
    const worker = async () => {
      while (queue.length) await checkPage(context, server.url, queue.shift(), out);
    };
    await Promise.all(Array.from({ length: Math.min(jobs, pages.length || 1) }, worker));
  } catch (err) {
    await browser?.close().catch(() => {});
    await server.close();
    fail(`browser failure: ${err.stack || err}`, 2);
  }
  await browser.close();
  await server.close();
  const byPage = (a, b) => (a.page < b.page ? -1 : a.page > b.page ? 1 : 0);
  out.external_requests.sort(byPage);
  out.console_errors.sort(byPage);
  out.broken_requests.sort(byPage);
  process.stdout.write(JSON.stringify(out, null, 2) + '\n');
}

main();
