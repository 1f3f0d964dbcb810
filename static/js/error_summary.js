// The error summary (templates/includes/error_summary.html) takes the focus when the page loads, so a
// screen reader reads the errors first; its links move the focus into the field they name.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    const summary = document.getElementById("error-summary");
    if (!summary) return;
    summary.focus();
    summary.addEventListener("click", function (event) {
      const link = event.target.closest("a[href^='#']");
      const field = link && document.getElementById(link.getAttribute("href").slice(1));
      if (!field) return;
      event.preventDefault();
      field.focus();
      field.scrollIntoView({ block: "center" });
    });
  });
})();
