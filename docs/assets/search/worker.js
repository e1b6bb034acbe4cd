/* Search worker for Material for MkDocs' search box, backed by engine.js.
 *
 * Material's search UI (header box, "/" and "s" to focus, arrows, Enter, Esc,
 * the result list and the highlight on the target page) talks to a worker with
 * four messages: SETUP 0 -> READY 1, QUERY 2 -> RESULT 3, whose result is a
 * list of pages, each a list of documents {location, title, text, score, terms}
 * (Material 9.8: src/templates/assets/javascripts/integrations/search/worker).
 * setup.js points Material at this file instead of its lunr worker;
 * the browser search tests (tests/test_search_browser.py) type into Material's box and
 * read its result list, so they fail if the pinned Material changes that.
 *
 * Material inserts title and text as HTML: everything from the index is
 * escaped here, and only <mark> is added.
 *
 * Each edition has its own index in its own site directory (site/search/qa,
 * site/en/search/qa).  setup.js passes the index of the page's own edition in the
 * worker's address (worker.js#index=<address>, from overrides/main.html), so an
 * English page searches the English index even if the two editions ever share
 * one copy of this file; without it, the index beside this file's site is used.
 */
/* global importScripts, QASearchEngine */
'use strict';

importScripts('engine.js');

const { Engine } = QASearchEngine;
const INDEX = indexAddress();
const SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;
const SHOWN_PER_PAGE = 3;     // documents shown under a page; the rest fold away
const SNIPPET_CHARS = 120;

/* The index directory: #index=<address> when same-origin, else ../../search/qa/ from here. */
function indexAddress() {
  const own = new URL('../../search/qa/', self.location.href);
  const given = new URLSearchParams(self.location.hash.slice(1)).get('index');
  if (!given) return own;
  try {
    const url = new URL(given, self.location.href);
    return url.origin === own.origin ? url : own;
  } catch (error) {
    return own;
  }
}

const engine = new Engine(async (path) => {
  const response = await fetch(new URL(path, INDEX));
  if (!response.ok) throw new Error(`${path}: ${response.status}`);
  return response.json();
}, {
  // Only an English index needs Snowball's stemmer: loaded then, from beside this file.
  stemmer: () => {
    importScripts('stemmer.js');
    return new QASearchStemmer.EnglishStemmer();
  },
});

/* What the reader sees beside a result the query did not find verbatim, and when
 * nothing is found (issue 22), in the edition's language (meta.json "lang"). */
const WORDS = {
  zh: {
    pinyin: (text) => `拼音 → ${text}`,
    near: (text) => `近似匹配 → ${text}`,
    noneTitle: (query) => `没有找到“${query}”`,
    onlyVia: (query) => `没有找到“${query}”，下面是读音或字形相近的结果`,
    noneText: (sources) => `本报告只讲述它所依据的 ${sources.count} 份来源里写到的内容，来源都列在“${sources.title}”页。`,
    suggest: '相近的名称或术语',
  },
  en: {
    pinyin: (text) => `Pinyin → ${text}`,
    near: (text) => `Near match → ${text}`,
    noneTitle: (query) => `Nothing found for “${query}”`,
    onlyVia: (query) => `Nothing found for “${query}”; these results are near matches`,
    noneText: (sources) => `This report covers only what its ${sources.count} source${sources.count === 1 ? '' : 's'} `
      + `say${sources.count === 1 ? 's; it is' : '; they are'} listed on the page “${sources.title}”.`,
    suggest: 'A similar name or term',
  },
};

function escapeHTML(text) {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}

/* The text around the first match, matches wrapped in <mark>. */
function snippet(text, result) {
  const ranges = text ? result.ranges(text) : [];
  let start = 0;
  let end = text.length;
  if (text.length > SNIPPET_CHARS && ranges.length) {
    start = Math.max(0, ranges[0][0] - 30);
    end = Math.min(text.length, start + SNIPPET_CHARS);
    start = Math.max(0, Math.min(start, end - SNIPPET_CHARS));
  } else if (text.length > SNIPPET_CHARS) {
    end = SNIPPET_CHARS;
  }
  // Never cut a surrogate pair in half.
  if (start > 0 && /[\udc00-\udfff]/.test(text[start])) start -= 1;
  if (end < text.length && /[\ud800-\udbff]/.test(text[end - 1])) end += 1;
  let html = start > 0 ? '…' : '';
  let at = start;
  for (const [from, to] of ranges) {
    if (to <= start || from >= end) continue;
    const a = Math.max(from, start);
    const b = Math.min(to, end);
    html += escapeHTML(text.slice(at, a)) + '<mark>' + escapeHTML(text.slice(a, b)) + '</mark>';
    at = b;
  }
  html += escapeHTML(text.slice(at, end)) + (end < text.length ? '…' : '');
  return html;
}

