// Minimal SVG charts for the status page: horizontal bars with a target line, a line chart, a donut.
'use strict';
var KeelCharts = (function () {
  var NS = 'http://www.w3.org/2000/svg';
  function el(name, attrs, text) {
    var e = document.createElementNS(NS, name);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function svg(container, width, height) {
    container.innerHTML = '';
    var s = el('svg', { viewBox: '0 0 ' + width + ' ' + height, width: '100%', role: 'img' });
    container.appendChild(s);
    return s;
  }

  /** rows: [{label, value, color}], max: axis maximum, target: optional value drawn as a dashed line. */
  function bars(container, rows, opts) {
    var rowH = 22, left = 150, width = 460, right = 60;
    var height = Math.max(40, rows.length * rowH + 24);
    var s = svg(container, width, height);
    var span = width - left - right;
    var max = opts.max || Math.max.apply(null, rows.map(function (r) { return r.value; }).concat([opts.target || 0, 1e-9]));
    if (rows.length === 0) {
      s.appendChild(el('text', { x: 10, y: 24, 'class': 'empty' }, 'no data yet'));
      return;
    }
    rows.forEach(function (r, i) {
      var y = 6 + i * rowH;
      var w = Math.max(1, span * Math.min(1, r.value / max));
      s.appendChild(el('text', { x: left - 8, y: y + 14, 'text-anchor': 'end' }, r.label));
      s.appendChild(el('rect', { 'class': 'bar', x: left, y: y + 3, width: w, height: rowH - 8, rx: 3, fill: r.color || '#2f6fb0' }));
      s.appendChild(el('text', { x: left + w + 6, y: y + 14 }, opts.format ? opts.format(r.value) : String(r.value)));
    });
    if (opts.target !== undefined) {
      var x = left + span * Math.min(1, opts.target / max);
      s.appendChild(el('line', { 'class': 'target', x1: x, x2: x, y1: 2, y2: height - 16 }));
      s.appendChild(el('text', { x: x, y: height - 3, 'text-anchor': 'middle' }, 'objective ' + (opts.format ? opts.format(opts.target) : opts.target)));
    }
  }

  /**
   * points: [{t, v}], v the fraction of the error budget left (1 = untouched, below 0 = overspent);
   * the axis runs from 100% down to 0%, or to -100% (shaded) once the budget is overspent.
   */
  function line(container, points, opts) {
    var width = 460, height = 170, left = 44, bottom = 22, top = 10;
    var s = svg(container, width, height);
    var plotH = height - top - bottom, plotW = width - left - 10;
    var lo = points.some(function (p) { return p.v < 0; }) ? -1 : 0;
    var yOf = function (v) { return top + plotH * (1 - v) / (1 - lo); };
    if (lo < 0) s.appendChild(el('rect', { 'class': 'overspent', x: left, y: yOf(0), width: plotW, height: yOf(lo) - yOf(0) }));
    (lo < 0 ? [lo, 0, 0.5, 1] : [0, 0.5, 1]).forEach(function (v) {
      var y = yOf(v);
      s.appendChild(el('line', { 'class': 'axis', x1: left, x2: width - 10, y1: y, y2: y }));
      s.appendChild(el('text', { x: left - 6, y: y + 4, 'text-anchor': 'end' }, Math.round(v * 100) + '%'));
    });
    if (points.length === 0) {
      s.appendChild(el('text', { x: left + 10, y: top + plotH / 2 }, 'waiting for the first evaluation'));
      return;
    }
    var t0 = points[0].t, t1 = Math.max(points[points.length - 1].t, t0 + 1);
    var d = points.map(function (p, i) {
      var x = left + plotW * (p.t - t0) / (t1 - t0);
      var y = yOf(Math.max(lo, Math.min(1, p.v)));
      return (i === 0 ? 'M' : 'L') + x.toFixed(1) + ' ' + y.toFixed(1);
    }).join(' ');
    if (points.length === 1) d += ' l' + plotW.toFixed(1) + ' 0';
    s.appendChild(el('path', { 'class': 'burndown', d: d, fill: 'none', stroke: opts.color || '#2e8b57', 'stroke-width': 2 }));
    s.appendChild(el('text', { x: left, y: height - 5 }, new Date(t0).toLocaleTimeString()));
    s.appendChild(el('text', { x: width - 10, y: height - 5, 'text-anchor': 'end' }, new Date(t1).toLocaleTimeString()));
  }

  /** slices: [{label, value, color}] */
  function donut(container, slices) {
    var s = svg(container, 460, 170);
    var total = slices.reduce(function (a, b) { return a + b.value; }, 0);
    var cx = 85, cy = 85, r = 62, inner = 38;
    if (total === 0) {
      s.appendChild(el('circle', { cx: cx, cy: cy, r: r, fill: '#eef1f4' }));
      s.appendChild(el('text', { x: 170, y: 90 }, 'no provider traffic yet'));
      return;
    }
    var angle = -Math.PI / 2;
    slices.forEach(function (sl, i) {
      var frac = sl.value / total;
      var end = angle + frac * 2 * Math.PI;
      var large = frac > 0.5 ? 1 : 0;
      var p = function (a, rad) { return (cx + rad * Math.cos(a)).toFixed(2) + ' ' + (cy + rad * Math.sin(a)).toFixed(2); };
      var d = frac >= 0.9999
        ? 'M' + p(-Math.PI / 2, r) + ' A' + r + ' ' + r + ' 0 1 1 ' + p(-Math.PI / 2 - 0.0001, r) + ' Z'
        : 'M' + p(angle, r) + ' A' + r + ' ' + r + ' 0 ' + large + ' 1 ' + p(end, r) + ' L' + p(end, inner) + ' A' + inner + ' ' + inner + ' 0 ' + large + ' 0 ' + p(angle, inner) + ' Z';
      s.appendChild(el('path', { 'class': 'slice', d: d, fill: sl.color }));
      s.appendChild(el('rect', { x: 190, y: 40 + i * 26, width: 12, height: 12, fill: sl.color }));
      s.appendChild(el('text', { x: 210, y: 51 + i * 26 }, sl.label + ': ' + sl.value + ' (' + Math.round(frac * 100) + '%)'));
      angle = end;
    });
    if (slices.length && total) s.appendChild(el('circle', { cx: cx, cy: cy, r: inner - 1, fill: '#fff' }));
  }

  return { bars: bars, line: line, donut: donut };
})();
