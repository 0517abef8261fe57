/* The main menu: the phone's Menu button, and drop-downs that close as people expect
   (another one opened, a click elsewhere, Escape). Without this script the menu is simply
   shown open (the html element keeps its "no-js" class). */
(function () {
  document.documentElement.classList.remove("no-js");
  document.addEventListener("DOMContentLoaded", function () {
    var toggle = document.querySelector(".menu-toggle");
    var menu = document.getElementById("site-menu");
    if (!toggle || !menu) return;
    var groups = menu.querySelectorAll("details.nav-group");
    toggle.addEventListener("click", function () {
      var open = toggle.getAttribute("aria-expanded") !== "true";
      toggle.setAttribute("aria-expanded", String(open));
      menu.classList.toggle("open", open);
    });
    groups.forEach(function (group) {
      group.addEventListener("toggle", function () {
        if (!group.open) return;
        groups.forEach(function (other) { if (other !== group) other.open = false; });
      });
    });
    document.addEventListener("click", function (event) {
      groups.forEach(function (group) { if (!group.contains(event.target)) group.open = false; });
    });
    document.addEventListener("keydown", function (event) {
      if (event.key !== "Escape") return;
      groups.forEach(function (group) {
        if (group.open) { group.open = false; group.querySelector("summary").focus(); }
      });
    });
  });
})();