/* What Material marks on the target page (its ?h=): the Chinese edition, the words as
 * typed, not folded (8.5代 stays 8.5代); the English edition, the forms of the words
 * that matched on that page, as written there (award -> awards, Awarded), since
 * Material marks only the strings it is given. */
function highlightTerms(result, page) {
  let words = page.words || result.words;
  if (result.lang !== 'zh') {
    const seen = new Map();
    for (const doc of page.docs) {
      for (const [a, b] of (page.ranges || result.ranges)(doc.text)) {
        const form = doc.text.slice(a, b);
        if (!seen.has(form.toLowerCase())) seen.set(form.toLowerCase(), form);
      }
    }
    words = seen.size ? [...seen.values()] : (page.words || result.words);
  }
  return Object.fromEntries(words.map((t) => [t, true]));
}

function toMaterial(result, query) {
  const words = WORDS[result.lang] || WORDS.en;
  if (!result.pages.length) return result.help ? helpItems(result.help, query, words) : [];
  const groups = result.pages.length;
  return result.pages.map((page, rank) => {
    const terms = highlightTerms(result, page);
    // A page found by pinyin or as a near match: its snippets mark what was searched
    // instead, and its title says how it was found.
    const marks = page.ranges ? { ranges: page.ranges } : result;
    // (on the page's own entry only: its documents sit under it)
    const label = page.via ? `<small class="qa-search-via">${escapeHTML(words[page.via](page.viaText))}</small> ` : '';
    // Nothing verbatim at all: the meta line says so instead of "n results" (setup.js).
    const meta = rank === 0 && result.pages.every((p) => p.via) ? metaLine(words.onlyVia(query.trim())) : '';
    const pageDoc = page.docs.find((d) => d.kind === 'page');
    const children = page.docs.filter((d) => d.kind !== 'page');
    // Material folds the documents of a page that score below the page's own entry
    // into "more", and its Enter key opens the highest score among *all* results.
    // So scores fall with the page's rank; within a page, the best documents sit
    // just above the page entry (Enter opens the best fact itself) and the rest
    // just below it.
    const base = 10 * (groups - rank);
    const parent = {
      location: page.url,
      title: meta + label + escapeHTML(page.title),
      text: pageDoc ? snippet(pageDoc.text, marks) : '',
      score: children.length ? base + 1 : base + 2,
      terms,
    };
    const items = children.map((doc, i) => ({
      location: `${page.url}#${doc.anchor}`,
      title: escapeHTML(doc.title),
      text: snippet(doc.text, marks),
      score: i < SHOWN_PER_PAGE ? base + 2 : base + 1 - (i + 1) / (children.length + 1),
      terms,
    }));
    return [parent, ...items];
  });
}

/* The text setup.js puts in Material's meta line (hidden in the entry itself). */
function metaLine(text) {
  return `<span class="qa-search-meta" hidden>${escapeHTML(text)}</span>`;
}

/* Nothing found: what the report covers (its sources page) and the nearest names. */
function helpItems(help, query, words) {
  const items = [];
  if (help.sources) {
    items.push([{
      location: help.sources.url,
      title: metaLine(words.noneTitle(query.trim()))
        + `<span class="qa-search-none">${escapeHTML(words.noneTitle(query.trim()))}</span>`,
      text: escapeHTML(words.noneText(help.sources)),
      score: 2,
      terms: {},
    }]);
  }
  help.suggestions.forEach((s, i) => {
    items.push([{
      // (the label in the title: Material shows no text under an entry with an anchor of its own)
      location: `${s.url}#${s.anchor}`,
      title: `<small class="qa-search-via">${escapeHTML(words.suggest)} →</small> ${escapeHTML(s.name)}`,
      text: '',
      score: 1 - i / 10,
      terms: {},
    }]);
  });
  return items;
}

let latest = 0;
self.addEventListener('message', async (event) => {
  const message = event.data;
  if (message.type === SETUP) {
    try {
      await engine.ready();
    } catch (error) {
      console.error('search index unavailable:', error);
    }
    self.postMessage({ type: READY });
  } else if (message.type === QUERY) {
    const sequence = ++latest;
    let items = [];
    try {
      items = toMaterial(await engine.search(message.data), String(message.data));
    } catch (error) {
      console.error('search failed:', error);
    }
    if (sequence === latest) self.postMessage({ type: RESULT, data: { items } });
  }
});
