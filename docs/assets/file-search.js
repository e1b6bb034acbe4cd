/* Opened straight from disk (file://), Material's search cannot load its index and hides
 * the search box, so a reader sees no search at all and no reason.  Keep the box and say
 * why it cannot search: the site must be served (make serve, or any web server).
 * Served over HTTP(S) nothing here runs. */
(function () {
  'use strict';
  if (location.protocol !== 'file:') return;
  var WORDS = {
    zh: { placeholder: '需服务器才能搜索',
          message: '直接打开文件时不能搜索：请通过网页服务器打开本站（例如运行 make serve）。' },
    en: { placeholder: 'Search needs a server',
          message: 'Search does not work on files opened from disk: open the site through a web server (for example, run make serve).' },
  };
  var words = WORDS[(document.documentElement.lang || 'zh').slice(0, 2)] || WORDS.zh;

  function keep() {
    var search = document.querySelector('.md-search');
    var input = document.querySelector('.md-search__input');
    if (!search || !input) return;
    if (search.hidden) search.hidden = false;
    input.readOnly = true;
    input.placeholder = words.placeholder;
    input.title = words.message;
    input.setAttribute('aria-description', words.message);
    var meta = document.querySelector('.md-search-result__meta');
    if (meta && meta.textContent !== words.message) meta.textContent = words.message;
  }

  // Clicking the box opens the search panel (Material's own toggle), where the message shows.
  var toggle = document.getElementById('__search');
  var box = document.querySelector('.md-search__input');
  if (toggle && box) box.addEventListener('focus', function () { toggle.checked = true; });

  var search = document.querySelector('.md-search');
  if (search) new MutationObserver(keep).observe(search, { attributes: true, attributeFilter: ['hidden'] });
  keep();
})();
