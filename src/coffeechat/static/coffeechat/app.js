// Small behaviours shared by every page. Each control that needs JavaScript is hidden in the
// markup and shown here, so a page without scripts never offers a button that does nothing.
(function () {
  "use strict";

  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });

  // A table wider than the screen scrolls in its box; the keyboard must be able to scroll it too.
  function markScrollingTables() {
    document.querySelectorAll(".table-scroll, .overflow-auto").forEach(function (box) {
      if (box.scrollWidth > box.clientWidth && !box.hasAttribute("tabindex")) {
        box.tabIndex = 0;
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", "Table (scrolls sideways)");
      }
    });
  }
  markScrollingTables();
  document.body.addEventListener("htmx:afterSettle", markScrollingTables);

  // "Show more" in a list of choices: the choice made stays made, and the keyboard lands on the
  // first of the new ones rather than at the top of the page.
  var more = null;
  document.body.addEventListener("htmx:beforeRequest", function (event) {
    var link = event.detail.elt;
    if (!link.dataset || link.dataset.showMore === undefined) { return; }
    var list = link.closest("fieldset");
    var chosen = list && list.querySelector("input[type=radio]:checked");
    more = {id: list && list.id, index: Number(link.dataset.showMore), chosen: chosen && chosen.value};
  });
  document.body.addEventListener("htmx:afterSettle", function () {
    if (more === null) { return; }
    var list = document.getElementById(more.id);
    if (list) {
      var radios = list.querySelectorAll("input[type=radio]");
      radios.forEach(function (radio) { if (radio.value === more.chosen) { radio.checked = true; } });
      if (radios[more.index]) { radios[more.index].focus(); }
    }
    more = null;
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
