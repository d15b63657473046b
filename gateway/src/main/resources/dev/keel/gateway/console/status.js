// The status page: polls /api/status (the SLO app's status, proxied by the gateway) every 2 s.
'use strict';
(function () {
  var HISTORY_KEY = 'keel.burndown';
  var history = JSON.parse(sessionStorage.getItem(HISTORY_KEY) || '[]');
  var pct = function (v) { return v === null || v === undefined ? '–' : (v * 100).toFixed(2) + '%'; };
  var ms = function (v) { return v === null || v === undefined ? '–' : Math.round(v) + ' ms'; };

  function sli(scope, win) { return (scope.slis && scope.slis[win]) || {}; }

  function render(status) {
    var scopes = status.scopes || [];
    document.getElementById('status-error').hidden = true;
    document.getElementById('updated').textContent = 'updated ' + new Date(status.generated_at).toLocaleTimeString();

    var global = scopes.filter(function (s) { return s.scope === 'global'; })[0];
    if (global && global.error_budget) {
      var left = global.error_budget.remaining_fraction;
      var now = document.getElementById('budget-now');
      now.textContent = left < 0 ? pct(left) + ' (overspent)' : pct(left);
      now.className = left < 0.25 ? 'big bad' : 'big';
      var last = history[history.length - 1];
      if (!last || last.t !== global.evaluated_at) {
        history.push({ t: global.evaluated_at, v: left });
        history = history.slice(-360);
        sessionStorage.setItem(HISTORY_KEY, JSON.stringify(history));
      }
    }
    KeelCharts.line(document.getElementById('chart-burndown'), history, { color: '#2e8b57' });

    var providers = scopes.filter(function (s) { return s.scope.indexOf('provider:') === 0; });
    var colors = { 'provider:primary': '#2f6fb0', 'provider:secondary': '#8e5cc4' };
    KeelCharts.donut(document.getElementById('chart-providers'), providers.map(function (s) {
      return { label: s.scope.substring(9), value: sli(s, '1h').count || 0, color: colors[s.scope] || '#7f8c8d' };
    }));

    var served = scopes.filter(function (s) { return sli(s, '5m').served > 0; });
    var objective = global && global.objectives ? global.objectives : { success_rate: 0.995, latency_target_ms: 2500 };
    KeelCharts.bars(document.getElementById('chart-success'), served.map(function (s) {
      var rate = sli(s, '5m').success_rate || 0;
      return { label: s.scope, value: rate, color: rate >= s.objectives.success_rate ? '#2e8b57' : '#c0392b' };
    }), { max: 1, target: objective.success_rate, format: pct });
    KeelCharts.bars(document.getElementById('chart-p95'), served.map(function (s) {
      var p95 = sli(s, '5m').p95_ms || 0;
      return { label: s.scope, value: p95, color: p95 <= s.objectives.latency_target_ms ? '#2f6fb0' : '#c0392b' };
    }), { target: objective.latency_target_ms, format: ms });

    var alerts = status.alerts || [];
    var box = document.getElementById('alerts');
    box.innerHTML = '';
    if (alerts.length === 0) {
      box.innerHTML = '<span class="pill ok">none firing</span>';
    } else {
      var t = document.createElement('table');
      t.innerHTML = '<tr><th>severity</th><th>rule</th><th>scope</th><th>summary</th></tr>';
      alerts.forEach(function (a) {
        var row = t.insertRow();
        row.className = 'alert';
        row.insertCell().innerHTML = '<span class="pill ' + a.severity + '">' + a.severity + '</span>';
        row.insertCell().textContent = a.rule;
        row.insertCell().textContent = a.scope;
        row.insertCell().textContent = a.summary;
      });
      box.appendChild(t);
    }

    var table = document.createElement('table');
    table.innerHTML = '<tr><th>scope</th><th>requests (1h)</th><th>success (1h)</th><th>p95 (1h)</th><th>avg cost</th><th>budget left</th></tr>';
    scopes.forEach(function (s) {
      var h = sli(s, '1h');
      var row = table.insertRow();
      [s.scope, h.count || 0, pct(h.success_rate), ms(h.p95_ms),
        h.avg_cost_usd === undefined || h.avg_cost_usd === null ? '–' : '$' + h.avg_cost_usd.toFixed(5),
        s.error_budget ? pct(s.error_budget.remaining_fraction) : '–'].forEach(function (v) { row.insertCell().textContent = v; });
    });
    var holder = document.getElementById('scopes');
    holder.innerHTML = '';
    holder.appendChild(table);
    document.body.setAttribute('data-rendered', String(Date.now()));
  }

  function poll() {
    fetch('/api/status', { cache: 'no-store' })
      .then(function (r) { return r.json().then(function (j) { if (!r.ok) throw new Error(j.error || r.status); return j; }); })
      .then(render)
      .catch(function (e) {
        var box = document.getElementById('status-error');
        box.hidden = false;
        box.textContent = 'Status unavailable: ' + e.message;
      })
      .finally(function () { setTimeout(poll, 2000); });
  }
  poll();
})();
