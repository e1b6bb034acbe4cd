#!/usr/bin/env node
// Run the site's search engine (docs/assets/search/engine.js, the same file the
// browser's worker loads) in Node over a built site's index.
//
//   node tests/search/engine.mjs <site_dir> <queries.json>
//
// queries.json: JSON array of strings.  Prints one JSON document:
//   {"queries": [{"query", "terms", "candidates",
//                 "pages": [{"url", "verified", "docs": [{"anchor", "kind", "text", "loose"}]}],
//                 "files": ["meta.json", "s/3.json", ...]}]}
// Each query starts from a cold engine, so "files" is what a reader's browser
// downloads for that query (the bench turns it into bytes).
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const source = fs.readFileSync(path.join(here, '..', '..', 'docs', 'assets', 'search', 'engine.js'), 'utf8');
const module = { exports: {} };
vm.runInThisContext(`(function (module) {${source}\n})`)(module);
const { Engine } = module.exports;

const [siteDir, queriesFile] = process.argv.slice(2);
if (!siteDir || !queriesFile) {
  process.stderr.write('usage: node tests/search/engine.mjs <site_dir> <queries.json>\n');
  process.exit(2);
}
const indexDir = path.join(siteDir, 'search', 'qa');
const queries = JSON.parse(fs.readFileSync(queriesFile, 'utf8'));
const out = [];
for (const query of queries) {
  const files = [];
  const engine = new Engine(async (file) => {
    files.push(file);
    return JSON.parse(fs.readFileSync(path.join(indexDir, file), 'utf8'));
  });
  const result = await engine.search(query);
  out.push({
    query,
    terms: result.terms,
    candidates: result.candidates,
    pages: result.pages.map((p) => ({
      url: p.url,
      verified: p.verified,
      docs: p.docs.map((d) => ({ anchor: d.anchor, kind: d.kind, text: d.text, loose: d.loose })),
    })),
    files,
  });
}
process.stdout.write(JSON.stringify({ queries: out }));
