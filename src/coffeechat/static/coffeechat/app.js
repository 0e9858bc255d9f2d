// Small behaviours shared by every page. Each control that needs JavaScript is hidden in the
// markup and shown here, so a page without scripts never offers a button that does nothing.
(function () {
  "use strict";

  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });

  // A table wider than the screen scrolls in its box; the keyboard must be able to scroll it too.
  document.querySelectorAll(".table-scroll").forEach(function (box) {
    if (box.scrollWidth > box.clientWidth) {
      box.tabIndex = 0;
      box.setAttribute("role", "region");
      box.setAttribute("aria-label", "Table (scrolls sideways)");
    }
  });

  // Copy the named fields' text, joined by a blank line (subject, then body).
  document.querySelectorAll("[data-copy]").forEach(function (button) {
    if (!navigator.clipboard) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      var parts = [];
      document.querySelectorAll(button.dataset.copy).forEach(function (field) {
        if (field.value) { parts.push(field.value); }
      });
      navigator.clipboard.writeText(parts.join("\n\n")).then(function () { button.textContent = "Copied"; });
    });
  });
})();
