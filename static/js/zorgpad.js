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
    var copy = event.target.closest("[data-kopieer]");
    if (copy) {
      copyText(copy);
    }
    // A language switch inside the screening posts the answers to the same
    // step in the other language as a normal page load, not through htmx,
    // so the whole page (header, lang attribute) changes language; the note
    // for the record downloads as a file the same way.
    var button = event.target.closest("[data-full-submit]");
    if (button && button.form) {
      event.preventDefault();
      var field = document.createElement("input");
      field.type = "hidden";
      field.name = button.name;
      field.value = button.value;
      var form = button.form;
      var action = form.action;
      form.appendChild(field);
      form.action = button.formAction;
      HTMLFormElement.prototype.submit.call(form);
      // The download leaves this page open: the form must post as before.
      form.removeChild(field);
      form.action = action;
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

  // "Kopieer voor het dossier": the text shown on the page, as it is, to
  // the clipboard. Nothing is sent anywhere. Where the clipboard is not
  // available, the text is selected so that Ctrl+C copies it.
  function copyText(button) {
    var source = document.getElementById(button.getAttribute("data-kopieer"));
    var status = document.getElementById(button.getAttribute("data-kopieer-status"));
    function say(key) {
      status.textContent = status.getAttribute(key);
    }
    function select() {
      var range = document.createRange();
      range.selectNodeContents(source);
      window.getSelection().removeAllRanges();
      window.getSelection().addRange(range);
      say("data-mislukt");
    }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(source.textContent).then(function () {
        say("data-gekopieerd");
      }, select);
    } else {
      select();
    }
  }

  // The screening on a keyboard: a number key chooses that option of the
  // focused question and goes on to the next question; Enter presses
  // "Volgende" (a browser's own Enter could press another button first).
  function focusQuestion(fieldset) {
    var radio = fieldset.querySelector("input:checked") ||
      fieldset.querySelector("input[type=radio]");
    radio.focus();
  }

  function screeningKeys(event) {
    var radio = event.target.closest("#screening-form input[type=radio]");
    if (!radio || event.altKey || event.ctrlKey || event.metaKey) {
      return;
    }
    if (event.key === "Enter") {
      var next = radio.form.querySelector('button[value="volgende"]');
      if (next) {
        event.preventDefault();
        next.click();
      }
      return;
    }
    if (!/^[1-9]$/.test(event.key)) {
      return;
    }
    var fieldset = radio.closest("fieldset.question");
    var choice = fieldset.querySelectorAll("input[type=radio]")[Number(event.key) - 1];
    if (!choice) {
      return;
    }
    event.preventDefault();
    choice.checked = true;
    choice.dispatchEvent(new Event("change", { bubbles: true }));
    var questions = Array.prototype.slice.call(
      radio.form.querySelectorAll("fieldset.question"));
    var following = questions[questions.indexOf(fieldset) + 1];
    if (following) {
      focusQuestion(following);
    } else {
      choice.focus();
    }
  }

  document.addEventListener("keydown", screeningKeys);

  // A new screening step starts at its first question (keyboard users can
  // answer at once; screen readers hear the question with its legend),
  // with the step's heading in view. After an error, at the heading.
  function focusStep(root, scroll) {
    var target = root.querySelector("[data-focus]");
    if (!target) {
      return;
    }
    target.focus({ preventScroll: true });
    if (scroll) {
      (root.querySelector("#stap-titel") || target).scrollIntoView({ block: "start" });
    }
  }

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
    var screening = document.getElementById("screening");
    if (screening) {
      focusStep(screening, false);
    }
  });

  // After htmx swaps in the next screening step, start reading there and
  // bring its heading into view (WCAG 2.4.3 focus order).
  document.addEventListener("htmx:afterSettle", function (event) {
    var target = event.detail.target;
    reveal(target);
    useBeacons(target);
    focusStep(target, true);
  });
})();
