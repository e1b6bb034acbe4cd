/* 质量安徽 report: glossary tooltips and "copy this fact's link".
   No network access; the glossary comes from the page's own #qa-glossary JSON. */
(function () {
  "use strict";

  // Elements whose text is left alone: links, code, headings, charts, the glossary itself.
  var SKIP = "a, abbr, code, pre, script, style, svg, h1, h2, h3, h4, h5, h6, .qa-glossary, .qa-term, button, input, textarea";

  function glossaryTerms() {
    var element = document.getElementById("qa-glossary");
    if (!element) return [];
    var entries = [];
    JSON.parse(element.textContent).forEach(function (item) {
      item.terms.forEach(function (term) {
        entries.push({ term: term, id: item.id, definition: item.definition });
      });
    });
    // Longest first, so "地理标志产品" wins over "地理标志".
    return entries.sort(function (a, b) { return b.term.length - a.term.length; });
  }

  function escapeRegExp(text) {
    return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  }

  function markTerms(root, entries) {
    if (!entries.length) return;
    var byTerm = {};
    entries.forEach(function (e) { byTerm[e.term] = e; });
    var pattern = new RegExp(entries.map(function (e) { return escapeRegExp(e.term); }).join("|"), "g");
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
      acceptNode: function (node) {
        if (!node.nodeValue.trim()) return NodeFilter.FILTER_REJECT;
        var parent = node.parentElement;
        return parent && !parent.closest(SKIP) ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_REJECT;
      }
    });
    var nodes = [];
    while (walker.nextNode()) nodes.push(walker.currentNode);
    nodes.forEach(function (node) {
      var text = node.nodeValue, last = 0, match, fragment = null;
      pattern.lastIndex = 0;
      while ((match = pattern.exec(text)) !== null) {
        fragment = fragment || document.createDocumentFragment();
        fragment.appendChild(document.createTextNode(text.slice(last, match.index)));
        var entry = byTerm[match[0]];
        var abbr = document.createElement("abbr");
        abbr.className = "qa-term";
        abbr.title = entry.definition;          // text, never HTML
        abbr.tabIndex = 0;                      // focus (or tap) shows the definition
        abbr.setAttribute("data-term", entry.id);
        abbr.textContent = match[0];
        fragment.appendChild(abbr);
        last = match.index + match[0].length;
      }
      if (fragment) {
        fragment.appendChild(document.createTextNode(text.slice(last)));
        node.parentNode.replaceChild(fragment, node);
      }
    });
  }

  function meta(name, attribute) {
    var element = document.querySelector("meta[" + (attribute || "name") + '="' + name + '"]');
    return element ? element.getAttribute("content") : "";
  }

  // A fact's (or quotation's) citation: its text, the original publication it comes from
  // (data-source, written by the build from the source record), then the report, the page,
  // the permalink and the day it was copied (the access date), as macros/citation.py writes it.
  function citationOf(link) {
    var english = (document.documentElement.lang || "").indexOf("en") === 0;
    var block = link.closest(".qa-fact, .qa-quote, .qa-inline-fact");
    if (!block) return "";
    var source = block.querySelector(".qa-fact__statement, .qa-inline-fact__text, blockquote");
    if (!source) return "";
    var copy = source.cloneNode(true);
    copy.querySelectorAll(".qa-fact__when, .qa-note, .qa-own__label, .qa-menu").forEach(function (n) { n.remove(); });
    var text = copy.textContent.replace(/\s+/g, " ").trim();
    if (block.classList.contains("qa-quote")) {
      var speaker = block.querySelector(".qa-quote__speaker");
      text = (speaker ? speaker.textContent.trim() + (english ? ": " : "：") : "") + text;
    }
    var original = block.getAttribute("data-source") || "";
    var heading = document.querySelector("article h1");
    var page = heading ? heading.textContent.replace("¶", "").trim() : document.title;
    var today = new Date().toISOString().slice(0, 10);
    if (english) {  // the English form of macros/citation.py fact_citation
      return text + " — " + (original ? "Source: " + original + ". " : "") + "Compiled in: " +
        meta("citation_author") + ", " + meta("og:site_name", "property") + ", page “" + page + "”, " +
        link.href + " (accessed: " + today + ").";
    }
    return text + "——" + (original ? "来源：" + original + "。" : "") + meta("citation_author") + "整理：《" +
      meta("og:site_name", "property") + "》，“" + page + "”页，" + link.href + "（访问日期：" + today + "）。";
  }

  function copyLinks() {
    document.addEventListener("click", function (event) {
      var link = event.target.closest && event.target.closest("a[data-copy-link]");
      if (!link) return;
      var url = link.href;
      var text = citationOf(link) || url;
      var english = (document.documentElement.lang || "").indexOf("en") === 0;
      // Phones: the system share sheet, where the browser has one.
      if (navigator.share && window.matchMedia && window.matchMedia("(pointer: coarse)").matches) {
        event.preventDefault();
        navigator.share({ title: document.title, text: text, url: url }).catch(function () {});
        return;
      }
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(text).then(function () {
          link.setAttribute("data-copied", text === url ? (english ? "Link copied" : "已复制链接")
            : (english ? "Citation copied" : "已复制引用"));
          setTimeout(function () { link.removeAttribute("data-copied"); }, 2000);
        }, function () {});
      }
      // The link still navigates to the anchor, so the address bar shows it too.
    });
  }

  // Note markers: a tap (or click) shows the citation in place instead of jumping to the
  // notes list; hover and keyboard focus show it through CSS.  Escape or a tap elsewhere closes it.
  function noteMarkers() {
    function closeAll(except) {
      document.querySelectorAll(".qa-note--open").forEach(function (note) {
        if (note !== except) note.classList.remove("qa-note--open");
      });
    }
    // Escape also hides a note that is shown only because its marker has focus or the
    // pointer; it stays hidden until focus leaves it (focus itself does not move).
    document.addEventListener("focusout", function (event) {
      var note = event.target.closest && event.target.closest(".qa-note--dismissed");
      if (note && !note.contains(event.relatedTarget)) note.classList.remove("qa-note--dismissed");
    });
    document.addEventListener("click", function (event) {
      var menuRef = event.target.closest && event.target.closest("a.qa-menu__ref");
      if (menuRef) {   // "引用": copies (copyLinks) and opens the fact's menu
        var menu = menuRef.parentElement;
        closeAll(menu);
        menu.classList.toggle("qa-note--open");
        return;
      }
      var ref = event.target.closest && event.target.closest("a.qa-note__ref");
      if (ref) {
        event.preventDefault();
        var note = ref.parentElement;
        closeAll(note);
        note.classList.remove("qa-note--dismissed");
        note.classList.toggle("qa-note--open");
        return;
      }
      if (!(event.target.closest && event.target.closest(".qa-note__pop, .qa-menu__pop"))) closeAll(null);
    });
    document.addEventListener("keydown", function (event) {
      if (event.key !== "Escape") return;
      closeAll(null);
      var active = document.activeElement;
      var note = active && active.closest && active.closest(".qa-note, .qa-menu");
      if (note) note.classList.add("qa-note--dismissed");
    });
  }

  // A link to a closed list (the data dictionary's "#dict-…") opens it.
  function openTarget() {
    var id = decodeURIComponent(location.hash.slice(1));
    var target = id && document.getElementById(id);
    if (target && target.tagName === "DETAILS") target.open = true;
  }

  function start() {
    openTarget();
    window.addEventListener("hashchange", openTarget);
    var article = document.querySelector("article.md-content__inner");
    if (article) markTerms(article, glossaryTerms());
    copyLinks();
    noteMarkers();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
