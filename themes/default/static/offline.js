/* Offline: register the site's service worker (sw.js at the site root, made by the build), and say so when the
 * page on screen is the copy saved on this device rather than the published one.
 *
 * Service workers run only over http(s); from file:// the site works as it always did, without an offline copy.
 * The worker marks a saved page with <meta name="infoprep-offline" content="ISO time saved">. */
(function () {
  "use strict";
  var script = document.currentScript;
  var ROOT = script ? new URL("../", script.src).href : null;

  if (ROOT && "serviceWorker" in navigator && /^https?:$/.test(location.protocol)) {
    navigator.serviceWorker.register(ROOT + "sw.js", { scope: ROOT, updateViaCache: "none" }).catch(function () {
      /* No worker (a host that refuses it, private browsing): the site still works online. */
    });
  }

  function ago(then, now) {
    var minutes = Math.max(0, Math.round((now - then) / 60000));
    if (minutes < 2) return "just now";
    if (minutes < 90) return minutes + " minutes ago";
    var hours = Math.round(minutes / 60);
    if (hours < 36) return hours + " hours ago";
    return Math.round(hours / 24) + " days ago";
  }

  /* The time as the trip writes it: its locale, 24-hour, in its time zone (meta infoprep-clock), never the
     browser's own 12-hour clock; the browser's way only when the page does not say. */
  function written(saved) {
    var clock = document.querySelector('meta[name="infoprep-clock"]');
    var parts = clock ? clock.getAttribute("content").split(" ") : [];
    var options = { weekday: "short", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23" };
    if (parts[1]) options.timeZone = parts[1];
    try {
      return saved.toLocaleString(parts[0] || undefined, options);
    } catch (e) {
      return saved.toLocaleString(undefined, { weekday: "short", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" });
    }
  }

  function note() {
    var meta = document.querySelector('meta[name="infoprep-offline"]');
    if (!meta || document.getElementById("infoprep-offline")) return;
    var saved = new Date(meta.getAttribute("content"));
    var box = document.createElement("p");
    box.id = "infoprep-offline";
    box.className = "offline-note";
    box.setAttribute("role", "status");
    var when = isNaN(saved.getTime()) ? "" : " " + ago(saved.getTime(), Date.now()) + " (" + written(saved) + ")";
    box.textContent = "No connection: this is the copy saved on this device" + when +
      ". Changes published since then will show when you are back online.";
    var main = document.querySelector("main");
    if (main) main.insertBefore(box, main.firstChild); else document.body.insertBefore(box, document.body.firstChild);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", note); else note();
})();
