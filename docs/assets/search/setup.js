/* Point Material's search box at the report's own search worker (worker.js).
 * Loaded from overrides/main.html after Material's #__config and before its
 * bundle, which reads the configuration when it starts.  The worker is told the
 * index of this page's own edition (data-index: search/qa/ of the site the page
 * was built into, site/ or site/en/) in its address, #index=<absolute address>.
 * It also names the search dialog for screen readers, keeps the first word, and
 * says "nothing found" when the worker sends only its help (see below). */
(function () {
  'use strict';
  var script = document.currentScript;
  var config = document.getElementById('__config');
  if (!script || !config || !script.dataset.worker) return;
  var value = JSON.parse(config.textContent);
  var worker = script.dataset.worker;
  if (script.dataset.index) {
    worker += '#index=' + encodeURIComponent(new URL(script.dataset.index, document.baseURI).href);
  }
  value.search = worker;
  config.textContent = JSON.stringify(value);
  // Material's search dialog has no accessible name (axe: aria-dialog-name).
  var dialog = document.querySelector('.md-search[role="dialog"]');
  var input = document.querySelector('.md-search__input');
  if (dialog && !dialog.hasAttribute('aria-label')) {
    dialog.setAttribute('aria-label', (input && input.getAttribute('aria-label')) || 'Search');
  }
  if (!input) return;

  /* The first word always counts (issue 22).  Material reads the box on keyup (and
   * once when its worker is ready), but a word committed by an input method or pasted
   * comes as an `input` event, often with no keyup after it (a phone keyboard's
   * suggestion bar, paste from the menu): the word sat in the box unanswered.  Every
   * change of the box's text that is not mid-composition is announced to Material as
   * a keyup; Material drops repeats of the same text itself (distinctUntilChanged). */
  function announce() {
    input.dispatchEvent(new KeyboardEvent('keyup', { bubbles: true }));
  }
  input.addEventListener('input', function (event) {
    if (!event.isComposing) announce();
  });
  input.addEventListener('compositionend', function () {
    // Chromium fires the composition's last `input` before compositionend (still composing).
    setTimeout(announce, 0);
  });

  /* Material's meta line counts the entries ("4 个符合条件的结果").  When the query itself
   * found nothing, the worker's entries are help (what the report covers, the nearest
   * names) or only pinyin and near matches: its first entry then carries the line to show
   * instead, in a hidden .qa-search-meta ("没有找到“…”"). */
  var result = document.querySelector('.md-search-result');
  if (!result || typeof MutationObserver === 'undefined') return;
  new MutationObserver(function () {
    var meta = result.querySelector('.md-search-result__meta');
    var first = result.querySelector('.md-search-result__item');
    var line = first && first.querySelector('.qa-search-meta');
    if (meta && line && meta.textContent !== line.textContent) meta.textContent = line.textContent;
  }).observe(result, { childList: true, subtree: true });
})();
