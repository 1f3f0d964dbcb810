// Gives the admin's unlabelled inputs an accessible name (WCAG 1.3.1, 4.1.2): the date and time halves of a
// date-time field, and the search box select2 adds to autocomplete fields. The name comes from the field's
// own <label>, so screen readers hear e.g. "Börjar, datum" and "Organisatörer, sök".
(function () {
  "use strict";

  function labelText(input, id) {
    // The field's <label for=…>, or (date-time fields, whose label points nowhere) the label of its row.
    const label =
      (id && document.querySelector('label[for="' + id + '"]')) ||
      input.closest(".form-row, .fieldBox")?.querySelector("label");
    return label ? label.textContent.replace(/:\s*$/, "").trim() : "";
  }

  function name(input, suffix, fieldId) {
    if (input.hasAttribute("aria-label") || input.labels?.length) return;
    const base = labelText(input, fieldId);
    input.setAttribute("aria-label", base ? base + ", " + suffix : suffix);
  }

  function labelAll() {
    document.querySelectorAll("input.vDateField, input.vTimeField").forEach(function (input) {
      const fieldId = input.id.replace(/_[01]$/, "_0");
      name(input, input.classList.contains("vDateField") ? "datum" : "tid", fieldId);
    });
    document.querySelectorAll(".select2-search__field").forEach(function (input) {
      const select = input.closest(".select2-container")?.previousElementSibling;
      name(input, "sök", select && select.id);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    labelAll();
    new MutationObserver(labelAll).observe(document.body, { childList: true, subtree: true });
  });
})();
