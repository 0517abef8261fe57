/* The school dashboard's growth chart (goal charts are coaching/goal_chart.js's, monthly
   trends dashboards/charts.js's): mean level by domain in the previous and the latest
   round, as bars. The canvas carries data-school-chart="growth" and data-source, the id of
   the json_script element holding its numbers; the table beside it has the same ones. */
(function () {
  "use strict";

  var PREVIOUS = "#a6bddb";
  var LATEST = "#0570b0";

  function cssVar(name, fallback) {
    var value = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
    return value || fallback;
  }

  function growthChart(canvas, data, text) {
    return new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: data.labels,
        datasets: data.datasets.map(function (dataset, n) {
          var colour = n === 0 ? PREVIOUS : LATEST;
          return { label: dataset.label, data: dataset.data, backgroundColor: colour, borderColor: colour };
        }),
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        plugins: {
          legend: { labels: { color: text } },
          tooltip: {
            callbacks: {
              title: function (items) { return data.titles[items[0].dataIndex]; },
            },
          },
        },
        scales: {
          x: { ticks: { color: text } },
          y: { beginAtZero: true, ticks: { color: text } },
        },
      },
    });
  }

  var DRAW = { growth: growthChart };

  function draw(canvas) {
    var source = document.getElementById(canvas.dataset.source);
    var kind = DRAW[canvas.dataset.schoolChart];
    if (!source || !kind || !window.Chart || canvas.dataset.drawn) return;
    canvas.dataset.drawn = "true";
    kind(canvas, JSON.parse(source.textContent), cssVar("--pico-color", "#373c44"));
  }

  function init() {
    document.querySelectorAll("canvas[data-school-chart]").forEach(draw);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
