// Progressive enhancement: the release date is already in the page; this only adds "N days to go".
(function () {
  "use strict";
  var DAY = 24 * 60 * 60 * 1000;
  document.querySelectorAll("[data-countdown]").forEach(function (element) {
    var parts = element.getAttribute("data-countdown").split("-").map(Number);
    if (parts.length !== 3 || parts.some(isNaN)) return;
    var release = new Date(parts[0], parts[1] - 1, parts[2]);
    var now = new Date();
    var today = new Date(now.getFullYear(), now.getMonth(), now.getDate());
    var days = Math.round((release - today) / DAY);
    var left = element.querySelector(".countdown__left");
    if (!left || days < 0) return;
    left.textContent = days === 0 ? "out today" : days === 1 ? "1 day to go" : days + " days to go";
  });
})();
