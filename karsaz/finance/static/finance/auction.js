/* The live auction's countdown (finance/auction.html): the time left to the close, counted
   against the server's clock (data-now-ms, sent with the page) so a wrong phone clock does not
   move it; hours:minutes:seconds in the page's digits. No network: the bids refresh by htmx. */
(function () {
  "use strict";
  var FA = "۰۱۲۳۴۵۶۷۸۹";

  function pageDigits(text) {
    if ((document.documentElement.lang || "fa").indexOf("fa") !== 0) return text;
    return text.replace(/[0-9]/g, function (d) { return FA.charAt(Number(d)); });
  }

  function two(n) { return (n < 10 ? "0" : "") + n; }

  function start(box) {
    var closes = Number(box.getAttribute("data-closes-ms"));
    var offset = Number(box.getAttribute("data-now-ms")) - Date.now();
    var out = box.querySelector("[data-countdown-left]");
    if (!closes || !out) return;
    function tick() {
      var left = Math.max(0, Math.floor((closes - (Date.now() + offset)) / 1000));
      if (left === 0) {
        box.textContent = box.getAttribute("data-closed-text");
        box.classList.add("closed");
        return;
      }
      var h = Math.floor(left / 3600), m = Math.floor((left % 3600) / 60), s = left % 60;
      out.textContent = pageDigits(two(h) + ":" + two(m) + ":" + two(s));
      window.setTimeout(tick, 1000 - (Date.now() % 1000));
    }
    tick();
  }

  function init() {
    var boxes = document.querySelectorAll("[data-countdown]");
    for (var i = 0; i < boxes.length; i++) start(boxes[i]);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
