// The plan page: keep the running total in view as questions are ticked; the server counts
// again on save.
(function () {
  "use strict";
  var total = document.getElementById("total");
  if (!total) { return; }
  var base = Number(total.dataset.base);
  var slot = Number(total.dataset.slot);
  var boxes = document.querySelectorAll("input[data-minutes]");
  function count() {
    var sum = base;
    boxes.forEach(function (box) { if (box.checked) { sum += Number(box.dataset.minutes); } });
    total.textContent = sum;
    total.closest(".plan-total").classList.toggle("over", sum > slot);
  }
  boxes.forEach(function (box) { box.addEventListener("change", count); });
})();
