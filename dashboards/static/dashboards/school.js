/* The school dashboard's own charts (the monthly trends are dashboards/charts.js's).
   Each canvas carries data-school-chart="goal" or "growth" and data-source, the id of the
   json_script element holding its numbers; the table beside each chart has the same ones.
   - goal: the straight line from baseline to target (dashed) and the recorded values, on
     an axis of days since the goal's start (ticks and tooltips show dates);
   - growth: mean level by domain in the previous and the latest round, as bars. */
(function () {
  "use strict";

  var PREVIOUS = "#a6bddb";
  var LATEST = "#0570b0";

  function cssVar(name, fallback) {
    var value = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
    return value || fallback;
  }

  function dateLabel(start, days) {
    var date = new Date(start + "T00:00:00");
    date.setDate(date.getDate() + Math.round(days));
    return date.toLocaleDateString(undefined, { day: "numeric", month: "short", year: "2-digit" });
  }

  function goalChart(canvas, data, text) {
    var primary = cssVar("--pico-primary", "#0172ad");
    var muted = cssVar("--pico-muted-color", "#646b79");
    var xs = data.points.map(function (point) { return point.x; });
    return new window.Chart(canvas, {
      type: "scatter",
      data: {
        datasets: [
          {
            label: "The line from baseline to target",
            data: data.line,
            showLine: true,
            borderColor: muted,
            backgroundColor: muted,
            borderDash: [6, 4],
            pointRadius: 3,
            pointStyle: "rectRot",
          },
          {
            label: "Progress",
            data: data.points,
            showLine: true,
            borderColor: primary,
            backgroundColor: primary,
            pointRadius: 5,
          },
        ],
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        plugins: {
          legend: { labels: { color: text, usePointStyle: true } },
          tooltip: {
            callbacks: {
              title: function (items) { return dateLabel(data.start, items[0].parsed.x); },
            },
          },
        },
        scales: {
          x: {
            type: "linear",
            min: Math.min.apply(null, [0].concat(xs)),
            max: Math.max.apply(null, [data.line[1].x].concat(xs)),
            ticks: {
              color: text,
              maxTicksLimit: 5,
              callback: function (value) { return dateLabel(data.start, value); },
            },
          },
          y: { title: { display: true, text: data.measure, color: text }, ticks: { color: text } },
        },
      },
    });
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

  var DRAW = { goal: goalChart, growth: growthChart };

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
