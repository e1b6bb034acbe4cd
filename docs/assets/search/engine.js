/* The site's search engine: character bigrams, checked against the text itself.
 *
 * Runs in the search worker (worker.js) and, unchanged, in Node for the tests
 * and the benchmark.  Folding and bigrams are the same as macros/search/text.py
 * (tests/test_search_engine.py compares the two on the same strings).
 *
 * A query is split at white space into terms; every term must occur in a
 * document (AND).  Candidates come from the bigram postings of each term; the
 * documents of the pages about to be shown are then fetched and each term is
 * looked for verbatim in the folded text, so what is shown contains the query,
 * exactly like Ctrl-F.  Pages further down the list are shown without that
 * check (their bigrams all occur; a rare false hit is possible there).
 * Documents that hold every bigram of a term but not the term itself come
 * last ("loose" matches: 省政府质量奖 finds 省政府……安徽省人民政府质量奖).
 */
(function (root, factory) {
  if (typeof module === 'object' && module.exports) module.exports = factory();
  else root.QASearchEngine = factory();
})(typeof self !== 'undefined' ? self : this, function () {
  'use strict';

  const SPACE = ' ';
  // How much is checked and shown in full before answering (see README, "搜索").
  const VERIFY_PAGES = 10;       // pages whose documents are fetched and checked
  const MAX_FRAGMENTS = 24;      // fragment files fetched for one query at most
  const RANK_THEMED = 0;
  // Documents that rank with the themed pages wherever they stand, and the
  // records among them that outrank the prose around them.
  const PRIMARY_KINDS = new Set(['fact', 'quote', 'chart']);
  const RECORD_KINDS = new Set(['fact', 'quote']);

  // Same as fold_char in macros/search/text.py: NFKC, lower case, no punctuation.
  function foldChar(ch) {
    if (/^\s$/u.test(ch)) return SPACE;
    let out = '';
    for (const c of ch.normalize('NFKC').toLowerCase()) {
      if (c !== SPACE && !/\p{P}/u.test(c)) out += c;
    }
    return out;
  }

  /* Folded text and, for each of its UTF-16 units, the offset of the original
   * character it came from. */
  function foldWithMap(text) {
    const out = [];
    const from = [];
    let offset = 0;
    for (const ch of text) {
      const folded = foldChar(ch);
      if (folded === SPACE) {
        if (out.length && out[out.length - 1] !== SPACE) { out.push(SPACE); from.push(offset); }
      } else {
        // One entry per UTF-16 unit, so that indexOf() positions index `from`.
        for (let k = 0; k < folded.length; k++) { out.push(folded[k]); from.push(offset); }
      }
      offset += ch.length;
    }
    while (out.length && out[out.length - 1] === SPACE) { out.pop(); from.pop(); }
    let start = 0;
    while (start < out.length && out[start] === SPACE) start++;
    return { folded: out.slice(start).join(''), from: from.slice(start) };
  }

  function fold(text) { return foldWithMap(text).folded; }

  function bigrams(folded) {
    const chars = Array.from(folded);
    const grams = [];
    for (let i = 0; i + 1 < chars.length; i++) {
      if (chars[i] !== SPACE && chars[i + 1] !== SPACE) grams.push(chars[i] + chars[i + 1]);
    }
    return grams;
  }

  function shardOf(gram, shards) {
    let value = 0x811c9dc5;
    for (const ch of gram) {
      value ^= ch.codePointAt(0);
      value = Math.imul(value, 0x01000193) >>> 0;
    }
    return value % shards;
  }

  /* Terms of a query: split at white space, folded; single characters are
   * kept as filters but cannot find anything alone. */
  function parseQuery(query) {
    const terms = [];
    for (const raw of String(query).split(/\s+/u)) {
      const term = fold(raw);
      if (term && !terms.includes(term)) terms.push(term);
    }
    return terms;
  }

  /* Bigrams enough to pin a term down: every other one, and the last. */
  function coveringGrams(term) {
    const all = bigrams(term);
    const chosen = all.filter((_, i) => i % 2 === 0);
    if (all.length && chosen[chosen.length - 1] !== all[all.length - 1]) chosen.push(all[all.length - 1]);
    return chosen;
  }

  function intersect(a, b) {
    const out = [];
    let i = 0, j = 0;
    while (i < a.length && j < b.length) {
      if (a[i] === b[j]) { out.push(a[i]); i++; j++; } else if (a[i] < b[j]) i++; else j++;
    }
    return out;
  }

  function upperBound(sorted, value) {  // index of the last element <= value
    let lo = 0, hi = sorted.length - 1, found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid] <= value) { found = mid; lo = mid + 1; } else hi = mid - 1;
    }
    return found;
  }

  function occurrences(haystack, needle) {
    const found = [];
    let at = haystack.indexOf(needle);
    while (at !== -1) { found.push(at); at = haystack.indexOf(needle, at + needle.length); }
    return found;
  }

  class Engine {
    /* load(path) -> Promise of parsed JSON, path relative to the index directory. */
    constructor(load) {
      this.load = load;
      this.meta = null;
      this.shards = new Map();
      this.fragments = new Map();
    }

    async ready() {
      if (!this.meta) this.meta = await this.load('meta.json');
      return this.meta;
    }

    shard(number) {
      if (!this.shards.has(number)) this.shards.set(number, this.load(`s/${number}.json`));
      return this.shards.get(number);
    }

    fragment(number) {
      if (!this.fragments.has(number)) this.fragments.set(number, this.load(`f/${number}.json`));
      return this.fragments.get(number);
    }

    async postings(gram) {
      const shard = await this.shard(shardOf(gram, this.meta.shards));
      const gaps = shard[gram];
      if (!gaps) return [];
      const ids = new Array(gaps.length);
      let id = 0;
      for (let i = 0; i < gaps.length; i++) { id += gaps[i]; ids[i] = id; }
      return ids;
    }

    pageOf(docId) { return upperBound(this.meta.pageStarts, docId); }

    async documents(docIds) {
      const starts = this.meta.fragmentStarts;
      const numbers = [...new Set(docIds.map((id) => upperBound(starts, id)))];
      const loaded = await Promise.all(numbers.map((n) => this.fragment(n)));
      const byNumber = new Map(numbers.map((n, i) => [n, loaded[i]]));
      return docIds.map((id) => {
        const n = upperBound(starts, id);
        const [anchor, kind, title, text] = byNumber.get(n)[id - starts[n]];
        return { id, anchor, kind, title, text };
      });
    }

    /* Candidate documents: those holding every covering bigram of every term. */
    async candidates(terms) {
      const grams = [...new Set(terms.flatMap(coveringGrams))];
      if (!grams.length) return [];
      const lists = await Promise.all(grams.map((g) => this.postings(g)));
      lists.sort((a, b) => a.length - b.length);
      return lists.reduce((acc, list) => intersect(acc, list));
    }

    /* null if the document does not hold the query.  A term that is not in the
     * text verbatim still counts if every one of its bigrams is (省政府质量奖 for
     * “省政府设立了安徽省人民政府质量奖”), but such a "loose" document ranks
     * after every verbatim one (tier + 2). */
    score(doc, terms, page) {
      const { folded } = foldWithMap(doc.text);
      let matched = 0;
      let starts = false;
      let loose = false;
      for (const term of terms) {
        const at = occurrences(folded, term);
        if (!at.length) {
          if (!bigrams(term).every((g) => folded.includes(g))) return null;
          loose = true;
          continue;
        }
        matched += at.length * term.length;
        if (at[0] === 0) starts = true;
      }
      const primary = page[2] === RANK_THEMED || PRIMARY_KINDS.has(doc.kind);
      return {
        loose,
        tier: (primary ? 0 : 1) + (loose ? 2 : 0),
        score: 1 + Math.min(1, matched / Math.max(1, folded.length)) + (starts ? 0.5 : 0)
          + (RECORD_KINDS.has(doc.kind) ? 0.25 : 0),
      };
    }

    /* Pages holding the query, best first; see the comment at the top. */
    async search(query) {
      await this.ready();
      const terms = parseQuery(query);
      const searchable = terms.filter((t) => Array.from(t).length >= 2);
      // words: as typed, for the highlight on the target page (8.5代, not the folded 85代).
      const words = String(query).split(/\s+/u).filter(Boolean);
      const result = { terms, words, pages: [], candidates: 0 };
      if (!searchable.length) return result;
      const ids = await this.candidates(searchable);
      result.candidates = ids.length;
      const byPage = new Map();
      for (const id of ids) {
        const p = this.pageOf(id);
        if (!byPage.has(p)) byPage.set(p, []);
        byPage.get(p).push(id);
      }
      const pages = this.meta.pages;
      const order = [...byPage.keys()].sort((a, b) =>
        pages[a][2] - pages[b][2] || byPage.get(b).length - byPage.get(a).length || a - b);

      const verified = [];
      const rest = [];
      let fetched = new Set();
      const starts = this.meta.fragmentStarts;
      let next = 0;
      while (next < order.length && verified.length < VERIFY_PAGES) {
        // One round of parallel fetches for the pages still needed (usually the only round).
        const batch = order.slice(next, next + VERIFY_PAGES - verified.length);
        const batchIds = batch.flatMap((p) => byPage.get(p));
        const needed = new Set(batchIds.map((id) => upperBound(starts, id)));
        const total = new Set([...fetched, ...needed]);
        if (total.size > MAX_FRAGMENTS && verified.length) break;
        fetched = total;
        next += batch.length;
        const docs = await this.documents(batchIds);
        for (const p of batch) {
          const found = [];
          for (const doc of docs) {
            if (this.pageOf(doc.id) !== p) continue;
            const s = this.score(doc, terms, pages[p]);
            if (s) found.push({ ...doc, ...s });
          }
          if (!found.length) continue;   // every candidate was a false hit
          found.sort((a, b) => a.tier - b.tier || b.score - a.score || a.id - b.id);
          const titleHit = terms.every((t) => fold(pages[p][1]).includes(t)) ? 0.5 : 0;
          verified.push({
            page: p, url: pages[p][0], title: pages[p][1], verified: true, docs: found,
            tier: found[0].tier,
            score: found[0].score + titleHit + 0.25 * Math.min(found.length, 8) / 8,
          });
        }
      }
      for (const p of order.slice(next)) {
        rest.push({ page: p, url: pages[p][0], title: pages[p][1], verified: false, docs: [],
                    tier: pages[p][2], score: 0 });
      }
      verified.sort((a, b) => a.tier - b.tier || b.score - a.score || a.page - b.page);
      result.pages = verified.concat(rest);
      return result;
    }
  }

  /* The longest piece of the term the text holds, then the same for what is left
   * on either side (sharing one character with the piece, so that a single
   * leftover character can still form a pair). */
  function pieces(term, folded) {
    const chars = Array.from(term);
    if (chars.length < 2) return [];
    for (let size = chars.length; size >= 2; size--) {
      for (let at = 0; at + size <= chars.length; at++) {
        const piece = chars.slice(at, at + size).join('');
        if (!folded.includes(piece)) continue;
        const left = at > 0 ? pieces(chars.slice(0, at + 1).join(''), folded) : [];
        const right = at + size < chars.length ? pieces(chars.slice(at + size - 1).join(''), folded) : [];
        return [...left, piece, ...right];
      }
    }
    return [];
  }

  /* Ranges [start, end) in the original text where a term occurs. */
  function matchRanges(text, terms) {
    const { folded, from } = foldWithMap(text);
    const ranges = [];
    // A loose match (see Engine.score) marks the longest pieces of the term that
    // the text holds: 省政府质量奖 -> 省政府 + 政府质量奖.
    const marked = terms.flatMap((t) => (folded.includes(t) ? [t] : pieces(t, folded)));
    for (const term of marked) {
      for (const at of occurrences(folded, term)) {
        const lastChar = from[at + term.length - 1];   // original offset of the last matched character
        ranges.push([from[at], lastChar + (text.codePointAt(lastChar) > 0xffff ? 2 : 1)]);
      }
    }
    ranges.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
    const merged = [];
    for (const r of ranges) {
      const top = merged[merged.length - 1];
      if (top && r[0] <= top[1]) top[1] = Math.max(top[1], r[1]); else merged.push(r.slice());
    }
    return merged;
  }

  return { Engine, fold, foldWithMap, bigrams, shardOf, parseQuery, coveringGrams, matchRanges,
           VERIFY_PAGES, MAX_FRAGMENTS };
});
