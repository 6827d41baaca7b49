// The village autocomplete (vss/geo/fields.py VillageInput) asks for the villages that
// match what is typed, sent as `q` whatever the input's own name. Done here because the
// Content-Security-Policy refuses the `js:` hx-vals that would evaluate it in the page.
document.addEventListener("htmx:configRequest", function (event) {
  const input = event.detail.elt;
  if (!(input instanceof HTMLInputElement) || !input.classList.contains("village-input")) return;
  event.detail.parameters.q = input.value;
});
