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
    // A language switch inside the screening posts the answers to the same
    // step in the other language as a normal page load, not through htmx,
    // so the whole page (header, lang attribute) changes language.
    var button = event.target.closest("[data-full-submit]");
    if (button && button.form) {
      event.preventDefault();
      var field = document.createElement("input");
      field.type = "hidden";
      field.name = button.name;
      field.value = button.value;
      button.form.appendChild(field);
      button.form.action = button.formAction;
      HTMLFormElement.prototype.submit.call(button.form);
    }
  });

  document.addEventListener("keydown", function (event) {
    var link = document.querySelector("[data-quick-exit]");
    // Not while typing: there Escape closes the browser's suggestions.
    var typing = event.target.closest("textarea, select, input:not([type=radio]):not([type=checkbox])");
    if (link && event.key === "Escape" && !typing) {
      quickExit(link);
    }
  });

  function reveal(root) {
    root.querySelectorAll("[data-js-only], [data-print]").forEach(function (el) {
      el.hidden = false;
    });
  }

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

  function useBeacons(root) {
    if (navigator.sendBeacon) {
      root.querySelectorAll("a[ping]").forEach(function (link) {
        link.setAttribute("data-ping", link.getAttribute("ping"));
        link.removeAttribute("ping");
      });
    }
  }

  if (navigator.sendBeacon) {
    document.addEventListener("click", countClick);
    document.addEventListener("auxclick", countClick);
  }

  document.addEventListener("DOMContentLoaded", function () {
    reveal(document);
    useBeacons(document);
  });

  // After htmx swaps in the next screening step, start reading there:
  // focus its heading and bring it into view (WCAG 2.4.3 focus order).
  document.addEventListener("htmx:afterSettle", function (event) {
    var target = event.detail.target;
    reveal(target);
    useBeacons(target);
    var heading = target.querySelector("[data-focus]");
    if (heading) {
      heading.focus();
      heading.scrollIntoView({ block: "start" });
    }
  });
})();
