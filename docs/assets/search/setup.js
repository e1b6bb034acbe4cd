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

  /* The worker answers a query that finds nothing with a few helpful entries (what the
   * report covers, the nearest names), the first one's title marked .qa-search-none
   * ("没有找到“…”"); Material would count them as matches.  The meta line then says
   * that title instead. */
  var result = document.querySelector('.md-search-result');
  if (!result || typeof MutationObserver === 'undefined') return;
  new MutationObserver(function () {
    var meta = result.querySelector('.md-search-result__meta');
    var first = result.querySelector('.md-search-result__item');
    var none = first && first.querySelector('.qa-search-none');
    if (meta && none && meta.textContent !== none.textContent) meta.textContent = none.textContent;
  }).observe(result, { childList: true, subtree: true });
})();
