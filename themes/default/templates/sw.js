/* The service worker's code (infoprep puts BUILD, NETWORK_WAIT, SAVED and FILES before it, and wraps both in
 * a function: see generator/render/service_worker.py). Read as it is, not as a Jinja template. A theme may
 * override it with its own templates/sw.js. */
var PREFIX = "infoprep " + self.registration.scope + " ";
var CACHE = PREFIX + BUILD;
var DIGEST = "X-Infoprep-Digest";

function at(name) { return new URL(name, self.registration.scope).href; }

/* The file a request names, as listed in FILES; null for anything else. "x/" is x/index.html, and hosts with
 * "pretty URLs" serve network.html as "network". */
function listed(url) {
  var u = new URL(url);
  u.hash = "";
  u.search = "";
  var scope = self.registration.scope;
  if (u.href.indexOf(scope) !== 0) return null;
  var name;
  try { name = decodeURIComponent(u.href.slice(scope.length)); } catch (e) { return null; }
  if (name === "" || name.slice(-1) === "/") name += "index.html";
  if (Object.prototype.hasOwnProperty.call(FILES, name)) return name;
  if (Object.prototype.hasOwnProperty.call(FILES, name + ".html")) return name + ".html";
  if (Object.prototype.hasOwnProperty.call(FILES, name + "/index.html")) return name + "/index.html";
  return null;
}

/* Only the type is kept from a response's headers: its length and encoding describe bytes on the wire, not
 * the body saved. */
function headersOf(response, digest) {
  var headers = { "Content-Type": response.headers.get("Content-Type") || "application/octet-stream" };
  headers[DIGEST] = digest;
  return headers;
}

function hex(buffer) {
  return Array.prototype.map.call(new Uint8Array(buffer), function (b) { return (b + 256).toString(16).slice(1); }).join("");
}

/* A saved response whose body has the digest this build lists, as a fresh response; null if it has not. The
 * digest header of a saved copy is never taken on trust: any script that once ran on the origin could have put a
 * forged file with the right header into Cache Storage. */
function verified(response, digest) {
  if (!response) return Promise.resolve(null);
  return response.blob().then(function (body) {
    return body.arrayBuffer().then(function (bytes) { return crypto.subtle.digest("SHA-256", bytes); }).then(function (sum) {
      if (hex(sum).slice(0, digest.length) !== digest) return null;
      return new Response(body, { status: 200, headers: headersOf(response, digest) });
    });
  }, function () { return null; });
}

/* The same file from the build before, if its bytes have the digest listed: no download. */
function fromOldCaches(name, digest) {
  return caches.keys().then(function (names) {
    var old = names.filter(function (n) { return n.indexOf(PREFIX) === 0 && n !== CACHE; });
    return old.reduce(function (found, cacheName) {
      return found.then(function (hit) {
        if (hit) return hit;
        return caches.open(cacheName).then(function (cache) { return cache.match(at(name)); }).then(function (response) {
          return verified(response, digest);
        });
      });
    }, Promise.resolve(null));
  });
}

/* Download one file of the build, past the browser's HTTP cache, and check it is the one this build lists: a host
 * still serving the build before (a CDN mid-deploy) or a file changed in the same second fails the install,
 * which is tried again on the next visit, instead of saving a mixture. */
function download(name, digest) {
  return fetch(new Request(at(name), { cache: "reload" })).then(function (response) {
    if (!response.ok) throw new Error(name + ": HTTP " + response.status);
    return response.blob().then(function (body) {
      return body.arrayBuffer().then(function (bytes) { return crypto.subtle.digest("SHA-256", bytes); }).then(function (sum) {
        if (hex(sum).slice(0, digest.length) !== digest) throw new Error(name + ": not the file this build lists");
        return new Response(body, { status: 200, headers: headersOf(response, digest) });
      });
    });
  });
}

function save(cache, name) {
  var digest = FILES[name];
  return fromOldCaches(name, digest).then(function (kept) {
    return kept || download(name, digest);
  }).then(function (response) { return cache.put(at(name), response); });
}

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    return Promise.all(Object.keys(FILES).map(function (name) { return save(cache, name); })).then(function () {
      return cache.put(at(SAVED), new Response(new Date().toISOString(), { headers: { "Content-Type": "text/plain" } }));
    });
  }).then(function () { return self.skipWaiting(); }, function (error) {
    /* Half a copy is no copy: drop it, keep the build before, try again on the next visit. */
    return caches.delete(CACHE).then(function () { throw error; });
  }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (n) { return n.indexOf(PREFIX) === 0 && n !== CACHE; })
      .map(function (n) { return caches.delete(n); }));
  }).then(function () { return self.clients.claim(); }));
});

/* Always asked of the server (a conditional request, cheap when nothing changed): a fresh-looking copy in the
 * browser's HTTP cache would otherwise answer without the network, and the page would not know it is old. */
function revalidated(request) {
  /* A page that asks past every cache (decrypt.js, when a cached page and salt.js are of two builds) gets it. */
  if (request.cache === "reload" || request.cache === "no-store") return request;
  try { return new Request(request, { cache: "no-cache" }); } catch (e) { return new Request(request.url, { cache: "no-cache" }); }
}

function network(request) {
  return new Promise(function (resolve, reject) {
    var timer = setTimeout(function () { reject(new Error("the network is too slow")); }, NETWORK_WAIT);
    fetch(revalidated(request)).then(function (response) {
      clearTimeout(timer);
      if (response.status >= 500) reject(new Error("HTTP " + response.status)); else resolve(response);
    }, function (error) { clearTimeout(timer); reject(error); });
  });
}

/* The saved copy, checked against this build's digest (a copy changed in Cache Storage is not served); a page
 * says it is one, and since when. */
function saved(name) {
  return caches.open(CACHE).then(function (cache) {
    return cache.match(at(name)).then(function (found) { return verified(found, FILES[name]); }).then(function (response) {
      if (!response) return Response.error();
      var kind = response.headers.get("Content-Type") || "";
      if (!/^text\/html/.test(kind) && !/\.html$/.test(name)) return response;
      return Promise.all([response.text(), cache.match(at(SAVED)).then(function (r) { return r ? r.text() : ""; })])
        .then(function (parts) {
          var note = '<meta name="infoprep-offline" content="' + parts[1].replace(/[^0-9TZ:.\-]/g, "") + '">';
          var html = parts[0].replace(/<head[^>]*>/i, function (head) { return head + note; });
          return new Response(html, { status: 200, headers: headersOf(response, response.headers.get(DIGEST) || "") });
        });
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") return;
  var name = listed(request.url);
  if (name === null) return;
  event.respondWith(network(request).catch(function () { return saved(name); }));
});
