// Shared helpers for the headless-browser harness.
//
// Only node built-ins plus `playwright-core` (driving the system Chromium;
// no browser is ever downloaded).

import http from 'node:http';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { chromium } from 'playwright-core';

// ---------------------------------------------------------------------------
// Static HTTP server
// ---------------------------------------------------------------------------

const TEXT = (type) => `${type}; charset=utf-8`;

export const CONTENT_TYPES = {
  '.html': TEXT('text/html'),
  '.htm': TEXT('text/html'),
  '.js': TEXT('text/javascript'),
  '.mjs': TEXT('text/javascript'),
  '.css': TEXT('text/css'),
  '.json': TEXT('application/json'),
  '.map': TEXT('application/json'),
  '.webmanifest': TEXT('application/manifest+json'),
  '.xml': TEXT('application/xml'),
  '.txt': TEXT('text/plain'),
  '.md': TEXT('text/markdown'),
  '.csv': TEXT('text/csv'),
  '.svg': TEXT('image/svg+xml'),
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.eot': 'application/vnd.ms-fontobject',
  '.pdf': 'application/pdf',
  '.gz': 'application/gzip',
  '.zip': 'application/zip',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.wasm': 'application/wasm',
};

export function contentTypeFor(file) {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] || 'application/octet-stream';
}

/**
 * Serve `dir` over HTTP on 127.0.0.1 with a random free port.
 * Directory URLs map to their index.html; unknown paths get 404 (with the
 * site's 404.html as body if present). Path traversal outside `dir` is refused.
 * `subPath` serves the site under a sub-path as GitHub Pages serves a project
 * site (/<name>/): anything outside it is a plain 404.  `editionErrorPages`:
 * a missing address under en/ gets en/404.html (the English edition's own).
 * @returns {Promise<{url: string, base: string, port: number, close: () => Promise<void>}>}
 *   (`base`: the site's root address, `url` + `subPath`)
 */
export async function serveDir(dir, { subPath = '/', editionErrorPages = false } = {}) {
  const root = path.resolve(dir);
  if (!fs.statSync(root).isDirectory()) throw new Error(`not a directory: ${dir}`);

  const server = http.createServer(async (req, res) => {
    try {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { Allow: 'GET, HEAD' });
        res.end();
        return;
      }
      let pathname;
      try {
        pathname = decodeURIComponent(new URL(req.url, 'http://127.0.0.1').pathname);
      } catch {
        res.writeHead(400);
        res.end();
        return;
      }
      if (!pathname.startsWith(subPath)) {
        res.writeHead(404, { 'Content-Type': TEXT('text/plain') });
        res.end('outside the site\n');
        return;
      }
      const rel = pathname.slice(subPath.length);
      let file = path.join(root, rel);
      if (file !== root && !file.startsWith(root + path.sep)) {
        res.writeHead(403);
        res.end();
        return;
      }
      let st = await fsp.stat(file).catch(() => null);
      if (st && st.isDirectory()) {
        if (!pathname.endsWith('/')) {
          // Like real static hosts: redirect so relative links resolve.
          const u = new URL(req.url, 'http://127.0.0.1');
          res.writeHead(301, { Location: u.pathname + '/' + u.search });
          res.end();
          return;
        }
        file = path.join(file, 'index.html');
        st = await fsp.stat(file).catch(() => null);
      }
      let status = 200;
      if (!st || !st.isFile()) {
        status = 404;
        file = path.join(root, editionErrorPages && rel.startsWith('en/') ? 'en' : '', '404.html');
        st = await fsp.stat(file).catch(() => null);
        if (!st || !st.isFile()) {
          res.writeHead(404, { 'Content-Type': TEXT('text/plain') });
          res.end('404 Not Found\n');
          return;
        }
      }
      res.writeHead(status, {
        'Content-Type': contentTypeFor(file),
        'Content-Length': st.size,
        'Cache-Control': 'no-store',
      });
      if (req.method === 'HEAD') {
        res.end();
        return;
      }
      fs.createReadStream(file).on('error', () => res.destroy()).pipe(res);
    } catch (err) {
      if (!res.headersSent) res.writeHead(500);
      res.end(String(err));
    }
  });
  server.keepAliveTimeout = 1000;

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    base: `http://127.0.0.1:${port}${subPath}`,
    port,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

// ---------------------------------------------------------------------------
// Browser
// ---------------------------------------------------------------------------

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

