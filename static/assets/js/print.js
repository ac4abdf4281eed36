// print.js: a print button for pages meant for paper (the packing slip).
// Without JavaScript the button stays hidden and the page says to print
// with the browser.
//
//   <button type="button" data-print hidden>   shown, prints the page
(function () {
  "use strict";
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
})();
