/* The submission editor: count the words of written responses as they are typed
   (htmx_refusals.js shows the autosave's refusals beside the field). */
(function () {
  "use strict";

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

  // Listen on the document, and count once on load as well: text typed before this script
  // ran (a fast typist, a restored form) is counted too.
  document.addEventListener("input", function (event) {
    if (event.target.matches("textarea[data-word-count]")) count(event.target);
  });
  document.querySelectorAll("textarea[data-word-count]").forEach(count);
})();
