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

  function reveal(root) {
    root.querySelectorAll("[data-js-only], [data-print]").forEach(function (el) {
      el.hidden = false;
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    reveal(document);
  });

  // After htmx swaps in the next screening step, start reading there:
  // focus its heading and bring it into view (WCAG 2.4.3 focus order).
  document.addEventListener("htmx:afterSettle", function (event) {
    var target = event.detail.target;
    reveal(target);
    var heading = target.querySelector("[data-focus]");
    if (heading) {
      heading.focus();
      heading.scrollIntoView({ block: "start" });
    }
  });
})();
