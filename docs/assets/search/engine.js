/* The site's search engine: character bigrams (and, in the English edition,
 * stemmed words), checked against the text itself.
 *
 * Runs in the search worker (worker.js) and, unchanged, in Node for the tests
 * and the benchmark.  Folding, bigrams and the cutting of English text into words
 * are the same as macros/search/text.py (tests/test_search.py and
 * tests/test_search_english.py compare the two on the same strings).
 *
 * A query is split at white space into terms; every term must occur in a
 * document (AND).  Candidates come from the bigram postings of each term; the
 * documents of the pages about to be shown are then fetched and each term is
 * looked for verbatim in the folded text, so what is shown contains the query,
 * exactly like Ctrl-F.  Pages further down the list are shown without that
 * check (their bigrams all occur; a rare false hit is possible there).
 * Documents that hold every bigram of a term but not the term itself come
 * last ("loose" matches: 省政府质量奖 finds 省政府……安徽省人民政府质量奖; only for
 * terms written in Han, kana or Hangul).
 *
 * The English edition (meta.json "lang": "en") cuts text by script (see "word
 * mode" below and macros/search/text.py): runs of letters and digits are words,
 * found by their Snowball English stem (award finds awards, awarded), runs of
 * Han/kana/Hangul are bigrams as above.  A term (what the reader typed between
 * spaces) is then found when its tokens stand in the text in the same order
 * (world-class = "world class"; 安徽省 inside 安徽省市场监督管理局); a term whose
 * tokens all occur, but not in that order, is a loose match.  Stop words (the, of,
 * and...) are neither indexed nor required; a query of nothing else finds nothing.
 */
