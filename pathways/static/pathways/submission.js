/* The submission editor: let HTMX show autosave refusals (422) beside the field, and count
   the words of written responses as they are typed. */
(function () {
  "use strict";

  if (window.htmx) {
    htmx.config.responseHandling = [
      { code: "204", swap: false },
      { code: "[23]..", swap: true },
      { code: "422", swap: true },
      { code: "[45]..", swap: false, error: true },
      { code: "...", swap: true },
    ];
  }

  function words(text) {
    var trimmed = text.trim();
    return trimmed ? trimmed.split(/\s+/).length : 0;
  }

  function count(textarea) {
    var line = document.getElementById(textarea.dataset.wordCount);
    if (!line) return;
    var n = words(textarea.value);
    var limit = parseInt(textarea.dataset.wordLimit, 10);
    line.querySelector("[data-words]").textContent = n;
    line.classList.toggle("over-limit", !isNaN(limit) && n > limit);
  }

  document.querySelectorAll("textarea[data-word-count]").forEach(function (textarea) {
    textarea.addEventListener("input", function () { count(textarea); });
  });
})();
