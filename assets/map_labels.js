/* Unit labels on the map (water.labels): each unit's name as a permanent Leaflet tooltip, in the ink of its class
   or status (≥ 4.5:1 on the fill), placed by the label rule that every surface shares (water_targets/exports/
   map_labels.py): a name is shown only where its box — the label element as the browser lays it out — lies inside
   its unit's drawn shape (Leaflet's projected rings of the unit) and meets no other unit or name; it is tried at the
   unit's label point, then at points of a grid inside the unit nearest it, on one line, then broken at spaces over
   more lines, then in its short form ('Bairin Left', '林西'), else hidden (hover or a tap still names it). Units
   whose status needs attention are named first, then smaller units before larger. Fitted again when the layer is
   drawn, restyled, zoomed or moved.
   Receives: the feature's properties (name_zh / name_en, `label`: a point inside the unit), from the map state
   through map_style.js each unit's ink (`classes[…].ink` or `progress.statuses[…].ink`), and in the hideout
   (water.state.current) `lang`, the statuses and `labels`, the rule's parameters (overhang, lines, short_lines,
   line_height, limit, attention, short). No text, colour or threshold of its own. */
(function (water) {
  "use strict";

  var inkOf = {};          // adcode -> the ink of its name (set by map_style.js unitStyle)
  var fitQueued = false;
  var measure = null;      // a canvas context: widths of candidate lines, to break a name where it is balanced

  function fullName(layer) { return String(water.unitName(layer.feature, water.state.current) || ""); }

  // A form of a name as the label's content: a text node, or lines as text nodes between <br> elements (never
  // markup: core.js node()). Each line but the last keeps its space, so the label's text is still the name.
  function content(lines) {
    if (lines.length === 1) { return document.createTextNode(lines[0]); }
    var span = water.node("span");
    lines.forEach(function (line, i) {
      if (i) { span.appendChild(document.createElement("br")); }
      span.appendChild(document.createTextNode(i < lines.length - 1 ? line + " " : line));
    });
    return span;
  }

  function paint(code) {
    var layer = water.state.layers[code], tip = layer && layer.getTooltip && layer.getTooltip();
    var el = tip && tip.getElement && tip.getElement();
    if (!el || !inkOf[code]) { return; }
    el.style.color = inkOf[code];
    el.classList.toggle("on-dark", inkOf[code].toLowerCase() === "#ffffff");  // a halo of the opposite tone
  }

  // ---- The forms of a name (map_labels.py name_forms): on 1 … lines lines, then its short form on 1 … short_lines.
  function broken(name, count, width) {
    var words = name.split(" ");
    if (count === 1) { return [name]; }
    if (words.length < count) { return null; }
    var best = null, bestWidth = Infinity;
    (function choose(start, cuts) {  // break points in increasing order, as itertools.combinations gives them
      if (cuts.length === count - 1) {
        var bounds = [0].concat(cuts, [words.length]), lines = [];
        for (var i = 0; i < count; i++) { lines.push(words.slice(bounds[i], bounds[i + 1]).join(" ")); }
        var widest = Math.max.apply(null, lines.map(width));
        if (widest < bestWidth - 1e-9) { best = lines; bestWidth = widest; }
        return;
      }
      for (var c = start; c < words.length; c++) { choose(c + 1, cuts.concat([c])); }
    })(1, []);
    return best;
  }

  function shortName(name, lang, rule) {
    var pattern = (rule.short || {})[lang], found = pattern ? new RegExp(pattern).exec(name) : null;
    return found ? found[1] : null;
  }

  function forms(name, lang, rule, width) {
    var out = [], n, lines, short = shortName(name, lang, rule);
    for (n = 1; n <= rule.lines; n++) { lines = broken(name, n, width); if (lines) { out.push(lines); } }
    for (n = 1; short && n <= rule.short_lines; n++) { lines = broken(short, n, width); if (lines) { out.push(lines); } }
    return out;
  }

  // ---- Geometry in layer pixels: a unit's rings (Leaflet's projected, clipped parts), filled even-odd.
  function ringsOf(layer) { return (layer._parts || []).filter(function (ring) { return ring.length >= 3; }); }

  function pointIn(rings, x, y) {
    var inside = false;
    rings.forEach(function (ring) {
      for (var i = 0, j = ring.length - 1; i < ring.length; j = i++) {
        var a = ring[i], b = ring[j];
        if ((a.y > y) !== (b.y > y) && x < (b.x - a.x) * (y - a.y) / (b.y - a.y) + a.x) { inside = !inside; }
      }
    });
    return inside;
  }

  // Whether a part of the segment a–b lies inside the box (Liang–Barsky clipping).
  function segmentThrough(a, b, box) {
    var t0 = 0, t1 = 1, dx = b.x - a.x, dy = b.y - a.y;
    var p = [-dx, dx, -dy, dy], q = [a.x - box.x0, box.x1 - a.x, a.y - box.y0, box.y1 - a.y];
    for (var i = 0; i < 4; i++) {
      if (p[i] === 0) {
        if (q[i] <= 0) { return false; }
      } else {
        var t = q[i] / p[i];
        if (p[i] < 0) { t0 = Math.max(t0, t); } else { t1 = Math.min(t1, t); }
        if (t0 >= t1) { return false; }
      }
    }
    return true;
  }

  function outlineThrough(rings, box) {
    return rings.some(function (ring) {
      for (var i = 0, j = ring.length - 1; i < ring.length; j = i++) {
        if (segmentThrough(ring[j], ring[i], box)) { return true; }
      }
      return false;
    });
  }

  // A box lies inside rings where no outline passes through it and its centre is inside; it meets them where an
  // outline passes through it or its centre is inside.
  function boxInside(rings, box) {
    return !outlineThrough(rings, box) && pointIn(rings, (box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2);
  }

  function boxMeets(rings, box) {
    return outlineThrough(rings, box) || pointIn(rings, (box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2);
  }

  function overlaps(a, b) { return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1; }

  function boundsOf(rings) {
    var b = {x0: Infinity, y0: Infinity, x1: -Infinity, y1: -Infinity};
    rings.forEach(function (ring) {
      ring.forEach(function (p) {
        b.x0 = Math.min(b.x0, p.x); b.y0 = Math.min(b.y0, p.y); b.x1 = Math.max(b.x1, p.x); b.y1 = Math.max(b.y1, p.y);
      });
    });
    return b;
  }

  function areaOf(rings) {
    return rings.reduce(function (sum, ring) {
      var a = 0;
      for (var i = 0, j = ring.length - 1; i < ring.length; j = i++) { a += (ring[j].x + ring[i].x) * (ring[j].y - ring[i].y); }
      return sum + Math.abs(a) / 2;
    }, 0);
  }

  // The label point, then the points of a grid of `pitch` over the unit inside it, nearest the label point first
  // (map_labels.py inner_points: at most about 2,000).
  function innerPoints(unit, start, pitch) {
    var b = unit.bounds, points = [];
    pitch = Math.max(pitch, Math.sqrt((b.x1 - b.x0) * (b.y1 - b.y0) / 2000));
    for (var y = b.y0 + pitch / 2; y < b.y1; y += pitch) {
      for (var x = b.x0 + pitch / 2; x < b.x1; x += pitch) {
        if (pointIn(unit.rings, x, y)) { points.push({x: x, y: y, d: (x - start.x) * (x - start.x) + (y - start.y) * (y - start.y)}); }
      }
    }
    points.sort(function (p, q) { return p.d - q.d; });
    return [start].concat(points);
  }

  // The label's box (layer px) as the browser lays it out, at its place.
  function drawnBox(el, map) {
    var r = el.getBoundingClientRect(), c = map.getContainer().getBoundingClientRect();
    var p = map.containerPointToLayerPoint([r.left - c.left, r.top - c.top]);
    return {x0: p.x, y0: p.y, x1: p.x + r.width, y1: p.y + r.height};
  }

  function fits(unit, box, units, placed, overhang) {
    var inner = {x0: box.x0 + overhang, y0: box.y0 + overhang, x1: box.x1 - overhang, y1: box.y1 - overhang};
    var b = unit.bounds;
    if (inner.x1 <= inner.x0 || inner.y1 <= inner.y0 || inner.x0 < b.x0 || inner.y0 < b.y0 || inner.x1 > b.x1 ||
        inner.y1 > b.y1 || !boxInside(unit.rings, inner)) { return false; }
    if (placed.some(function (p) { return overlaps(p, box); })) { return false; }
    return !units.some(function (other) {  // a unit drawn over this one (an enclaved neighbour, an overlap)
      return other !== unit && overlaps(other.bounds, inner) && boxMeets(other.rings, inner);
    });
  }

  // Places one unit's name by the rule; returns its box, or null (the label is hidden).
  function place(unit, units, placed, rule, map, h) {
    var layer = unit.layer, tip = layer.getTooltip(), el = tip && tip.getElement && tip.getElement();
    if (!el) { return null; }
    el.style.lineHeight = String(rule.line_height);
    el.style.textAlign = "center";
    if (!measure) { measure = document.createElement("canvas").getContext("2d"); }
    var style = window.getComputedStyle(el);
    measure.font = style.fontWeight + " " + style.fontSize + " " + style.fontFamily;
    var width = function (line) { return measure.measureText(line).width; };
    var label = layer.feature.properties.label;
    var start = label ? map.latLngToLayerPoint(label) : null;
    if (!start || !pointIn(unit.rings, start.x, start.y)) { start = {x: (unit.bounds.x0 + unit.bounds.x1) / 2, y: (unit.bounds.y0 + unit.bounds.y1) / 2}; }
    var candidates = forms(fullName(layer), h.lang, rule, width);
    var points = null, checks = 0;
    for (var f = 0; f < candidates.length; f++) {
      layer.setTooltipContent(content(candidates[f]));
      var r = el.getBoundingClientRect(), w = r.width, hh = r.height;
      if (!points) { points = innerPoints(unit, start, hh / candidates[f].length / 2); }
      for (var i = 0; i < points.length; i++) {
        var p = points[i], box = {x0: p.x - w / 2, y0: p.y - hh / 2, x1: p.x + w / 2, y1: p.y + hh / 2};
        if (!fits(unit, box, units, placed, rule.overhang)) { continue; }
        tip.setLatLng(map.layerPointToLatLng([p.x, p.y]));
        var drawn = drawnBox(el, map);  // where Leaflet put it (whole pixels): checked again as drawn
        if (fits(unit, drawn, units, placed, rule.overhang)) { return drawn; }
        if (++checks > 8) { break; }
      }
    }
    layer.setTooltipContent(content([fullName(layer)]));
    return null;
  }

  function unbindAll(layers) {
    layers.forEach(function (layer) { if (layer.getTooltip && layer.getTooltip()) { layer.unbindTooltip(); } });
  }

  function fit() {
    var h = water.state.current || {}, rule = h.labels, layers = water.state.layers;
    var live = Object.keys(layers).map(function (code) { return layers[code]; }).filter(function (layer) {
      return layer._map && layer.feature;
    });
    if (!rule || live.length > rule.limit) { unbindAll(live); return; }
    var map = live.length ? live[0]._map : null;
    var attention = {};
    (rule.attention || []).forEach(function (status) { attention[status] = true; });
    var units = live.map(function (layer) {
      if (!layer.getTooltip()) {
        layer.bindTooltip(content([fullName(layer)]),
                          {permanent: true, direction: "center", className: "unit-label", interactive: false});
        paint(layer.feature.properties.adcode);
      }
      var rings = ringsOf(layer), code = layer.feature.properties.adcode;
      var cell = water.isProgress(h) ? water.progressCell(h, code) : undefined;
      return {layer: layer, rings: rings, bounds: boundsOf(rings), area: areaOf(rings),
              attention: !!(cell && attention[cell.status])};
    });
    units.sort(function (a, b) { return (b.attention - a.attention) || (a.area - b.area); });
    var placed = [];
    units.forEach(function (unit) {
      var tip = unit.layer.getTooltip(), el = tip && tip.getElement && tip.getElement();
      if (!el) { return; }
      var box = unit.rings.length && map ? place(unit, units, placed, rule, map, h) : null;
      if (box) { placed.push(box); }
      // After the placing: Leaflet shows a tooltip again whenever its content or place is set (DivOverlay.update).
      el.style.visibility = box ? "visible" : "hidden";
    });
  }

  // Fitting wants the whole layer drawn: the burst of Leaflet events that draws it (every unit's "add" while
  // dash-leaflet adds the data, a restyle, a zoom's zoomend and moveend) asks once, and the fit runs right after
  // the burst (a microtask: no delay, nothing re-applied later).
  function fitSoon() {
    if (fitQueued) { return; }
    fitQueued = true;
    window.queueMicrotask(function () { fitQueued = false; fit(); });
  }

  // The map's zoom and position change the units' size and clipping on screen: Leaflet's zoomend and moveend on
  // the map (dash-leaflet creates it after this file has run: an init hook).
  if (window.L && window.L.Map) {
    window.L.Map.addInitHook(function () {
      if (this.getContainer().id === "map") { this.on("zoomend moveend", fitSoon); }
    });
  }

  water.labels = {
    // onEachFeature: nothing yet; the names are bound when the layer is fitted, once the rule (the map state) has
    // come and the layer is known to be small enough for names.
    bind: function () {},
    // The unit is on the map: a fit once the burst of additions is over.
    added: function (feature) {
      paint(feature.properties.adcode);
      fitSoon();
    },
    // The ink of a unit's name (from its style, map_style.js).
    ink: function (code, ink) {
      inkOf[code] = ink;
      paint(code);
    },
    // A new hideout (year, language, mode, rule): every name fitted again.
    refresh: function () { fitSoon(); }
  };
})(window.water);
