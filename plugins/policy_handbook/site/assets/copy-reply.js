/* Copy buttons on canned replies (the handbook plugin's replies pages), and on the calendar
 * page's subscription addresses (`button.handbook-copy-address`, which copies the address).
 *
 * Each `button.handbook-copy` carries the exact plain text to copy in `data-copy` (line breaks
 * kept, no Markdown or HTML, no trailing whitespace) and is rendered `hidden`, so without
 * JavaScript no dead button shows: the text on the page stays readable and selectable.
 * The status next to the button (role="status", aria-live="polite") announces the result.
 */
(function () {
  "use strict";

  if (window.handbookCopyReply) return; // loaded once; clicks are delegated from the document
  window.handbookCopyReply = true;

  var COPY_BUTTONS = "button.handbook-copy, button.handbook-copy-address";

  function reveal() {
    var hidden = "button.handbook-copy[hidden], button.handbook-copy-address[hidden]";
    document.querySelectorAll(hidden).forEach(function (button) {
      button.hidden = false;
    });
  }

  // Where the Clipboard API is missing (a page opened from file:// or plain http on another
  // host), copy through a temporary textarea, which keeps the text exactly as given.
  function copyByHand(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    var ok = false;
    try {
      ok = document.execCommand("copy");
    } finally {
      document.body.removeChild(area);
    }
    if (!ok) throw new Error("copy refused");
  }

  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).catch(function () {
        copyByHand(text);
      });
    }
    return new Promise(function (resolve) {
      copyByHand(text);
      resolve();
    });
  }

  function announce(button, message) {
    var actions = button.closest(".handbook-reply-actions");
    var status = actions && actions.querySelector(".handbook-copy-status");
    if (!status) return;
    // Empty first so the same message is announced again on a second click.
    status.textContent = "";
    window.clearTimeout(status.handbookTimer);
    window.setTimeout(function () {
      status.textContent = message;
    }, 50);
    status.handbookTimer = window.setTimeout(function () {
      status.textContent = "";
    }, 5000);
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest(COPY_BUTTONS);
    if (!button) return;
    var text = button.getAttribute("data-copy");
    if (text === null) return;
    copy(text).then(
      function () {
        announce(button, "Copied");
      },
      function () {
        announce(button, "Could not copy: select the text above and copy it yourself");
      }
    );
  });

  // Material's instant navigation swaps pages without reloading scripts: document$ emits for
  // every page. Without Material (or before its bundle), fall back to the DOM being ready.
  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(reveal);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", reveal);
  } else {
    reveal();
  }
})();
