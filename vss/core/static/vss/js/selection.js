// A list's "tick every row on this page" box ticks or unticks the row boxes of its form
// (data-select-all names them); the Content-Security-Policy allows no inline handler.
document.addEventListener("change", function (event) {
  const all = event.target.closest("input[data-select-all]");
  if (!all || !all.form) return;
  const boxes = all.form.querySelectorAll('input[type="checkbox"][name="' + all.dataset.selectAll + '"]');
  boxes.forEach(function (box) {
    box.checked = all.checked;
  });
});
