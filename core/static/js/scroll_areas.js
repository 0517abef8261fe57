/* A table wider than its box scrolls sideways in a .table-wrap; a keyboard user reaches it
   with Tab and scrolls it with the arrow keys, and a screen reader names it (WCAG 2.1.1,
   axe's scrollable-region-focusable). Templates may set these attributes themselves (the
   dashboards do); any other .table-wrap that overflows gets them here, also after an HTMX
   swap or a resize, and loses them again when it no longer overflows. */
(function () {
  function name(wrap) {
    var caption = wrap.querySelector("caption");
    var text = caption ? caption.textContent.replace(/\s+/g, " ").trim() : "Table";
    return text + " (scrolls sideways)";
  }
  function mark(root) {
    (root || document).querySelectorAll(".table-wrap").forEach(function (wrap) {
      if (wrap.hasAttribute("tabindex") && !wrap.hasAttribute("data-scroll-area")) return; // the template's own
      var overflows = wrap.scrollWidth > wrap.clientWidth + 1;
      if (overflows && !wrap.hasAttribute("data-scroll-area")) {
        wrap.setAttribute("data-scroll-area", "");
        wrap.setAttribute("tabindex", "0");
        wrap.setAttribute("role", "region");
        if (!wrap.hasAttribute("aria-label") && !wrap.hasAttribute("aria-labelledby")) {
          wrap.setAttribute("aria-label", name(wrap));
        }
      } else if (!overflows && wrap.hasAttribute("data-scroll-area")) {
        ["data-scroll-area", "tabindex", "role", "aria-label"].forEach(function (a) { wrap.removeAttribute(a); });
      }
    });
  }
  var pending;
  document.addEventListener("DOMContentLoaded", function () { mark(document); });
  window.addEventListener("load", function () { mark(document); });
  window.addEventListener("resize", function () { clearTimeout(pending); pending = setTimeout(function () { mark(document); }, 150); });
  document.addEventListener("htmx:afterSettle", function () { mark(document); });
})();
