/* infoprep serve's preview script: served at /__infoprep__/preview.js and added to every page the
 * preview answers with (never to a built site). The server pushes an event (Server-Sent Events) after
 * each rebuild: `changed` names the output files that differ from what was served before. A page
 * reloads only when its own file changed, and comes back where it was scrolled to; a failed rebuild
 * shows its located error over the last good page, until a rebuild succeeds.
 * The page's version (the script's ?v=) lets the server tell a page built before the script connected
 * everything that changed since. A private page's shell replaces itself (decrypt.js), hence the retries.
 * Before reloading, a cancelable `infoprep-rebuilt` event goes to the window: a private page takes it and
 * opens its new build in place with the key it holds in memory (a reload would ask for the passphrase).
 * The page shown can change without a reload (decrypt.js follows links with history.pushState), so which
 * file it is is read from the address each time.
 * The preview keeps no offline copy: the server answers no sw.js, and a worker left on this address (an
 * earlier preview's) is removed. Each rebuild would otherwise install a new worker that saves the changed
 * files again (the binder each time), on the processor the PDFs render on. */
(function () {
  "use strict";
  var me = document.currentScript;
  var version = Number(new URL(me.src).searchParams.get("v") || 0);

  function shown() {
    var here = decodeURIComponent(location.pathname).replace(/^\//, "");
    return here === "" || /\/$/.test(here) ? here + "index.html" : here;
  }

  function scrollKey() { return "infoprep-preview-scroll:" + shown(); }

  function banner(message) {
    var box = document.getElementById("infoprep-error");
    if (!message) {
      if (box) box.remove();
      return;
    }
    if (!box) {
      box = document.createElement("pre");
      box.id = "infoprep-error";
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;left:0;right:0;bottom:0;margin:0;max-height:50vh;overflow:auto;" +
        "background:#8a1f1f;color:#fff;padding:12px;font:14px/1.4 monospace;z-index:99;white-space:pre-wrap";
      document.body.appendChild(box);
    }
    box.textContent = "infoprep: the last rebuild failed; showing the previous build.\n\n" + message;
  }

  /* Whether the page reloads (false: a private page took the event and refreshes itself). */
  function reload() {
    if (!window.dispatchEvent(new CustomEvent("infoprep-rebuilt", { cancelable: true }))) return false;
    try {
      sessionStorage.setItem(scrollKey(), JSON.stringify([window.scrollX, window.scrollY]));
    } catch (e) { /* storage off: reload at the top */ }
    location.reload();
    return true;
  }

  function restore() {
    var saved;
    try {
      saved = JSON.parse(sessionStorage.getItem(scrollKey()) || "null");
      sessionStorage.removeItem(scrollKey());
    } catch (e) {
      return;
    }
    if (!saved) return;
    var tries = 0;
    (function again() {  // a private page is tall only once decrypt.js has replaced the shell
      var tall = document.documentElement.scrollHeight >= saved[1] + window.innerHeight;
      if (tall || tries++ > 40) {
        window.scrollTo(saved[0], saved[1]);
        return;
      }
      setTimeout(again, 50);
    })();
  }

  function connect() {
    var events = new EventSource("/__infoprep__/events?since=" + version);
    events.onmessage = function (message) {
      var state = JSON.parse(message.data);
      version = state.version;
      banner(state.error);
      if (!state.error && (state.all || state.changed.indexOf(shown()) >= 0) && reload()) events.close();
    };
    events.onerror = function () {
      if (events.readyState === EventSource.CLOSED) setTimeout(connect, 1000);  // else the browser retries itself
    };
  }

  function noOfflineCopy() {
    if (!navigator.serviceWorker) return;
    navigator.serviceWorker.getRegistrations().then(function (all) {
      all.forEach(function (registration) { registration.unregister(); });
    }).catch(function () { /* none to remove */ });
  }

  noOfflineCopy();
  restore();
  connect();
})();
