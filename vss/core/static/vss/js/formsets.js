// "Add another" for Django formsets: clone the empty form kept in a <template>, number
// it, and bump TOTAL_FORMS so the server sees the new row.
document.addEventListener("click", function (event) {
  const button = event.target.closest(".formset .add-row");
  if (!button) return;
  const formset = button.closest(".formset");
  const prefix = formset.dataset.prefix;
  const total = formset.querySelector(`input[name="${prefix}-TOTAL_FORMS"]`);
  const max = formset.querySelector(`input[name="${prefix}-MAX_NUM_FORMS"]`);
  const count = parseInt(total.value, 10);
  if (max && count >= parseInt(max.value, 10)) return;
  const html = formset.querySelector("template").innerHTML.replace(/__prefix__/g, String(count));
  const rows = formset.querySelector(".formset-rows");
  rows.insertAdjacentHTML("beforeend", html);
  total.value = String(count + 1);
  if (window.htmx) window.htmx.process(rows.lastElementChild);
});

// Filing a form for a person already registered (offered by the live duplicate check).
document.addEventListener("click", function (event) {
  const link = event.target.closest("[data-link-person]");
  const unlink = event.target.closest("[data-unlink-person]");
  if (!link && !unlink) return;
  const input = document.getElementById("link-person");
  const notice = document.getElementById("linked-person");
  if (!input || !notice) return;
  input.value = link ? link.dataset.linkPerson : "";
  document.getElementById("linked-person-name").textContent = link ? link.dataset.linkName : "";
  notice.hidden = !link;
  // The typed applicant is not used once a registered person is chosen.
  notice.closest("fieldset").querySelectorAll(".grid input, .grid select, .grid textarea").forEach(function (field) {
    field.disabled = Boolean(link);
  });
});
