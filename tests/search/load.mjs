// Load the browser's search scripts in Node, unchanged: docs/assets/search/engine.js
// (the engine) and stemmer.js (Snowball's English stemmer, which the worker loads only
// for an English index).  Both are UMD scripts; they are run as the worker runs them,
// each with a `module` to export into.
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const ASSETS = path.join(here, '..', '..', 'docs', 'assets', 'search');

function run(file) {
  const module = { exports: {} };
  const source = fs.readFileSync(path.join(ASSETS, file), 'utf8');
  vm.runInThisContext(`(function (module) {${source}\n})`, { filename: file })(module);
  return module.exports;
}

export const engine = run('engine.js');
export const stemmer = run('stemmer.js');

/* An Engine over a built index directory (site/search/qa or site/en/search/qa);
 * files lists every file it loads, in order. */
export function engineFor(indexDir, files = []) {
  return new engine.Engine(async (file) => {
    files.push(file);
    return JSON.parse(fs.readFileSync(path.join(indexDir, file), 'utf8'));
  }, { stemmer: () => new stemmer.EnglishStemmer() });
}
