#!/usr/bin/env node
// Run the site's search engine (docs/assets/search/engine.js, the same file the
// browser's worker loads) in Node over a built site's index.
//
//   node tests/search/engine.mjs <site_dir> <queries.json>
//
// <site_dir> is an edition's site directory (site/ or site/en/): its index is
// <site_dir>/search/qa.  queries.json: JSON array of strings.  Prints one JSON document:
//   {"lang", "queries": [{"query", "terms", "words", "candidates",
//                 "simplified": the query in simplified script when that is what found something,
//                 "help": {"sources", "suggestions"} when nothing is found,
//                 "pages": [{"url", "verified", "via": null | "pinyin" | "near", "viaText",
//                            "docs": [{"anchor", "kind", "text", "about", "loose", "marked"}]}],
//                 "files": ["meta.json", "s/3.json", ...]}]}
// "terms" are the folded terms (Chinese) or the terms' tokens ("word:award run:安徽");
// "marked" the pieces of the document's text a snippet marks.
// Each query starts from a cold engine, so "files" is what a reader's browser
// downloads for that query (the bench turns it into bytes).
import fs from 'node:fs';
import path from 'node:path';
import { engineFor } from './load.mjs';

const [siteDir, queriesFile] = process.argv.slice(2);
if (!siteDir || !queriesFile) {
  process.stderr.write('usage: node tests/search/engine.mjs <site_dir> <queries.json>\n');
  process.exit(2);
}
const indexDir = path.join(siteDir, 'search', 'qa');
const queries = JSON.parse(fs.readFileSync(queriesFile, 'utf8'));
const out = [];
let lang = null;
for (const query of queries) {
  const files = [];
  const engine = engineFor(indexDir, files);
  const result = await engine.search(query);
  lang = result.lang;
  out.push({
    query,
    terms: result.terms.map((t) => (typeof t === 'string' ? t : t.id)),
    words: result.words,
    candidates: result.candidates,
    simplified: result.simplified || null,
    help: result.help || null,
    pages: result.pages.map((p) => ({
      url: p.url,
      verified: p.verified,
      via: p.via || null,
      viaText: p.viaText || null,
      docs: p.docs.map((d) => ({
        anchor: d.anchor, kind: d.kind, text: d.text, about: d.about, loose: d.loose,
        marked: (p.ranges || result.ranges)(d.text).map(([a, b]) => d.text.slice(a, b)),
      })),
    })),
    files,
  });
}
process.stdout.write(JSON.stringify({ lang, queries: out }));
