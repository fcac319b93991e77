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

  // Contact clicks: the links carry a `ping` (counted without JavaScript),
  // but some browsers never send pings (Firefox by default). Where a beacon
  // is available, use it instead of the ping, never both: one click, one
  // count. The link itself is never held up; if the beacon fails, it fails.
  function countClick(event) {
    var link = event.target.closest("a[data-ping]");
    if (link && (event.type === "click" || event.button === 1)) {
      navigator.sendBeacon(link.getAttribute("data-ping"));
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-js-only], [data-print]").forEach(function (el) {
      el.hidden = false;
    });
    if (navigator.sendBeacon) {
      document.querySelectorAll("a[ping]").forEach(function (link) {
        link.setAttribute("data-ping", link.getAttribute("ping"));
        link.removeAttribute("ping");
      });
      document.addEventListener("click", countClick);
      document.addEventListener("auxclick", countClick);
    }
  });
})();
