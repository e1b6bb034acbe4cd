"""The site's own search: a character-bigram index written at build time.

Why bigrams: Chinese has no spaces, and a segmenter cuts the same phrase
differently at build time (jieba) and query time (the browser), so a query
that is not exactly one of its tokens ranks by stray characters.  Indexing every
pair of adjacent characters -- what Lucene's and Elasticsearch's CJK analysers
do -- finds every query of two or more characters that occurs in the text, with
no dictionary; the browser then checks each candidate against the text itself,
so results behave like Ctrl-F across the whole report.

- ``text``    the one definition of folding, bigrams and (English edition) words
              and stems (mirrored by docs/assets/search/engine.js and
              stemmer.js; tests check they agree)
- ``extract`` a page's HTML -> search documents (facts, quotations, terms,
              entities, prose sections), each with its anchor
- ``index``   documents -> the files the browser downloads
- ``forgive`` forgive.json: OpenCC's traditional -> simplified pairs this index
              needs, names with their pypinyin readings, the sources (issue 22)
"""
