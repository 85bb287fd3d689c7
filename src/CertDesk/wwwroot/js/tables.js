// A table wider than its region (.table-wrap) scrolls sideways inside it. The pages work without this file; with it,
// a wide table says so in a line above it, and its region takes keyboard focus so the arrow keys can scroll it.
(function () {
    "use strict";
    function update(wrap) {
        var wide = wrap.scrollWidth > wrap.clientWidth + 1;
        var hint = wrap.previousElementSibling;
        if (!hint || !hint.classList.contains("scroll-hint")) {
            if (!wide) { return; }
            hint = document.createElement("p");
            hint.className = "scroll-hint";
            hint.textContent = "Scroll the table sideways to see every column.";
            wrap.parentNode.insertBefore(hint, wrap);
        }
        hint.hidden = !wide;
        if (wide) {
            wrap.setAttribute("tabindex", "0");
            wrap.setAttribute("role", "region");
            wrap.setAttribute("aria-label", label(wrap));
        } else {
            wrap.removeAttribute("tabindex");
            wrap.removeAttribute("role");
            wrap.removeAttribute("aria-label");
        }
    }
    // The region is named by the table's caption, else by its section's heading; two regions never share a name.
    function label(wrap) {
        if (wrap.hasAttribute("aria-label")) { return wrap.getAttribute("aria-label"); }
        var caption = wrap.querySelector("caption");
        var section = wrap.closest("section");
        var heading = section && section.querySelector("h2, h3");
        var name = (caption && caption.textContent.trim()) || (heading && heading.textContent.trim()) || "Table";
        var taken = Array.prototype.map.call(document.querySelectorAll(".table-wrap[aria-label]"), function (w) { return w.getAttribute("aria-label"); });
        var unique = name;
        for (var n = 2; taken.indexOf(unique) >= 0; n++) { unique = name + " (" + n + ")"; }
        return unique;
    }
    function all() { Array.prototype.forEach.call(document.querySelectorAll(".table-wrap"), update); }
    if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", all); } else { all(); }
    var pending = 0;
    window.addEventListener("resize", function () {
        if (pending) { return; }
        pending = window.requestAnimationFrame(function () { pending = 0; all(); });
    });
})();
