// Small page behaviours, here rather than in inline handlers so that the Content-Security-Policy
// can forbid inline scripts: a select that submits its form, a button that prints the page.
document.addEventListener("change", function (event) {
  var field = event.target.closest && event.target.closest("[data-autosubmit]");
  if (field && field.form) field.form.submit();
});
document.addEventListener("click", function (event) {
  if (event.target.closest && event.target.closest("[data-print]")) window.print();
});

// Text limits shown as the user types: "120 / 500" under every box with a maxlength, in the
// page's digits, so nobody learns the limit from an error after pressing Save.
(function () {
  var persian = document.documentElement.lang === "fa";
  function digits(n) {
    var text = String(n);
    return persian ? text.replace(/[0-9]/g, function (d) { return "۰۱۲۳۴۵۶۷۸۹"[d]; }) : text;
  }
  function counterFor(box) {
    var counter = document.createElement("small");
    counter.className = "char-count muted";
    counter.setAttribute("aria-live", "polite");
    box.insertAdjacentElement("afterend", counter);
    var update = function () {
      var max = box.maxLength;
      counter.textContent = digits(box.value.length) + " / " + digits(max);
      counter.classList.toggle("at-limit", box.value.length >= max);
    };
    box.addEventListener("input", update);
    update();
  }
  function attach(root) {
    var boxes = root.querySelectorAll("textarea[maxlength], input[type=text][maxlength]");
    for (var i = 0; i < boxes.length; i++) {
      var box = boxes[i];
      // Short fields (codes, names) need no counter; long texts do.
      if (box.maxLength > 255 && !box.dataset.counted) {
        box.dataset.counted = "1";
        counterFor(box);
      }
    }
  }
  document.addEventListener("DOMContentLoaded", function () { attach(document); });
  document.addEventListener("htmx:afterSwap", function (event) { attach(event.target); });
})();

// The Menu button of narrow screens opens and closes the navigation.
document.addEventListener("click", function (event) {
  var toggle = event.target.closest && event.target.closest(".menu-toggle");
  if (!toggle) return;
  var bar = toggle.closest(".topbar");
  var open = bar.classList.toggle("nav-open");
  toggle.setAttribute("aria-expanded", open ? "true" : "false");
});
