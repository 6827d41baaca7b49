// Choosing a language in the top bar's menu switches to it at once (the Content-Security-
// Policy allows no inline handler, so this file does what onchange="" did).
document.addEventListener("change", function (event) {
  const select = event.target.closest("#language-select");
  if (select) select.form.submit();
});
