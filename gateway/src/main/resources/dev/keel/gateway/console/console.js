// Shared by every console page: the header's connection state and the service worker.
'use strict';
(function () {
  if ('serviceWorker' in navigator) {
    navigator.serviceWorker.register('/console/sw.js', { scope: '/console/' })
      .catch(function (e) { console.warn('service worker not registered', e); });
  }
  var conn = document.getElementById('conn');
  function show() {
    if (!conn) return;
    conn.textContent = navigator.onLine ? 'online' : 'offline';
  }
  window.addEventListener('online', show);
  window.addEventListener('offline', show);
  show();
})();

/** Formats a duration in ms as "12 s", "3 min", "2 h". */
function keelAge(ms) {
  var s = Math.max(0, Math.round(ms / 1000));
  if (s < 90) return s + ' s';
  var m = Math.round(s / 60);
  if (m < 90) return m + ' min';
  return Math.round(m / 60) + ' h';
}
