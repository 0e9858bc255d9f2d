// Insights: draw the bar charts from the numbers the page carries (the same numbers are in the
// tables beside each chart).
(function () {
  "use strict";
  var source = document.getElementById("chart-data");
  if (!source || typeof Chart === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  var options = {animation: false, responsive: true, plugins: {legend: {display: false}},
                 scales: {y: {beginAtZero: true, ticks: {precision: 0}}}};
  function bar(id, labels, sets, legend) {
    var canvas = document.getElementById(id);
    if (!canvas) { return; }
    new Chart(canvas, {type: "bar", data: {labels: labels, datasets: sets},
      options: Object.assign({}, options, {plugins: {legend: {display: !!legend}}})});
  }
  bar("chart-funnel", data.funnel.labels, [{label: "People", data: data.funnel.values, backgroundColor: "#0172ad"}]);
  bar("chart-weeks", data.weeks.labels, [{label: "Messages", data: data.weeks.messages, backgroundColor: "#0172ad"},
                                         {label: "Meetings", data: data.weeks.meetings, backgroundColor: "#f2a900"}], true);
  bar("chart-rates", data.rates.labels, [{label: "% answered", data: data.rates.values, backgroundColor: "#2f9e44"}]);
  bar("chart-replies", data.replies.labels, [{label: "Replies", data: data.replies.values, backgroundColor: "#845ef7"}]);
})();
