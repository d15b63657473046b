// The playground: one chat completion through the gateway. The service worker (sw.js) answers from
// its cache of earlier responses when the network fails, and marks such answers with
// X-Keel-Offline: cached and X-Keel-Cached-At; this page shows them as cached, with their age.
'use strict';
(function () {
  var key = document.getElementById('api-key');
  key.value = localStorage.getItem('keel.apiKey') || '';
  fetch('/v1/models').then(function (r) { return r.json(); }).then(function (list) {
    var select = document.getElementById('model');
    select.innerHTML = '';
    list.data.forEach(function (m) { var o = document.createElement('option'); o.textContent = m.id; select.appendChild(o); });
  }).catch(function () { /* offline: keep the default alias */ });

  document.getElementById('prompt-form').addEventListener('submit', function (event) {
    event.preventDefault();
    localStorage.setItem('keel.apiKey', key.value);
    var answer = document.getElementById('answer');
    var source = document.getElementById('source');
    var meta = document.getElementById('meta');
    answer.textContent = '…';
    source.innerHTML = '';
    meta.textContent = '';
    var body = {
      model: document.getElementById('model').value,
      messages: [{ role: 'user', content: document.getElementById('prompt').value }]
    };
    fetch('/v1/chat/completions', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Authorization': 'Bearer ' + key.value,
        'X-Keel-Feature': document.getElementById('feature').value || 'playground' },
      body: JSON.stringify(body)
    }).then(function (r) {
      return r.json().then(function (j) { return { response: r, json: j }; });
    }).then(function (x) {
      var h = x.response.headers;
      var offline = h.get('X-Keel-Offline');
      var conn = document.getElementById('conn');
      if (conn) conn.textContent = offline ? 'gateway unreachable' : (navigator.onLine ? 'online' : 'offline');
      if (!x.response.ok) {
        source.innerHTML = '<div class="banner error" id="error-banner"></div>';
        source.firstChild.textContent = (offline === 'miss' ? 'Offline, and no earlier answer to this prompt: ' : 'Error ' + x.response.status + ': ')
          + (x.json.error ? x.json.error.message : '');
        answer.textContent = '';
        return;
      }
      if (offline === 'cached') {
        var age = Date.now() - Number(h.get('X-Keel-Cached-At'));
        source.innerHTML = '<div class="banner" id="cached-banner"><span class="pill cached">cached</span> '
          + 'Offline: this is an earlier answer to the same prompt, kept by your browser, <b id="cached-age"></b> old.</div>';
        document.getElementById('cached-age').textContent = keelAge(age);
      } else {
        source.innerHTML = '<span class="pill live" id="live-badge">live</span>';
      }
      answer.textContent = x.json.choices[0].message.content;
      meta.innerHTML = offline === 'cached' ? '<span>when first answered:</span>' : '';
      [['provider', h.get('X-Keel-Provider')], ['cache', h.get('X-Keel-Cache')], ['cost', '$' + h.get('X-Keel-Cost-Usd')],
        ['attempts', h.get('X-Keel-Attempts')], ['tokens', x.json.usage ? x.json.usage.total_tokens : '–']].forEach(function (kv) {
        var s = document.createElement('span');
        s.textContent = kv[0] + ': ' + kv[1];
        meta.appendChild(s);
      });
    }).catch(function (e) {
      var conn = document.getElementById('conn');
      if (conn) conn.textContent = 'gateway unreachable';
      source.innerHTML = '<div class="banner error" id="error-banner"></div>';
      source.firstChild.textContent = 'Network error: ' + e.message;
      answer.textContent = '';
    });
  });
})();
