// A table wider than the screen scrolls inside its own box, not the page: each table of
// the page (and of what HTMX brings into it) is put in a .table-scroll box. While the box
// does scroll, keyboard users can reach it (tabindex) and screen readers name it after
// the table's caption or the heading above it.
(function () {
  // From here on the boxes are this script's: the style for pages without it steps aside.
  document.documentElement.classList.add("scripted");
  let headings = 0;

  function headingBefore(element) {
    for (let node = element; node && node !== document.body; node = node.parentElement) {
      for (let sibling = node.previousElementSibling; sibling; sibling = sibling.previousElementSibling) {
        const heading = sibling.matches("h1, h2, h3, h4, legend")
          ? sibling
          : sibling.querySelector("h1, h2, h3, h4");
        if (heading) return heading;
      }
    }
    return document.querySelector("main h1");
  }

  function label(box, table) {
    const named = table.caption || headingBefore(box);
    if (!named) return;
    if (!named.id) named.id = "table-heading-" + ++headings;
    box.setAttribute("aria-labelledby", named.id);
  }

  function wrap(root) {
    const tables = Array.from(root.querySelectorAll("main table"));
    if (root.matches && root.matches("main table")) tables.push(root);
    tables.forEach(function (table) {
      if (table.parentElement.classList.contains("table-scroll")) return;
      const box = document.createElement("div");
      box.className = "table-scroll";
      table.parentElement.insertBefore(box, table);
      box.appendChild(table);
      label(box, table);
    });
    update();
  }

  function update() {
    document.querySelectorAll(".table-scroll").forEach(function (box) {
      if (box.scrollWidth > box.clientWidth) {
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
      } else {
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
      }
    });
  }

  let pending = false;
  window.addEventListener("resize", function () {
    if (pending) return;
    pending = true;
    window.requestAnimationFrame(function () {
      pending = false;
      update();
    });
  });
  document.addEventListener("DOMContentLoaded", function () { wrap(document); });
  document.addEventListener("htmx:load", function (event) { wrap(event.detail.elt); });
})();