(function (root, factory) {
  if (typeof module === 'object' && module.exports) module.exports = factory();
  else root.QASearchEngine = factory();
})(typeof self !== 'undefined' ? self : this, function () {
  'use strict';

  const SPACE = ' ';
  // How much is checked and shown in full before answering (see README, "搜索").
  const VERIFY_PAGES = 10;       // pages whose documents are fetched and checked, at least
  const MAX_FRAGMENTS = 24;      // fragment files fetched for one query at most (and when the
                                 // candidates need no more, every candidate page is checked)
  const RANK_THEMED = 0;
  // Documents that rank with the themed pages wherever they stand, and the
  // records among them that outrank the prose around them.
  const PRIMARY_KINDS = new Set(['fact', 'quote', 'chart']);
  const RECORD_KINDS = new Set(['fact', 'quote']);

  // Same as DROPPED_CATEGORIES / DROPPED_RANGES in macros/search/text.py: invisible
  // characters, emoji and other symbols are left out of text and queries alike.
  const DROPPED = /^[\p{Cc}\p{Cf}\p{Co}\p{Cs}\p{So}\p{Sk}\u{FE00}-\u{FE0F}\u{1F000}-\u{1FAFF}\u{E0000}-\u{E007F}\u{E0100}-\u{E01EF}]$/u;
  // Python's str.isspace(): JavaScript's \s, plus the separators U+001C-U+001F and U+0085,
  // minus U+FEFF (a format character there, so dropped).
  function isSpace(ch) {
    return ch !== '\ufeff' && /^[\s\x1c-\x1f\x85]$/u.test(ch);
  }

  // Same as fold_char in macros/search/text.py: NFKC, lower case, no punctuation,
  // nothing invisible, no symbols.
  const foldCache = new Map();
  function foldChar(ch) {
    let out = foldCache.get(ch);
    if (out !== undefined) return out;
    if (isSpace(ch)) {
      out = SPACE;
    } else {
      out = '';
      for (const c of ch.normalize('NFKC').toLowerCase()) {
        if (c !== SPACE && !/\p{P}/u.test(c) && !DROPPED.test(c)) out += c;
      }
    }
    foldCache.set(ch, out);
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

  /* Only a Chinese (Han/kana/Hangul) term may match loosely: its bigrams are pieces of
   * words (省政府 + 政府质量奖), while the letter pairs of a Latin term are not: "takes"
   * would match ta, ke, es anywhere in a list of field names. */
  function looseAllowed(term) {
    return Array.from(term).every((c) => isCJK(c.codePointAt(0)));
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

  /* --- word mode (English edition) -------------------------------------------
   * The same cutting as macros/search/text.py (word_tokens, word_keys): each
   * character folded as foldChar but keeping punctuation, classed
   *   L letter/mark/number  D decimal digit  C Han/kana/Hangul  A apostrophe
   *   J "." or ","  P other punctuation  " " anything else
   * and tokens found by the same two regular expressions over the classes. */
  const WORD_MODE_LANGS = new Set(['en']);
  const APOSTROPHES = "'\u2019\u2018\u02bc";
  const STOP_WORDS = new Set(`a an and are as at be been by for from has have in into is it its of on or that the their
    this to was were which with`.split(/\s+/));
  // Same as BRITISH_WORDS, BRITISH_ENDINGS, BRITISH_STEM_MIN and american() in text.py:
  // British spellings read as the American ones, on both sides, before the stem.
  const BRITISH_WORDS = new Map(Object.entries({
    centre: 'center', centres: 'centers', centred: 'centered', centring: 'centering',
    metre: 'meter', metres: 'meters', litre: 'liter', litres: 'liters',
    programme: 'program', programmes: 'programs',
    colour: 'color', colours: 'colors', labour: 'labor', honour: 'honor', honours: 'honors',
    honoured: 'honored', favour: 'favor', favourable: 'favorable', behaviour: 'behavior',
    behaviours: 'behaviors', neighbour: 'neighbor', neighbouring: 'neighboring',
    catalogue: 'catalog', catalogues: 'catalogs', licence: 'license', licences: 'licenses',
    defence: 'defense', offence: 'offense', judgement: 'judgment', ageing: 'aging',
    fulfil: 'fulfill', enrol: 'enroll', enrolment: 'enrollment', modelling: 'modeling',
    labelled: 'labeled', labelling: 'labeling', travelling: 'traveling', cancelled: 'canceled',
    analyse: 'analyze', analysed: 'analyzed', analysing: 'analyzing', grey: 'gray',
  }));
  const BRITISH_ENDINGS = [
    ['isations', 'izations'], ['isation', 'ization'], ['ising', 'izing'], ['isers', 'izers'],
    ['iser', 'izer'], ['ised', 'ized'], ['ises', 'izes'], ['ise', 'ize'],
  ];
  const BRITISH_STEM_MIN = 3;

  function american(word) {
    const possessive = word.endsWith("'s");
    const base = possessive ? word.slice(0, -2) : word;
    const tail = possessive ? "'s" : '';
    if (BRITISH_WORDS.has(base)) return BRITISH_WORDS.get(base) + tail;
    for (const [british, us] of BRITISH_ENDINGS) {
      if (base.endsWith(british) && base.length - british.length >= BRITISH_STEM_MIN) {
        return base.slice(0, -british.length) + us + tail;
      }
    }
    return word;
  }

  const CJK_RANGES = [
    [0x1100, 0x11FF], [0x2E80, 0x2FDF], [0x3005, 0x3007], [0x3021, 0x3029], [0x3038, 0x303C],
    [0x3040, 0x30FF], [0x3100, 0x312F], [0x3130, 0x318F], [0x31A0, 0x31BF], [0x31F0, 0x31FF],
    [0x3400, 0x4DBF], [0x4E00, 0x9FFF], [0xA960, 0xA97F], [0xAC00, 0xD7FF], [0xF900, 0xFAFF],
    [0x20000, 0x323AF],
  ];
  const TOKEN = /(?<word>[LD]+(?:(?:A|(?<=D)J(?=D))[LD]+)*)|(?<run>C+(?:[AJP]+C+)*)/g;

  function wordMode(lang) {
    return WORD_MODE_LANGS.has(String(lang || '').split('-')[0].toLowerCase());
  }

  function isCJK(codePoint) {
    return CJK_RANGES.some(([low, high]) => low <= codePoint && codePoint <= high);
  }

  const keepCache = new Map();
  function foldCharKeep(ch) {   // fold_char_keep in text.py
    let folded = keepCache.get(ch);
    if (folded === undefined) {
      if (/^\s$/u.test(ch)) folded = SPACE;
      else if (APOSTROPHES.includes(ch)) folded = "'";
      else folded = ch.normalize('NFKC').toLowerCase();
      keepCache.set(ch, folded);
    }
    return folded;
  }

  const classCache = new Map();
  function charClass(c) {       // char_class in text.py; c is one code point
    let cls = classCache.get(c);
    if (cls === undefined) {
      if (c === "'") cls = 'A';
      else if (c === '.' || c === ',') cls = 'J';
      else if (/\p{P}/u.test(c)) cls = 'P';
      else if (/[\p{L}\p{N}\p{M}]/u.test(c)) cls = isCJK(c.codePointAt(0)) ? 'C' : (/\p{Nd}/u.test(c) ? 'D' : 'L');
      else cls = SPACE;
      classCache.set(c, cls);
    }
    return cls;
  }

  /* The tokens of a text in order: {kind: 'word' | 'run', value, at}, where value
   * is the folded word (inner apostrophes kept, "." and "," between digits
   * dropped) or the folded Han/kana/Hangul run (punctuation dropped), and at[i]
   * the offset in the original text of the character that gave value's i-th
   * UTF-16 unit. */
  function wordTokens(text) {
    const units = [];   // folded UTF-16 units
    const classes = [];
    const from = [];
    let offset = 0;
    for (const ch of String(text)) {
      for (const c of foldCharKeep(ch)) {
        const cls = charClass(c);
        for (let k = 0; k < c.length; k++) { units.push(c[k]); classes.push(cls); from.push(offset); }
      }
      offset += ch.length;
    }
    const classString = classes.join('');
    const tokens = [];
    for (const match of classString.matchAll(TOKEN)) {
      const kind = match.groups.word !== undefined ? 'word' : 'run';
      let value = '';
      const at = [];
      for (let i = match.index; i < match.index + match[0].length; i++) {
        const cls = classes[i];
        if (kind === 'word' ? cls !== 'J' : cls === 'C') { value += units[i]; at.push(from[i]); }
      }
      // A word loses its accents (TÜV = tuv), as strip_accents in text.py; at keeps
      // the first and last offsets, all a word's marking needs.
      if (kind === 'word' && /[^\x00-\x7f]/.test(value)) value = stripAccents(value);
      tokens.push({ kind, value, at });
    }
    return tokens;
  }

  function stripAccents(word) {
    return word.normalize('NFD').replace(/\p{Mn}/gu, '').normalize('NFC');
  }

  function endOf(text, offset) {   // end of the original character starting at offset
    return offset + (text.codePointAt(offset) > 0xffff ? 2 : 1);
  }

  /* Word mode's half of the engine: parsing the query, the postings keys of a term,
   * checking a document, and the places to mark.  A term is
   * {raw, tokens: [{kind, value, key, stop}], keys}: key is a word's stem or a run. */
  class WordMode {
    constructor(stemmer) {
      this.stemmer = stemmer;   // an object with stemWord(word): Snowball's English stemmer
      this.stems = new Map();
    }

    stem(word) {
      let stem = this.stems.get(word);
      if (stem === undefined) { stem = this.stemmer.stemWord(word); this.stems.set(word, stem); }
      return stem;
    }

    tokens(text) {
      return wordTokens(text).map((t) => t.kind === 'word'
        ? { ...t, key: this.stem(american(t.value)), stop: STOP_WORDS.has(t.value) }
        : { ...t, key: t.value, stop: false });
    }

    parse(query) {
      const terms = [];
      for (const raw of String(query).split(/\s+/u)) {
        const tokens = this.tokens(raw);
        if (!tokens.length || tokens.every((t) => t.stop)) continue;   // nothing but stop words
        const id = tokens.map((t) => `${t.kind}:${t.key}`).join(' ');
        if (terms.some((t) => t.id === id)) continue;
        const keys = tokens.flatMap((t) => (t.stop ? [] : t.kind === 'word' ? [t.key] : coveringGrams(t.value)));
        terms.push({ raw, id, tokens, keys: [...new Set(keys)] });
      }
      return terms;
    }

    searchable(terms) { return terms.filter((t) => t.keys.length); }

    keys(terms) { return [...new Set(terms.flatMap((t) => t.keys))]; }

    /* Where the term stands in the document's tokens: [{first, last, from, to}]
     * (token indexes; from/to are unit offsets inside the first and last token). */
    places(docTokens, term) {
      const q = term.tokens;
      const n = q.length;
      const found = [];
      for (let i = 0; i + n <= docTokens.length; i++) {
        let from = 0, to = 0, ok = true;
        for (let k = 0; k < n && ok; k++) {
          const d = docTokens[i + k];
          const t = q[k];
          if (d.kind !== t.kind) { ok = false; break; }
          if (t.kind === 'word') {
            ok = d.key === t.key;
            if (k === 0) from = 0;
            if (k === n - 1) to = d.at.length;   // (a word's value may be shorter: accents dropped)
          } else if (n === 1) {
            // A run alone: anywhere inside a run of the text (every occurrence).
            for (const at of occurrences(d.value, t.value)) {
              found.push({ first: i, last: i, from: at, to: at + t.value.length });
            }
            ok = false;
          } else if (k === 0) {
            ok = d.value.endsWith(t.value);
            from = d.value.length - t.value.length;
          } else if (k === n - 1) {
            ok = d.value.startsWith(t.value);
            to = t.value.length;
          } else {
            ok = d.value === t.value;
          }
        }
        if (ok) found.push({ first: i, last: i + n - 1, from, to });
      }
      return found;
    }

    /* Every token of the term occurs somewhere (a word by its stem, a run by its bigrams). */
    loose(docTokens, term) {
      const words = new Set(docTokens.filter((d) => d.kind === 'word').map((d) => d.key));
      const runs = docTokens.filter((d) => d.kind === 'run').map((d) => d.value).join(SPACE);
      return term.tokens.every((t) => (t.kind === 'word'
        ? t.stop || words.has(t.key)
        : (Array.from(t.value).length < 2 ? runs.includes(t.value) : bigrams(t.value).every((g) => runs.includes(g)))));
    }

    /* As Engine.score for bigrams: null, or how well the document holds the terms. */
    match(text, terms) {
      const docTokens = this.tokens(text);
      let matched = 0;
      let starts = false;
      let loose = false;
      for (const term of terms) {
        const places = this.places(docTokens, term);
        if (!places.length) {
          if (!this.loose(docTokens, term)) return null;
          loose = true;
          continue;
        }
        for (const p of places) {
          const a = docTokens[p.first].at[p.from];
          const b = endOf(text, docTokens[p.last].at[p.to - 1]);
          matched += b - a;
          if (p.first === 0 && p.from === 0) starts = true;
        }
      }
      return { loose, matched, starts, length: text.length };
    }

    /* Ranges [start, end) of the original text to mark: each matching word whole
     * (the form written there: awarded, Awards), the matching part of a run. */
    ranges(text, terms) {
      const docTokens = this.tokens(text);
      const ranges = [];
      for (const term of terms) {
        let places = this.places(docTokens, term);
        if (!places.length) {
          // Loose: mark each of its tokens where it occurs on its own.
          places = term.tokens.filter((t) => !t.stop)
            .flatMap((t) => this.places(docTokens, { tokens: [t] }));
        }
        for (const p of places) {
          for (let i = p.first; i <= p.last; i++) {
            const d = docTokens[i];
            if (d.kind === 'word' && d.stop && i !== p.first && i !== p.last) continue;
            const from = i === p.first ? p.from : 0;
            const to = i === p.last ? p.to : d.value.length;
            if (d.kind === 'word') ranges.push([d.at[0], endOf(text, d.at[d.at.length - 1])]);
            else ranges.push([d.at[from], endOf(text, d.at[to - 1])]);
          }
        }
      }
      return mergeRanges(ranges);
    }
  }

  class Engine {
    /* load(path) -> Promise of parsed JSON, path relative to the index directory.
     * options.stemmer() -> Snowball's English stemmer (stemmer.js's EnglishStemmer),
     * asked for only when the index is an English one (so the Chinese edition's
     * worker never loads stemmer.js). */
    constructor(load, options = {}) {
      this.load = load;
      this.options = options;
      this.words = null;   // a WordMode when the index is searched by words
      this.meta = null;
      this.shards = new Map();
      this.fragments = new Map();
    }

    async ready() {
      if (!this.meta) {
        const meta = await this.load('meta.json');
        if (wordMode(meta.lang)) {
          if (!this.options.stemmer) throw new Error(`an index in "${meta.lang}" needs options.stemmer`);
          this.words = new WordMode(this.options.stemmer());
        }
        this.meta = meta;
      }
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
        const [anchor, kind, title, text, about = ''] = byNumber.get(n)[id - starts[n]];
        return { id, anchor, kind, title, text, about };
      });
    }

    /* Candidate documents: those holding every covering bigram (or, in word mode,
     * every key) of every term. */
    async candidates(terms) {
      const grams = this.words ? this.words.keys(terms) : [...new Set(terms.flatMap(coveringGrams))];
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
      let matched = 0;
      let starts = false;
      let loose = false;
      let length;
      // What a record is about (the names under a fact's 涉及) is searched with its
      // text, after a line break (no phrase or bigram runs across), but never shown.
      const text = doc.about ? `${doc.text}\n${doc.about}` : doc.text;
      if (this.words) {
        const found = this.words.match(text, terms);
        if (!found) return null;
        ({ matched, starts, loose, length } = found);
      } else {
        const { folded } = foldWithMap(text);
        length = folded.length;
        for (const term of terms) {
          const at = occurrences(folded, term);
          if (!at.length) {
            if (!looseAllowed(term) || !bigrams(term).every((g) => folded.includes(g))) return null;
            loose = true;
            continue;
          }
          matched += at.length * term.length;
          if (at[0] === 0) starts = true;
        }
      }
      const primary = page[2] === RANK_THEMED || PRIMARY_KINDS.has(doc.kind);
      return {
        loose,
        tier: (primary ? 0 : 1) + (loose ? 2 : 0),
        score: 1 + Math.min(1, matched / Math.max(1, length)) + (starts ? 0.5 : 0)
          + (RECORD_KINDS.has(doc.kind) ? 0.25 : 0),
      };
    }

    /* Pages holding the query, best first, then what forgiveness finds (see "Forgiving"). */
    async search(query) {
      let result = await this.searchExact(query);
      const folded = fold(query);
      // Nothing to forgive in an empty box or a single character (the first key of a word).
      if (Array.from(folded.replace(/ /g, '')).length < 2) return result;
      const latin = !this.words && /^[a-z]{2,}$/.test(folded.replace(/ /g, ''));
      const verbatim = result.pages.some((p) => !p.verified || p.docs.some((d) => !d.loose));
      const chars = Array.from(folded);
      const slip = !verbatim && !folded.includes(SPACE) && chars.length >= NEAR_MIN_CHARS;
      if (result.pages.length && !latin && !slip) return result;
      const forgive = await this.forgiveData();
      if (!forgive) return result;
      // Traditional script: the same query in simplified characters.
      if (!result.pages.length) {
        const simple = toSimplified(String(query), forgive.t2s);
        if (simple !== String(query)) {
          const converted = await this.searchExact(simple);
          if (converted.pages.length) { converted.simplified = simple; result = converted; }
        }
      }
      const shown = new Set(result.pages.map((p) => p.page));
      const add = async (strings, via) => {
        for (const text of strings) {
          const found = await this.searchExact(text);
          for (const page of found.pages) {
            if (shown.has(page.page)) continue;
            shown.add(page.page);
            result.pages.push({ ...page, via, viaText: text, ranges: found.ranges, words: found.words });
          }
        }
      };
      // Pinyin (Chinese edition): what the letters spell among the names, ranked after
      // every character hit.
      if (latin) await add(pinyinMatches(forgive.names, folded.replace(/ /g, '')), 'pinyin');
      // One character wrong or missing: the names it nearly matches, after exact and loose.
      if (!result.pages.some((p) => !p.via && (!p.verified || p.docs.some((d) => !d.loose))) && slip) {
        await add(nearMatches(forgive.names, folded), 'near');
      }
      if (!result.pages.length) {
        const suggestions = [];
        for (const { name, id } of nearestNames(forgive.names, folded)) {
          const [doc] = await this.documents([id]);
          const page = this.meta.pages[this.pageOf(id)];
          suggestions.push({ name, url: page[0], anchor: doc.anchor });
        }
        result.help = { sources: forgive.sources, suggestions };
      }
      return result;
    }

    /* forgive.json (macros/search/forgive.py), loaded once and only when a query needs it. */
    forgiveData() {
      if (!this.forgive) {
        this.forgive = this.load('forgive.json').then((data) => ({
          t2s: pairsOf(data.t2s || ''),
          names: (data.names || []).map(([name, id, pinyin]) => ({
            name, id, folded: fold(name), syllables: pinyin ? pinyin.split(SPACE).map((s) => s.split('/')) : null,
          })),
          sources: data.sources || null,
        })).catch((error) => { console.error('forgive.json:', error); return null; });
      }
      return this.forgive;
    }

    async searchExact(query) {
      await this.ready();
      const words = this.words;
      const terms = words ? words.parse(query) : parseQuery(query);
      const searchable = words ? words.searchable(terms) : terms.filter((t) => Array.from(t).length >= 2);
      // typed: as typed, for the highlight on the target page (8.5代, not the folded 85代).
      const typed = String(query).split(/\s+/u).filter(Boolean);
      const lang = this.meta.lang || 'zh';
      const result = {
        lang, terms, words: typed, pages: [], candidates: 0,
        // Ranges of a text to mark, for snippets (worker.js) and tests.
        ranges: (text) => (words ? words.ranges(text, terms) : matchRanges(text, terms)),
      };
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
      // When the fragments of every candidate page fit in MAX_FRAGMENTS, every page is
      // checked (one round of fetches): a listing page that holds the query as one of its
      // records (the glossary's 质量强省 for 质量强, a time line event for "system") then
      // shows that record, even when ten themed pages hold the query too.  Otherwise the
      // first VERIFY_PAGES pages are checked, the rest listed by title.
      const everyPage = new Set(ids.map((id) => upperBound(starts, id))).size <= MAX_FRAGMENTS;
      const wanted = everyPage ? order.length : VERIFY_PAGES;
      while (next < order.length && verified.length < wanted) {
        // One round of parallel fetches for the pages still needed (usually the only round).
        const batch = order.slice(next, next + wanted - verified.length);
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
          const title = pages[p][1];
          const titleHit = (words ? terms.every((t) => words.places(words.tokens(title), t).length)
            : terms.every((t) => fold(title).includes(t))) ? 0.5 : 0;
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
      promoteNameHit(verified, String(query));
      result.pages = verified.concat(rest);
      return result;
    }
  }

  /* --- A glossary term typed whole -----------------------------------------------
   * A reader who types a glossary term as it is written (质量强省, 质量月) expects its
   * definition near the top, although the themed pages, which use the term in their
   * prose, rank first.  The glossary moves up to second place (the first result stays
   * a themed page's), and the term's entry to the top of the page.  Only terms: a
   * person's or an organisation's name (Han Yongsheng) is typed for the facts about
   * them, which the themed pages hold; moving the index of organisations up would push
   * one of those out of the first three (measured on the hand-written lists). */
  const NAME_KINDS = new Set(['term']);
  const NAME_BOUNDARY = /[\s(（·]/u;
  const NAME_PLACE = 1;   // where the page with the entry goes (0 = first)
  const NAME_PAGES = 1;   // pages moved up at most (the glossary)

  /* Is the document a term whose name is the query, whole?  Its text begins with the
   * term, followed by white space, a bracket (an alias, the original) or a middle dot. */
  function isNameHit(doc, folded) {
    if (!NAME_KINDS.has(doc.kind)) return false;
    const text = doc.text;
    const limit = Math.min(text.length, 4 * folded.length + 16);
    for (let at = 1; at <= limit; at++) {
      if (at < text.length && !NAME_BOUNDARY.test(text[at])) continue;
      const head = fold(text.slice(0, at));
      if (head === folded) return true;
      if (head.length > folded.length) return false;
    }
    return false;
  }

  function promoteNameHit(pages, query) {
    const folded = fold(query);
    if (Array.from(folded).length < 2) return;
    let place = NAME_PLACE;
    for (let i = 0; i < pages.length && place < NAME_PLACE + NAME_PAGES; i++) {
      const hit = pages[i].docs.findIndex((d) => !d.loose && isNameHit(d, folded));
      if (hit < 0) continue;
      const page = pages[i];
      if (hit > 0) page.docs = [page.docs[hit], ...page.docs.slice(0, hit), ...page.docs.slice(hit + 1)];
      if (i > place) { pages.splice(i, 1); pages.splice(place, 0, page); place += 1; } else place = i + 1;
    }
  }

  /* --- Forgiving (issue 22) -------------------------------------------------
   * When a query finds nothing verbatim, or is all Latin letters in the Chinese
   * edition, forgive.json is loaded (once) and
   *  - traditional characters are read as simplified (OpenCC's table, only the
   *    characters this index needs: none of them occurs in the index itself);
   *  - letters are read as pinyin, full or initials, of a run of characters of a
   *    name or term (zhiliang, zlq, shouxizhiliangguan, sxzlg); every reading of a
   *    character counts (长: zhang or chang);
   *  - a term of NEAR_MIN_CHARS or more characters with one character wrong, missing
   *    or extra, or two neighbours swapped, finds the piece of a name it nearly matches;
   * and what these find is searched as any query and listed after what the query
   * itself found, each page marked with how it was found ("via"). */
  const NEAR_MIN_CHARS = 4;
  const MIN_INITIALS = 3;
  const FORGIVE_STRINGS = 3;     // pinyin readings or near names searched for one query at most
  const SUGGESTIONS = 3;

  function pairsOf(text) {
    const chars = Array.from(text);
    const table = new Map();
    for (let i = 0; i + 1 < chars.length; i += 2) table.set(chars[i], chars[i + 1]);
    return table;
  }

  function toSimplified(text, table) {
    let out = '';
    for (const ch of text) out += table.get(ch) || ch;
    return out;
  }

  /* The keys a name's pinyin answers to: [full, initials] for each run of characters
   * (test helper and lookup alike).  syllables[i]: the readings of the i-th character. */
  function pinyinRuns(syllables, query) {
    const found = [];
    const n = syllables.length;
    for (let start = 0; start < n; start++) {
      // Spelled out: each character one of its readings, together exactly the query.
      let ends = [{ end: start, at: 0 }];
      while (ends.length) {
        const next = [];
        for (const { end, at } of ends) {
          if (end >= n) continue;
          for (const reading of syllables[end]) {
            if (reading === '-' || !query.startsWith(reading, at)) continue;
            if (at + reading.length === query.length) found.push([start, end + 1]);
            else next.push({ end: end + 1, at: at + reading.length });
          }
        }
        ends = next;
      }
      // Initials: one letter per character (three at least: two letters are initials of
      // too many pairs of characters to mean one).
      if (query.length >= MIN_INITIALS && start + query.length <= n) {
        let ok = true;
        for (let k = 0; k < query.length && ok; k++) {
          ok = syllables[start + k].some((r) => r !== '-' && r[0] === query[k]);
        }
        if (ok) found.push([start, start + query.length]);
      }
    }
    return found;
  }

  /* The pieces of names the letters spell, most often spelled first. */
  function pinyinMatches(names, query) {
    const counts = new Map();
    for (const entry of names) {
      if (!entry.syllables) continue;
      const chars = Array.from(entry.name);
      if (chars.length !== entry.syllables.length) continue;
      for (const [a, b] of pinyinRuns(entry.syllables, query)) {
        const piece = chars.slice(a, b).join('');
        counts.set(piece, (counts.get(piece) || 0) + 1);
      }
    }
    return [...counts.entries()].sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0]))
      .slice(0, FORGIVE_STRINGS).map(([piece]) => piece);
  }

  /* Edit distance of two arrays of characters, or limit + 1 once it exceeds limit: a
   * character wrong, missing or extra, or two neighbours swapped (Fanchnag), counts one. */
  function distance(a, b, limit) {
    if (Math.abs(a.length - b.length) > limit) return limit + 1;
    let before = null;
    let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
      const row = [i];
      let best = i;
      for (let j = 1; j <= b.length; j++) {
        row[j] = Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        if (before && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
          row[j] = Math.min(row[j], before[j - 2] + 1);
        }
        best = Math.min(best, row[j]);
      }
      if (best > limit) return limit + 1;
      before = previous;
      previous = row;
    }
    return previous[b.length];
  }

  /* Pieces of names at one edit from the query (a character wrong, missing or extra).
   * A query in letters is compared with whole words that begin with its first letter
   * (ward is not award misspelt: word search never finds pieces of words, and a slip
   * is rarely in the first letter); one in Han characters with any piece of a name. */
  function nearMatches(names, query) {
    const q = Array.from(query);
    const letters = !isCJK(q[0].codePointAt(0));
    const found = new Map();
    for (const entry of names) {
      const chars = Array.from(entry.folded);
      for (let size = q.length - 1; size <= q.length + 1; size++) {
        for (let at = 0; at + size <= chars.length; at++) {
          const piece = chars.slice(at, at + size);
          if (piece.includes(SPACE) && !q.includes(SPACE)) continue;
          if (letters && (piece[0] !== q[0] || (at > 0 && chars[at - 1] !== SPACE)
                          || (at + size < chars.length && chars[at + size] !== SPACE))) continue;
          const text = piece.join('');
          if (text === query || found.has(text)) continue;
          if (distance(q, piece, 1) <= 1) found.set(text, size === q.length ? 0 : 1);
        }
      }
    }
    return [...found.entries()].sort((x, y) => x[1] - y[1] || x[0].localeCompare(y[0]))
      .slice(0, FORGIVE_STRINGS).map(([text]) => text);
  }

  /* Names sharing the most character pairs (or, for Han, characters) with the query. */
  function nearestNames(names, query) {
    const grams = new Set(bigrams(query));
    const han = new Set(Array.from(query).filter((c) => isCJK(c.codePointAt(0))));
    const scored = [];
    for (const entry of names) {
      let score = 0;
      for (const g of new Set(bigrams(entry.folded))) if (grams.has(g)) score += 2;
      for (const c of new Set(Array.from(entry.folded))) if (han.has(c)) score += 1;
      if (score) scored.push({ ...entry, score });
    }
    scored.sort((a, b) => b.score - a.score || a.folded.length - b.folded.length || a.id - b.id);
    const seen = new Set();
    return scored.filter((e) => !seen.has(e.name) && seen.add(e.name)).slice(0, SUGGESTIONS);
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
    return mergeRanges(ranges);
  }

  function mergeRanges(ranges) {
    ranges.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
    const merged = [];
    for (const r of ranges) {
      const top = merged[merged.length - 1];
      if (top && r[0] <= top[1]) top[1] = Math.max(top[1], r[1]); else merged.push(r.slice());
    }
    return merged;
  }

  return { Engine, fold, foldWithMap, bigrams, shardOf, parseQuery, coveringGrams, matchRanges,
           pinyinRuns, pinyinMatches, nearMatches, nearestNames, toSimplified, pairsOf, NEAR_MIN_CHARS,
           wordTokens, WordMode, wordMode, STOP_WORDS, VERIFY_PAGES, MAX_FRAGMENTS,
           american, BRITISH_WORDS, BRITISH_ENDINGS, BRITISH_STEM_MIN };
});
