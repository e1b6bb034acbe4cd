/* Point Material's search box at the report's own search worker (worker.js).
 * Loaded from overrides/main.html after Material's #__config and before its
 * bundle, which reads the configuration when it starts.  The worker is told the
 * index of this page's own edition (data-index: search/qa/ of the site the page
 * was built into, site/ or site/en/) in its address, #index=<absolute address>.
 * It also names the search dialog for screen readers. */
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
})();
