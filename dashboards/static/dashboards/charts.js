/* Dashboard trend charts (templates/dashboards/_trend_chart.html). Each canvas names the
   json_script element holding its data: {"labels": [...], "datasets": [{"label", "data"}],
   "y": {"min", "max", "suffix", "integer"}}. Lines differ in dash and point shape as well
   as colour, and the table beside each chart carries the same numbers. */
(function () {
  "use strict";

  var COLOURS = ["#0570b0", "#d95f02", "#1b9e77", "#7570b3"];
  var DASHES = [[], [6, 4], [2, 3], [10, 3, 2, 3]];
  var POINTS = ["circle", "rectRot", "triangle", "rect"];

  function cssVar(name, fallback) {
    var value = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
    return value || fallback;
  }

  function draw(canvas) {
    var source = document.getElementById(canvas.dataset.chart);
    if (!source || !window.Chart || canvas.dataset.drawn) return;
    canvas.dataset.drawn = "true";
    var data = JSON.parse(source.textContent);
    var text = cssVar("--pico-color", "#373c44");
    var y = data.y || {};
    var suffix = y.suffix || "";
    new window.Chart(canvas, {
      type: "line",
      data: {
        labels: data.labels,
        datasets: data.datasets.map(function (dataset, n) {
          var colour = COLOURS[n % COLOURS.length];
          return {
            label: dataset.label,
            data: dataset.data,
            borderColor: colour,
            backgroundColor: colour,
            borderDash: DASHES[n % DASHES.length],
            pointStyle: POINTS[n % POINTS.length],
            pointRadius: 4,
            spanGaps: false,
          };
        }),
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        plugins: {
          legend: { labels: { color: text, usePointStyle: true } },
          tooltip: {
            callbacks: {
              label: function (item) { return item.dataset.label + ": " + item.formattedValue + suffix; },
            },
          },
        },
        scales: {
          x: { ticks: { color: text } },
          y: {
            min: y.min,
            max: y.max,
            ticks: {
              color: text,
              precision: y.integer ? 0 : undefined,
              callback: function (value) { return value + suffix; },
            },
          },
        },
      },
    });
  }

  function init() {
    document.querySelectorAll("canvas[data-chart]").forEach(draw);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
