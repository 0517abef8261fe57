/* Scoring a review: the decision line says, as requirements are marked, whether the
   credential would be earned. The server decides the same from the submitted marks. */
(function () {
  var form = document.getElementById("scoring-form");
  var summary = document.getElementById("decision-summary");
  if (!form || !summary) return;
  function plural(count, word) { return count + " " + word + (count === 1 ? "" : "s"); }
  function update() {
    var groups = {}, names = [];
    form.querySelectorAll('input[type="radio"][name^="passed_"]').forEach(function (input) {
      if (!(input.name in groups)) { groups[input.name] = null; names.push(input.name); }
      if (input.checked) { groups[input.name] = input.value; }
    });
    var unmarked = names.filter(function (n) { return groups[n] === null; }).length;
    var notYet = names.filter(function (n) { return groups[n] === "not_yet"; }).length;
    if (notYet) { summary.textContent = "Not yet: " + notYet + " of " + plural(names.length, "requirement") + " not yet passed."; }
    else if (unmarked) { summary.textContent = plural(unmarked, "requirement") + " still to mark. The credential is earned when all pass."; }
    else { summary.textContent = "Earned: every requirement passes."; }
  }
  form.addEventListener("change", update);
  update();
})();
