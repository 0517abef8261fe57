/* Pages whose HTMX forms autosave: a refused save answers 422 with the form and its errors,
   which HTMX should swap in beside the field like a success instead of dropping. */
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
})();
