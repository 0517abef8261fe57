/* Self-assessment pages: draw the results' charts from the data the page carries in
   json_script tags, and keep the newest autosaved progress (htmx_refusals.js shows the
   autosave's refusals beside the field). */
(function () {
  "use strict";

  function cssVar(name, fallback) {
    var value = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
    return value || fallback;
  }

  function drawChart(canvas) {
    var source = document.getElementById(canvas.dataset.chart);
    if (!source || !window.Chart) return;
    var data = JSON.parse(source.textContent);
    // The box's height fits the number of bars; set here because the Content-Security-Policy
    // refuses style attributes in the page.
    var box = canvas.parentElement;
    if (box.dataset.height) box.style.height = box.dataset.height + "px";
    var levels = data.levels || [];
    var names = {};
    levels.forEach(function (level) { names[level.value] = level.name; });
    var top = levels.length ? levels[levels.length - 1].value : 4;
    var datasets = [{
      label: "This round",
      data: data.means,
      backgroundColor: cssVar("--pico-primary-background", "#0172ad"),
      borderRadius: 4,
    }];
    if (data.previous.some(function (value) { return value !== null; })) {
      datasets.push({
        label: "Previous round",
        data: data.previous,
        backgroundColor: cssVar("--pico-muted-border-color", "#cfd5e2"),
        borderRadius: 4,
      });
    }
    var text = cssVar("--pico-color", "#373c44");
    new window.Chart(canvas, {
      type: "bar",
      data: { labels: data.labels, datasets: datasets },
      options: {
        indexAxis: "y",
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        plugins: { legend: { display: datasets.length > 1, labels: { color: text } } },
        scales: {
          x: {
            min: 0,
            max: top,
            ticks: {
              stepSize: 1,
              color: text,
              callback: function (value) { return names[value] || value; },
            },
          },
          y: {
            ticks: {
              color: text,
              callback: function (value) {
                var label = this.getLabelForValue(value);
                return label.length > 42 ? label.slice(0, 40) + "…" : label;
              },
            },
          },
        },
      },
    });
  }

  // Autosaves answer in any order; each answer's progress is stamped when it was counted
  // (data-as-of, microseconds), and an answer counted earlier than the one shown is older
  // news: keep the count that saw every save so far.
  document.addEventListener("htmx:oobBeforeSwap", function (event) {
    var shown = event.detail.target;
    if (!shown || shown.id !== "sa-progress") return;
    var fragment = event.detail.fragment;
    var incoming = fragment.firstElementChild || fragment;
    if (Number(incoming.dataset.asOf) < Number(shown.dataset.asOf)) {
      event.detail.shouldSwap = false;
    }
  });

  function init() {
    document.querySelectorAll("canvas[data-chart]").forEach(drawChart);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
