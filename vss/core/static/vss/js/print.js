// A button marked data-print prints the page (recovery codes): a static file, since the
// Content-Security-Policy allows no inline script or event handler.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () {
      window.print();
    });
  });
});
