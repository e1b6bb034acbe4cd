#!/usr/bin/env node
// Drive Material for MkDocs' client-side search in headless Chromium.
//
//   node tests/browser/search.mjs <site_dir> <queries.json> [start page]
//
// The start page (default index.html) is where the box is used: en/index.html
// searches the English edition of a site served from its root.
// queries.json: JSON array of strings. Prints one JSON document to stdout:
//   {"queries": [{"query", "ms", "meta", "results": [{"title", "href", "sections", "none", "snippets"}]}],
//    "external_requests": [...]}
// Exit codes: 0 ok; 1 some query failed (JSON still printed, the entry has
// "error"); 2 usage error or browser failure.

import fs from 'node:fs';
import { serveDir, launchBrowser, recordExternalRequests, relativeToSite, fail } from './lib.mjs';

const TIMEOUT_MS = Number(process.env.SEARCH_TIMEOUT_MS || 20_000);
// SEARCH_INPUT=compose: each query arrives through an input method's composition (see
// runQuery) instead of insertText and an End key; results are then timed from the commit.
const COMPOSE = process.env.SEARCH_INPUT === 'compose';
// SEARCH_REUSE_PAGE=1: one page for every query (the box emptied between queries), for
// long lists where a cold page per query is not the point (1.7 s a query saved).
const REUSE = process.env.SEARCH_REUSE_PAGE === '1';
const reused = { page: null, readyMeta: null };

// Runs in the page before any of its scripts: remember the meta text the
// server rendered (the "initializing" message), and time keyup -> results.
const INIT_SCRIPT = `(() => {
  const h = (window.__harness = { initMeta: null, t0: null, t1: null, readyMeta: null });
  const metaText = () => {
    const m = document.querySelector('.md-search-result__meta');
    return m ? m.textContent.trim() : null;
  };
  h.metaText = metaText;
  // Taken as soon as the parser has written the meta line, before Material's bundle runs:
  // at DOMContentLoaded the worker may already have answered (it starts while the parser
  // still fetches the scripts after the bundle), and the text to wait for would be gone.
  const watch = new MutationObserver(() => {
    const m = document.querySelector('.md-search-result__meta');
    if (m && m.textContent.trim() && h.initMeta === null) { h.initMeta = m.textContent.trim(); watch.disconnect(); }
  });
  watch.observe(document, { childList: true, subtree: true, characterData: true });
  document.addEventListener('DOMContentLoaded', () => { if (h.initMeta === null) h.initMeta = metaText(); }, { once: true });
  document.addEventListener('keyup', (e) => {
    if (h.armed && h.t0 === null && e.key === 'End') h.t0 = performance.now();
  }, true);
  h.arm = (readyMeta) => {
    h.readyMeta = readyMeta;
    h.armed = true;
    h.t0 = null;
    h.t1 = null;
    if (h.observing) return;   // armed again for the next query on the same page
    h.observing = true;
    const root = document.querySelector('.md-search-result');
    const check = () => {
      if (h.t1 !== null) return;
      const items = root.querySelectorAll('.md-search-result__item').length;
      if (items > 0 || metaText() !== readyMeta) h.t1 = performance.now();
    };
    new MutationObserver(check).observe(root, { subtree: true, childList: true, characterData: true });
  };
})();`;

function usage() {
  fail('usage: node tests/browser/search.mjs <site_dir> <queries.json>');
}

