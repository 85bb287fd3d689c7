// Navigation menus are <details> elements and work without this file. With it: opening one menu closes the
// others, and Escape or a click elsewhere closes an open menu (Escape returns focus to its summary).
(function () {
    "use strict";
    function menus() { return Array.prototype.slice.call(document.querySelectorAll("details.menu")); }
    document.addEventListener("toggle", function (event) {
        var opened = event.target;
        if (!(opened instanceof HTMLDetailsElement) || !opened.classList.contains("menu") || !opened.open) { return; }
        menus().forEach(function (other) { if (other !== opened) { other.open = false; } });
    }, true);
    document.addEventListener("click", function (event) {
        menus().forEach(function (menu) { if (menu.open && !menu.contains(event.target)) { menu.open = false; } });
    });
    document.addEventListener("keydown", function (event) {
        if (event.key !== "Escape") { return; }
        menus().forEach(function (menu) {
            if (menu.open) {
                menu.open = false;
                var summary = menu.querySelector("summary");
                if (summary && menu.contains(document.activeElement)) { summary.focus(); }
            }
        });
    });
})();
