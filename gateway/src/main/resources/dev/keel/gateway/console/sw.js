// Keel console service worker. Scope: /console/.
// 1. Chat completions sent by the playground go to the network first; every successful answer is
//    kept in Cache Storage under a key derived from the normalized prompt (model, roles, text with
//    whitespace collapsed, temperature, max tokens) and the API key's hash, so two keys (tenants)
//    never see each other's answers. When the network fails, the kept answer is returned with
//    X-Keel-Offline: cached and X-Keel-Cached-At (epoch ms); without one, a 503 with X-Keel-Offline: miss.
// 2. The console's own files are network-first with a cached copy, so the pages open offline.
'use strict';
var ANSWERS = 'keel-answers-v1';
var SHELL = 'keel-console-v1';
var SHELL_FILES = ['/console/', '/console/index.html', '/console/playground.html', '/console/status.html', '/console/console.css',
  '/console/console.js', '/console/charts.js', '/console/status.js', '/console/playground.js', '/console/icon.svg'];

self.addEventListener('install', function (event) {
  event.waitUntil(caches.open(SHELL).then(function (c) { return c.addAll(SHELL_FILES); }).then(function () { return self.skipWaiting(); }));
});
self.addEventListener('activate', function (event) { event.waitUntil(self.clients.claim()); });

self.addEventListener('fetch', function (event) {
  var url = new URL(event.request.url);
  if (url.origin !== self.location.origin) return;
  if (event.request.method === 'POST' && url.pathname === '/v1/chat/completions') {
    event.respondWith(completion(event.request));
  } else if (event.request.method === 'GET' && url.pathname.indexOf('/console/') === 0) {
    event.respondWith(fetch(event.request).then(function (r) {
      if (r.ok) { var copy = r.clone(); caches.open(SHELL).then(function (c) { c.put(event.request, copy); }); }
      return r;
    }).catch(function () { return caches.match(event.request); }));
  }
});

function normalize(text) { return String(text).replace(/\s+/g, ' ').trim(); }

async function sha256(text) {
  var digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest)).map(function (b) { return b.toString(16).padStart(2, '0'); }).join('');
}

async function cacheKey(request, bodyText) {
  var body = {};
  try { body = JSON.parse(bodyText); } catch (e) { /* keyed on the raw text below */ }
  var messages = (body.messages || []).map(function (m) {
    var content = Array.isArray(m.content) ? m.content.map(function (p) { return p.text || ''; }).join('\n') : m.content;
    return [m.role, normalize(content)];
  });
  var prompt = JSON.stringify([body.model, messages, body.temperature === undefined ? null : body.temperature,
    body.max_completion_tokens || body.max_tokens || null, request.headers.get('X-Keel-Feature') || '']);
  var tenant = await sha256(request.headers.get('Authorization') || '');
  return '/console/__answers/' + tenant.substring(0, 16) + '/' + await sha256(prompt);
}

async function completion(request) {
  var bodyText = await request.clone().text();
  var key = await cacheKey(request, bodyText);
  var response;
  try {
    response = await fetch(request);
  } catch (networkFailure) {
    var kept = await (await caches.open(ANSWERS)).match(key);
    if (kept) {
      var headers = new Headers(kept.headers);
      headers.set('X-Keel-Offline', 'cached');
      return new Response(await kept.text(), { status: 200, headers: headers });
    }
    return new Response(JSON.stringify({ error: { message: 'The network is unreachable and this prompt has no earlier answer in this browser.',
      type: 'offline', param: null, code: 'offline_no_cached_answer' } }),
      { status: 503, headers: { 'Content-Type': 'application/json', 'X-Keel-Offline': 'miss' } });
  }
  if (response.ok && (response.headers.get('Content-Type') || '').indexOf('application/json') === 0) {
    var copy = response.clone();
    var stored = new Headers(copy.headers);
    stored.set('X-Keel-Cached-At', String(Date.now()));
    var text = await copy.text();
    await (await caches.open(ANSWERS)).put(key, new Response(text, { status: 200, headers: stored }));
  }
  return response;
}
