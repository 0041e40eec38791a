/* Today view: when the trip is under way, highlight today and jump to it once per visit. No network, no libraries. */
(function () {
  "use strict";
  function localISO(d) {
    var m = String(d.getMonth() + 1).padStart(2, "0"), day = String(d.getDate()).padStart(2, "0");
    return d.getFullYear() + "-" + m + "-" + day;
  }
  function init() {
    var today = localISO(new Date());
    var section = document.querySelector('section.day[data-date="' + today + '"]');
    if (!section) return;
    var link = document.querySelector('.daynav a[data-date="' + today + '"]');
    if (link) link.classList.add("is-today");
    var todayLink = document.querySelector(".today-link");
    if (todayLink) { todayLink.href = "#" + section.id; todayLink.hidden = false; }
    var key = "infoprep-jumped-" + today;
    if (!location.hash && !sessionStorage.getItem(key)) {
      sessionStorage.setItem(key, "1");
      section.scrollIntoView();
    }
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init); else init();
})();
