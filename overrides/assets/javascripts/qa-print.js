// “打印本页”: the button is hidden unless this script runs (it needs window.print).
// Part of the print/PDF work (issue 4); no inline handlers, no outside requests.
(function () {
  "use strict";
  if (typeof window.print !== "function") return;
  var buttons = document.querySelectorAll("[data-qa-print]");
  for (var i = 0; i < buttons.length; i++) {
    buttons[i].hidden = false;
    buttons[i].addEventListener("click", function () { window.print(); });
  }
})();