async function runQuery(context, base, query, start) {
  const page = reused.page || await context.newPage();
  const entry = { query, ms: null, meta: null, results: [] };
  try {
    if (reused.page) {
      // The same page: empty the box and wait for Material's placeholder again.
      await page.locator('.md-search__input').fill('');
      await page.waitForFunction((m) => window.__harness.metaText() === m
        && !document.querySelector('.md-search-result__item'), reused.readyMeta, { timeout: TIMEOUT_MS });
      await page.evaluate((m) => window.__harness.arm(m), reused.readyMeta);
    } else {
      await page.goto(`${base}/${start}`, { waitUntil: 'domcontentloaded', timeout: TIMEOUT_MS });
      await page.waitForFunction(() => window.__harness && window.__harness.initMeta !== null, null, {
        timeout: TIMEOUT_MS,
      });
      if ((await page.locator('.md-search-result__meta').count()) === 0) {
        throw new Error(`no Material search box on ${start} (is the search plugin enabled?)`);
      }
      // Search engine ready = the meta line left its server-rendered
      // "initializing" text (the worker has loaded search_index.json).
      await page
        .waitForFunction(() => window.__harness.metaText() !== window.__harness.initMeta, null, {
          timeout: TIMEOUT_MS,
        })
        .catch(async () => {
          const m = await page.evaluate(() => window.__harness.metaText()).catch(() => '?');
          throw new Error(`search engine not ready after ${TIMEOUT_MS} ms (meta still "${m}")`);
        });
      const readyMeta = await page.evaluate(() => window.__harness.metaText());

      // Open the search dialog: the header input on desktop, the label on mobile.
      const input = page.locator('.md-search__input');
      if (await input.isVisible()) {
        await input.click();
      } else {
        await page.locator('label[for="__search"]').first().click();
        await input.waitFor({ state: 'visible', timeout: 5000 });
      }
      await input.focus();
      await page.evaluate((m) => window.__harness.arm(m), readyMeta);
      if (REUSE) Object.assign(reused, { page, readyMeta });
    }

    const tNode0 = performance.now();
    if (COMPOSE) {
      // An input method: compositionstart/update with the query's first characters as
      // the reader's keys spell them so far, then the whole query committed
      // (compositionend and its input event) -- and no key released after it.
      const cdp = await page.context().newCDPSession(page);
      const chars = Array.from(query);
      for (let i = 1; i < chars.length; i++) {
        const text = chars.slice(0, i).join('');
        await cdp.send('Input.imeSetComposition', { text, selectionStart: text.length, selectionEnd: text.length });
      }
      await cdp.send('Input.insertText', { text: query });
      await cdp.detach();
    } else {
      // insertText fires `input` but no keyup; Material queries on keyup.
      await page.keyboard.insertText(query);
      await page.keyboard.press('End');
    }

    await page
      .waitForFunction(() => window.__harness.t1 !== null, null, { timeout: TIMEOUT_MS, polling: 'raf' })
      .catch(() => {
        throw new Error(`no search results rendered within ${TIMEOUT_MS} ms`);
      });
    const tNode1 = performance.now();
    // Let the rest of the batch render (meta and list update in the same tick,
    // but give layout a couple of frames).
    await page.evaluate(
      () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r()))),
    );

    const data = await page.evaluate(() => {
      const h = window.__harness;
      const text = (el) => el.textContent.replace(/\s+/g, ' ').trim();
      const pick = (a) => {
        const head = a.querySelector('h1, h2, h3');
        // (not the hidden line the worker passes to the meta line: .qa-search-meta)
        const shown = (el) => [...el.childNodes].filter((n) => !n.classList?.contains('qa-search-meta'))
          .map((n) => n.textContent).join('').replace(/\s+/g, ' ').trim();
        return { title: shown(head || a), href: a.href, highlight: new URL(a.href).searchParams.get('h') };
      };
      const items = [...document.querySelectorAll('.md-search-result__item')].map((li) => {
        const links = [...li.querySelectorAll('a.md-search-result__link')];
        const first = links.length ? pick(links[0]) : { title: text(li), href: null };
        // snippets: the text of each entry as shown; none: the "nothing found" entry
        return { ...first, sections: links.slice(1).map(pick), none: !!li.querySelector('.qa-search-none'),
                 snippets: [...li.querySelectorAll('.md-search-result__article')].map((a) => text(a)) };
      });
      return {
        t0: h.t0,
        t1: h.t1,
        meta: h.metaText(),
        items,
      };
    });
    const inPage = data.t0 !== null && data.t1 !== null ? data.t1 - data.t0 : null;
    if (process.env.SEARCH_DEBUG) {
      process.stderr.write(`${query}: keyup=${data.t0} results=${data.t1} node_ms=${tNode1 - tNode0}\n`);
    }
    // Results that show up before the End keyup (should not happen with
    // Material, which searches on keyup) are reported as 0 ms.
    entry.ms = Math.round(Math.max(0, inPage ?? tNode1 - tNode0) * 10) / 10;
    entry.meta = data.meta;
    const clean = (href) => {
      const rel = relativeToSite(base, href);
      // drop the ?h=... highlight parameter added by search.highlight
      return rel ? rel.replace(/\?h=[^#]*/, '') : rel;
    };
    entry.results = data.items.map((it) => ({
      title: it.title,
      none: it.none,
      snippets: it.snippets,
      href: clean(it.href),
      sections: it.sections.map((s) => ({ title: s.title, href: clean(s.href), highlight: s.highlight })),
    }));
  } catch (err) {
    if (/Target .*closed|crash/i.test(String(err))) throw err;
    entry.error = String(err.message || err).split('\n')[0];
  } finally {
    if (!REUSE) await page.close().catch(() => {});
  }
  return entry;
}

async function main() {
  const [siteDir, queriesFile, start = 'index.html'] = process.argv.slice(2);
  if (!siteDir || !queriesFile) usage();
  if (!fs.existsSync(`${siteDir}/${start}`)) fail(`no ${start} in ${siteDir}`);
  let queries;
  try {
    queries = JSON.parse(fs.readFileSync(queriesFile, 'utf8'));
  } catch (err) {
    fail(`cannot read ${queriesFile}: ${err.message}`);
  }
  if (!Array.isArray(queries) || !queries.every((q) => typeof q === 'string')) {
    fail('queries.json must be a JSON array of strings');
  }

  const server = await serveDir(siteDir);
  let browser;
  const out = { queries: [], external_requests: [] };
  let failed = false;
  try {
    browser = await launchBrowser();
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
    const external = await recordExternalRequests(context);
    await context.addInitScript(INIT_SCRIPT);
    for (const q of queries) {
      const entry = await runQuery(context, server.url, q, start);
      if (entry.error) failed = true;
      out.queries.push(entry);
    }
    out.external_requests = external.map((e) => ({
      ...e,
      page: e.page ? relativeToSite(server.url, e.page) : e.page,
    }));
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