// Playwright's launch() creates (and deletes) its own fresh temporary
// user-data-dir, so --user-data-dir must NOT be passed here (launch() rejects it).
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Launch the system Chromium headless. Caller must `await browser.close()`. */
export async function launchBrowser(options = {}) {
  if (!fs.existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH} (set CHROMIUM_PATH)`);
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    timeout: 60_000,
    ...options,
  });
}

// ---------------------------------------------------------------------------
// Network guard
// ---------------------------------------------------------------------------

const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

export function isLocalUrl(url) {
  let u;
  try {
    u = new URL(url);
  } catch {
    return true;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:' && u.protocol !== 'ws:' && u.protocol !== 'wss:') {
    return true; // data:, blob:, about:, chrome-extension: ... never leave the machine
  }
  return LOCAL_HOSTS.has(u.hostname);
}

/**
 * Route every request of `target` (a Page or a BrowserContext; a context
 * also covers its workers) and abort the ones whose host is not
 * 127.0.0.1/localhost, so runs stay offline-safe.
 * Returns a live array; each entry is {url, method, resourceType, page}
 * where `page` is the URL of the page that was loaded when it was made.
 */
export async function recordExternalRequests(target) {
  const external = [];
  await target.route('**/*', async (route) => {
    const req = route.request();
    const url = req.url();
    if (isLocalUrl(url)) {
      await route.continue().catch(() => {});
      return;
    }
    let pageUrl = null;
    try {
      const frame = req.frame();
      pageUrl = frame.page().url();
    } catch {
      // service/dedicated worker request: no frame
    }
    external.push({ url, method: req.method(), resourceType: req.resourceType(), page: pageUrl });
    await route.abort('blockedbyclient').catch(() => {});
  });
  if (typeof target.routeWebSocket === 'function') {
    await target.routeWebSocket(/.*/, (ws) => {
      const url = ws.url();
      if (isLocalUrl(url)) {
        ws.connectToServer();
      } else {
        external.push({ url, method: 'GET', resourceType: 'websocket', page: null });
        ws.close();
      }
    });
  }
  return external;
}

// ---------------------------------------------------------------------------
// Misc
// ---------------------------------------------------------------------------

/** All *.html files under `dir`, as sorted '/'-separated relative paths. */
export function listHtmlFiles(dir, { recursive = true } = {}) {
  const out = [];
  const walk = (abs, rel) => {
    for (const ent of fs.readdirSync(abs, { withFileTypes: true })) {
      const r = rel ? `${rel}/${ent.name}` : ent.name;
      if (ent.isDirectory()) {
        if (recursive) walk(path.join(abs, ent.name), r);
      } else if (ent.isFile() && ent.name.toLowerCase().endsWith('.html')) {
        out.push(r);
      }
    }
  };
  walk(path.resolve(dir), '');
  return out.sort();
}

/** URL of a site-relative path (each segment percent-encoded). */
export function siteUrl(base, rel) {
  return `${base}/${rel.split('/').map(encodeURIComponent).join('/')}`;
}

/** Make an absolute URL relative to the served site root (keeps ?query#hash). */
export function relativeToSite(base, href) {
  if (!href) return href;
  let u;
  try {
    u = new URL(href, base + '/');
  } catch {
    return href;
  }
  if (u.origin !== new URL(base).origin) return href;
  let p = u.pathname.replace(/^\//, '');
  try {
    p = decodeURIComponent(p);
  } catch {
    // keep encoded
  }
  return p + u.search + u.hash;
}

/**
 * Serve ``siteDir`` (``serveOptions``: see serveDir), launch Chromium, run ``work(server, browser)`` and print what it
 * returns as JSON; any failure exits 2 with the stack.  Closes browser and server.
 */
export async function runInBrowser(siteDir, work, serveOptions = {}) {
  const server = await serveDir(siteDir, serveOptions);
  const browser = await launchBrowser();
  let out;
  try {
    out = await work(server, browser);
  } catch (err) {
    await browser.close();
    await server.close();
    fail(`browser failure: ${err.stack || err}`, 2);
  }
  await browser.close();
  await server.close();
  process.stdout.write(JSON.stringify(out, null, 2) + '\n');
}

// ---------------------------------------------------------------------------
// The search box
// ---------------------------------------------------------------------------

/** Remember the search meta line's server-rendered text ("initialising") before any script runs. */
export async function rememberSearchMeta(context) {
  // As soon as the parser has written it (see search.mjs: at DOMContentLoaded the worker may
  // already have answered).
  await context.addInitScript(() => {
    const watch = new MutationObserver(() => {
      const m = document.querySelector('.md-search-result__meta');
      if (m && m.textContent.trim() && window.__initialMeta === undefined) {
        window.__initialMeta = m.textContent.trim();
        watch.disconnect();
      }
    });
    watch.observe(document, { childList: true, subtree: true, characterData: true });
    document.addEventListener('DOMContentLoaded', () => {
      if (window.__initialMeta === undefined) {
        window.__initialMeta = document.querySelector('.md-search-result__meta')?.textContent.trim();
      }
    }, { once: true });
  });
}

/** Wait for the search worker (the meta line leaves "initialising"), type the query, wait for results. */
export async function typeSearch(page, query) {
  await page.waitForFunction(() => window.__initialMeta !== undefined
    && document.querySelector('.md-search-result__meta').textContent.trim() !== window.__initialMeta);
  await page.keyboard.insertText(query);
  await page.keyboard.press('End');   // Material searches on keyup; insertText sends none
  await page.waitForSelector('.md-search-result__item');
}

export function fail(msg, code = 2) {
  process.stderr.write(`${msg}\n`);
  process.exit(code);
}
