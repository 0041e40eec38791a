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

  /* The page's language: phrases from the page's JSON block (render/script_words.py), else English. */
  var WORDS = (function () {
    var block = document.getElementById("infoprep-words");
    try { return block ? JSON.parse(block.textContent) : {}; } catch (e) { return {}; }
  })();
  var LANG = document.documentElement.lang || undefined;

  function ago(then, now) {
    var minutes = Math.max(0, Math.round((now - then) / 60000));
    var hours = Math.round(minutes / 60);
    var days = Math.round(hours / 24);
    if (minutes < 2) return typeof WORDS.just_now === "string" && WORDS.just_now ? WORDS.just_now : "just now";
    if (window.Intl && Intl.RelativeTimeFormat) {  /* "vor 5 Minuten", "5 分前": the browser knows each language */
      var say = new Intl.RelativeTimeFormat(LANG, { numeric: "auto" });
      if (minutes < 90) return say.format(-minutes, "minute");
      return hours < 36 ? say.format(-hours, "hour") : say.format(-days, "day");
    }
    if (minutes < 90) return minutes + " minutes ago";
    if (hours < 36) return hours + " hours ago";
    return days + " days ago";
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
    var phrase = typeof WORDS.offline === "string" && WORDS.offline ? WORDS.offline
      : "No connection: this is the copy saved on this device%(when)s. Changes published since then will show when you are back online.";
    box.textContent = phrase.replace("%(when)s", when);
    var main = document.querySelector("main");
    if (main) main.insertBefore(box, main.firstChild); else document.body.insertBefore(box, document.body.firstChild);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", note); else note();
})();
