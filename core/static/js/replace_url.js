/* A page that answers a POST with a secret shown once marks itself with data-replace-url: its
   history entry becomes that plain GET address, so reloading shows the page again instead of
   re-sending the form (and issuing a second token or secret). A file rather than an inline
   script, which the Content-Security-Policy refuses. */
document.addEventListener("DOMContentLoaded", function () {
  var marker = document.querySelector("[data-replace-url]");
  if (marker) history.replaceState(null, "", marker.getAttribute("data-replace-url"));
});
