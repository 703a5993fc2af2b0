// Small page behaviours, here rather than in inline handlers so that the Content-Security-Policy
// can forbid inline scripts: a select that submits its form, a button that prints the page.
document.addEventListener("change", function (event) {
  var field = event.target.closest && event.target.closest("[data-autosubmit]");
  if (field && field.form) field.form.submit();
});
document.addEventListener("click", function (event) {
  if (event.target.closest && event.target.closest("[data-print]")) window.print();
});
