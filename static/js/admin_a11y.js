// Gives the admin's unnamed controls an accessible name (WCAG 1.3.1, 4.1.2), from the visible label they sit
// under, so screen readers hear e.g. "Börjar, datum", "Organisatörer, sök" or "Sida, rad 2":
// - the date and time halves of a date-time field;
// - the search box and the closed box (role=combobox) of select2's autocomplete fields;
// - the fields of tabular inlines (parties, opening hours, presenters, memberships), whose only label is
//   their column heading, and the rows' delete boxes;
// - the two-column filter widget's help icons, a span with aria-label that needs a role to carry it.
// The words come translated from the script tag (templates/admin/base_site.html).
(function () {
  "use strict";

  const words = document.currentScript.dataset;

  function clean(text) {
    return text.replace(/[:?]\s*$/, "").replace(/\s+/g, " ").trim();
  }

  function labelText(input, id) {
    // The field's <label for=…>, or (date-time fields, whose label points nowhere) the label of its row.
    const label =
      (id && document.querySelector('label[for="' + id + '"]')) ||
      input.closest(".form-row, .fieldBox")?.querySelector("label");
    return label ? clean(label.textContent) : columnText(input);
  }

  function columnText(input) {
    // In a tabular inline: the heading of the input's column and the row's number.
    const cell = input.closest("td");
    const table = input.closest("table");
    const row = input.closest("tr.form-row");
    if (!cell || !table || !row) return "";
    const heading = table.querySelectorAll("thead th")[cell.cellIndex];
    if (!heading) return "";
    let text = "";
    heading.childNodes.forEach(function (node) {
      if (node.nodeType === Node.TEXT_NODE) text += node.textContent;
    });
    const rows = Array.from(table.querySelectorAll("tbody tr.form-row:not(.empty-form)"));
    const number = rows.indexOf(row) + 1;
    return clean(text) + (number > 0 ? ", " + words.row + " " + number : "");
  }

  function hasName(element) {
    return element.hasAttribute("aria-label") || element.labels?.length;
  }

  function name(input, suffix, fieldId) {
    if (hasName(input)) return;
    const base = labelText(input, fieldId);
    if (base || suffix) input.setAttribute("aria-label", base && suffix ? base + ", " + suffix : base || suffix);
  }

  function labelAll() {
    document.querySelectorAll("input.vDateField, input.vTimeField").forEach(function (input) {
      const fieldId = input.id.replace(/_[01]$/, "_0");
      name(input, input.classList.contains("vDateField") ? words.date : words.time, fieldId);
    });
    document.querySelectorAll(".select2-container").forEach(function (container) {
      const select = container.previousElementSibling;
      if (!select || select.tagName !== "SELECT") return;
      const base = labelText(select, select.id);
      container.querySelectorAll(".select2-search__field").forEach(function (input) {
        if (!hasName(input)) input.setAttribute("aria-label", base + ", " + words.search);
      });
      container.querySelectorAll("[role=combobox], [role=textbox]").forEach(function (box) {
        if (!box.hasAttribute("aria-label") && base) box.setAttribute("aria-label", base);
      });
    });
    document.querySelectorAll(".tabular tr.form-row input, .tabular tr.form-row select, .tabular tr.form-row textarea")
      .forEach(function (input) {
        if (input.type !== "hidden") name(input, "", "");
      });
    document.querySelectorAll(".help-tooltip[aria-label]:not([role])").forEach(function (icon) {
      icon.setAttribute("role", "img");
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    labelAll();
    new MutationObserver(labelAll).observe(document.body, { childList: true, subtree: true });
  });
})();
