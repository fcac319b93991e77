// Small enhancements; every page works without this file.
(function () {
  "use strict";

  // Quick exit: leave without leaving this page in the back-button history.
  function quickExit(link) {
    window.location.replace(link.href);
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest("[data-quick-exit]");
    if (link) {
      event.preventDefault();
      quickExit(link);
    }
    if (event.target.closest("[data-print]")) {
      window.print();
    }
  });

  document.addEventListener("keydown", function (event) {
    var link = document.querySelector("[data-quick-exit]");
    if (link && event.key === "Escape") {
      quickExit(link);
    }
  });

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-js-only], [data-print]").forEach(function (el) {
      el.hidden = false;
    });
  });
})();
