// Service worker: keeps the app shell cached so the app opens with no network after one visit.
// scripts/post_build.py replaces the two placeholders below at every build.
const VERSION = "__BUILD_VERSION__";
const ASSETS = __ASSET_LIST__;
const CACHE = "jingzhun-" + VERSION;

self.addEventListener("install", (event) => {
  // A new version waits until the person accepts it ("update available"); never skipWaiting here.
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(ASSETS)));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith("jingzhun-") && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim())
  );
});

self.addEventListener("message", (event) => {
  if (event.data && event.data.type === "SKIP_WAITING") self.skipWaiting();
});

self.addEventListener("fetch", (event) => {
  const req = event.request;
  const url = new URL(req.url);
  if (req.method !== "GET" || url.origin !== self.location.origin) return;
  // The sync server behind the same origin: always the network, never a cached answer.
  if (url.pathname.startsWith("/couchdb/")) return;
  if (req.mode === "navigate") {
    // Every route is the same single page: answer from the network, else from the cached shell.
    event.respondWith(
      fetch(req).catch(() => caches.open(CACHE).then((c) => c.match("/index.html")).then((r) => r || Response.error()))
    );
    return;
  }
  event.respondWith(
    caches.open(CACHE).then((c) => c.match(req).then((hit) => hit || fetch(req)))
  );
});
