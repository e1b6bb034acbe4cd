#!/usr/bin/env node
// The first word always counts (issue 22): a word committed by an input method or
// pasted into the search box of a page that is still loading, in headless Chromium.
//
//   node tests/browser/search_first_word.mjs <site_dir> <query> <way>@<when>...
//
// way: "compose"  an input method's composition through Chromium's own IME path (CDP
//                 Input.imeSetComposition: compositionstart and compositionupdate with the
//                 pinyin typed so far, then Input.insertText commits the word:
//                 compositionend and its input event, and no keyup at all);
//      "paste"    the word pasted from the clipboard by the browser's paste command, as a
//                 phone's paste menu does (a paste event and an input event, no keyup).
// when: "loading"  right after the page's HTML arrived, the search index held back 1.5 s
//                 (a slow phone connection), so the word is there before the search is ready;
//       "ready"    just after the search became ready (the meta line left "initialising").
// Each on a fresh page.  Prints {"<way>@<when>": {"before_ready", "events", "meta",
// "items", "first"}}: before_ready is whether the word was in the box before the
// worker answered its setup; events the input events the box saw.
import { runInBrowser, fail } from './lib.mjs';

const [siteDir, query, ...ways] = process.argv.slice(2);
if (!siteDir || !query || !ways.length) fail('usage: node tests/browser/search_first_word.mjs <site_dir> <query> compose|paste@loading|ready...');
const WAIT_MS = 10_000;
const SLOW_INDEX_MS = 1_500;

// Before any script of the page: note the meta line the server wrote ("initialising"), the
// events the box receives, and whether the word was there before the meta line first changed.
const INIT = `(() => {
  const h = (window.__first = { events: [], initial: null, readyAt: null, wordAt: null });
  document.addEventListener('DOMContentLoaded', () => {
    const meta = document.querySelector('.md-search-result__meta');
    h.initial = meta.textContent.trim();
    new MutationObserver(() => {
      if (h.readyAt === null && meta.textContent.trim() !== h.initial) h.readyAt = performance.now();
    }).observe(meta, { childList: true, characterData: true, subtree: true });
    const input = document.querySelector('.md-search__input');
    for (const type of ['compositionstart', 'compositionupdate', 'compositionend', 'input', 'paste', 'keyup']) {
      input.addEventListener(type, (e) => {
        h.events.push(type + (e.data ? ':' + e.data : ''));
        if (h.wordAt === null && input.value) h.wordAt = performance.now();
      }, true);
    }
  }, { once: true });
})();`;

await runInBrowser(siteDir, async (server, browser) => {
  const out = {};
  for (const [way, when] of ways.map((w) => w.split('@'))) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    await context.addInitScript(INIT);
    // A slow connection (a phone in a train): the search index answers 1.5 s late, so the
    // word reaches the box well before the search is ready.
    await context.route(/\/search\/qa\/meta\.json$/, async (route) => {
      await new Promise((resolve) => setTimeout(resolve, SLOW_INDEX_MS));
      await route.continue();
    });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await page.goto(`${server.url}/governance.html`, { waitUntil: 'commit' });
    await page.waitForFunction(() => window.__first && window.__first.initial !== null, null, { polling: 5 });
    if (when === 'ready') {
      await page.waitForFunction(() => window.__first.readyAt !== null, null, { polling: 5 });
    }
    const input = page.locator('.md-search__input');
    await input.focus();
    if (way === 'compose') {
      const letters = 'shouxi';
      for (let i = 1; i <= letters.length; i++) {
        const typed = letters.slice(0, i);
        await cdp.send('Input.imeSetComposition', { text: typed, selectionStart: i, selectionEnd: i });
      }
      await cdp.send('Input.insertText', { text: query });
    } else if (way === 'paste') {
      await page.evaluate((text) => navigator.clipboard.writeText(text), query);
      // The browser's own paste command on a key press that is never released: no keyup
      // reaches the page, as with a paste from a menu.
      await cdp.send('Input.dispatchKeyEvent', {
        type: 'rawKeyDown', key: 'v', code: 'KeyV', windowsVirtualKeyCode: 86, commands: ['paste'],
      });
    } else {
      fail(`unknown way ${way}`);
    }
    const entry = {};
    entry.value = await input.inputValue();
    // Results of the word (not the help shown when nothing is found), or give up after WAIT_MS.
    // The word's own results: their links carry it for the target page's highlight (?h=).  An
    // input method's letters (shou, shouxi) may be searched while it composes, as pinyin, and
    // their results (彭寿 on enterprise-leaders.html) shown for a moment before the word's.
    await page.waitForFunction((word) => {
      const link = document.querySelector('.md-search-result__item a');
      return link && !document.querySelector('.md-search-result .qa-search-none')
        && new URL(link.href).searchParams.get('h') === word;
    }, query, { timeout: WAIT_MS }).catch(() => {});
    Object.assign(entry, await page.evaluate(() => {
      const h = window.__first;
      const items = document.querySelectorAll('.md-search-result__item');
      const link = items.length ? items[0].querySelector('a') : null;
      return {
        before_ready: h.wordAt !== null && (h.readyAt === null || h.wordAt < h.readyAt),
        events: h.events,
        meta: document.querySelector('.md-search-result__meta').textContent.trim(),
        items: items.length,
        first: link ? new URL(link.href).pathname.split('/').pop() : null,
      };
    }));
    out[`${way}@${when}`] = entry;
    await context.close();
  }
  return out;
});
