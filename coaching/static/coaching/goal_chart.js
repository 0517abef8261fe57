/* A goal's progress chart (the goal's page, the school dashboard): the straight line from
   baseline to target (dashed) and the recorded values, drawn from the json_script element
   named by the canvas's data-goal-chart. The x axis counts days from the goal's start;
   ticks and tooltips show them as dates. */
(function () {
  "use strict";

  function cssVar(name, fallback) {
    var value = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
    return value || fallback;
  }

  function dateLabel(start, days) {
    var date = new Date(start + "T00:00:00");
    date.setDate(date.getDate() + Math.round(days));
    return date.toLocaleDateString(undefined, { day: "numeric", month: "short" });
  }

  function draw(canvas) {
    var source = document.getElementById(canvas.dataset.goalChart);
    if (!source || !window.Chart) return;
    var data = JSON.parse(source.textContent);
    var primary = cssVar("--pico-primary", "#0172ad");
    var muted = cssVar("--pico-muted-color", "#646b79");
    var text = cssVar("--pico-color", "#373c44");
    var end = data.line[1].x;
    var xs = data.points.map(function (point) { return point.x; });
    new window.Chart(canvas, {
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
          legend: { labels: { color: text } },
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
            max: Math.max.apply(null, [end].concat(xs)),
            ticks: {
              color: text,
              maxTicksLimit: 6,
              callback: function (value) { return dateLabel(data.start, value); },
            },
          },
          y: { title: { display: true, text: data.measure, color: text }, ticks: { color: text } },
        },
      },
    });
  }

  function init() {
    document.querySelectorAll("canvas[data-goal-chart]").forEach(draw);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
