/* Reviewer figures: a bar of each reviewer's agreement rate, from the page's json_script data.
   The table beside it carries the same numbers for anyone without the chart. */
window.addEventListener("DOMContentLoaded", function () {
  var canvas = document.getElementById("review-stats-chart");
  var source = document.getElementById("review-stats-data");
  if (!canvas || !source || !window.Chart) return;
  var box = canvas.parentElement;
  if (box.dataset.height) box.style.height = box.dataset.height + "px";
  var data = JSON.parse(source.textContent);
  new window.Chart(canvas, {
    type: "bar",
    data: { labels: data.labels, datasets: [{ label: "Agreement (%)", data: data.agreement }] },
    options: { indexAxis: "y", maintainAspectRatio: false, scales: { x: { min: 0, max: 100 } } },
  });
});
