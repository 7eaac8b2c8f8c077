/* Map styling: the functions dash-leaflet calls (window.waterMap: unitStyle, contextStyle, bindUnit; layouts/page.py
   js() names them), the hover box, the status patterns in the map's SVG, and the client-side callback `restyle`
   (namespace water_map) that turns the map state into the county layer's hideout for a year and a view, with the
   headline card and progress legend of map_legend.js.
   Receives: the map state (docs/map-state.md) — `classes`, `marks`, `missing`, `cells`, `progress` (`cells`,
   `statuses`), `texts`, `lang`, `years` — and the slider's index, the selected counties and the view (目标值 |
   完成情况). No colour or class of its own, only neutral defaults for a map without a state (and its background). */
(function (water) {
  "use strict";

  var PROGRESS = water.PROGRESS, node = water.node;
  function current() { return water.state.current; }

  // One <pattern> per patterned status in the map's SVG (once per SVG: the layer's paths come and go).
  function patternId(status) { return "wt-status-" + status; }
  function ensurePatterns(svg, statuses) {
    if (!svg || !statuses || svg.querySelector("#wt-status-patterns")) { return; }
    var defs = water.svgNode("defs", {id: "wt-status-patterns"});
    Object.keys(statuses).forEach(function (status) {
      var st = statuses[status];
      if (!water.patterned(st)) { return; }
      var pattern = water.svgNode("pattern", {id: patternId(status), patternUnits: "userSpaceOnUse", width: "8", height: "8"});
      pattern.appendChild(water.svgNode("rect", {width: "8", height: "8", fill: st.fill}));
      water.patternMarks(st.pattern, st.ink).forEach(function (mark) { pattern.appendChild(mark); });
      defs.appendChild(pattern);
    });
    svg.insertBefore(defs, svg.firstChild);
  }
  function statusFill(status, st) {
    return water.patterned(st) ? "url(#" + patternId(status) + ")" : st.fill;  // per unit and restyle: no DOM work
  }

  // The hover box's lines for a unit of the progress view: each line a list of nodes (text only, core.js node()).
  function progressInfo(h, feature, cell) {
    var p = h.progress, t = p.texts || {}, st = p.statuses[cell.status], colon = h.lang === "en" ? ": " : "：";
    var lines = [[node("strong", null, water.unitName(feature, h))]];
    var swatch = node("span", "swatch");
    Object.assign(swatch.style, water.swatchStyle(st));  // CSSOM, allowed by the page's style-src without 'unsafe-inline'
    var status = node("span", "info-status");
    status.appendChild(swatch);
    status.appendChild(document.createTextNode(st.label || ""));
    lines.push([status, " ", node("span", "info-year", water.fillIn(t.year, "year", h.year))]);
    if (cell.actual) { lines.push([(t.actual_value || "") + colon + cell.actual]); }
    lines.push([(t.target_value || "") + colon + (cell.target || "")]);
    var notes = (cell.flags || []).filter(function (f) { return (cell.actual || "").indexOf(f) < 0; });
    if (cell.distance) { lines.push([node("em", null, cell.distance)]); }
    if (notes.length) { lines.push([node("em", null, notes.join("，"))]); }
    if (cell.actual_source) {
      lines.push([node("span", "info-source", (t.actual_source || "") + colon + cell.actual_source)]);
    }
    lines.push([node("span", "info-source", (t.target_source || "") + colon + (cell.target_source || ""))]);
    return lines;
  }

  function showInfo(feature) {
    var box = document.getElementById("map-info");
    if (!box) { return; }
    if (!feature) { box.replaceChildren(); box.classList.remove("visible"); return; }
    var h = current(), code = feature.properties.adcode, cell = water.cellFor(h, code);
    var t = h.texts || {};
    var lines = [[node("strong", null, water.unitName(feature, h))]];
    var assessed = water.isProgress(h) ? water.progressCell(h, code) : undefined;
    if (assessed) {
      lines = progressInfo(h, feature, assessed);
    } else if (water.isProgress(h)) {
      lines.push([node("span", "info-muted", water.classStyle(h, water.missingClass(h, code)).label || "")]);
    } else if (cell) {
      lines.push([node("span", "info-year", h.year), " " + (cell.value === undefined ? "" : cell.value)]);
      if (cell.note) { lines.push([node("em", null, cell.note)]); }
      lines.push([node("span", "info-source", (t.source || "") + "：" + (cell.source || ""))]);
    } else {
      lines.push([node("span", "info-muted", water.classStyle(h, (h.missing || {}).unit).label || "")]);
      // Why it is blank: its plan sets this indicator for other years (the plans' horizons differ).
      var years = Object.keys(h.cells || {}).filter(function (y) { return h.cells[y] && h.cells[y][code]; });
      if (years.length) { lines.push([node("span", "info-muted", water.fillIn(t.other_years, "years", years.join(t.year_join || ", ")))]); }
    }
    var frag = document.createDocumentFragment();
    lines.forEach(function (line, i) {
      if (i) { frag.appendChild(document.createElement("br")); }
      line.forEach(function (part) { frag.appendChild(typeof part === "string" ? document.createTextNode(part) : part); });
    });
    box.replaceChildren(frag);
    box.classList.add("visible");
  }

  window.waterMap = Object.assign(window.waterMap || {}, {
    showInfo: showInfo,

    // Screen point [x, y] where a click lands on the unit's own shape (not a neighbour, label or
    // control), or null while its geometry is not drawn. Used by the browser tests and benchmarks.
    pointInside: function (code) {
      var el = document.querySelector('#map path.map-unit[data-adcode="' + code + '"]');
      if (!el) { return null; }
      var r = el.getBoundingClientRect(), best = null, bestScore = -1;
      for (var i = 1; i < 16; i++) {
        for (var j = 1; j < 16; j++) {
          var x = r.left + r.width * i / 16, y = r.top + r.height * j / 16;
          if (document.elementFromPoint(x, y) !== el) { continue; }
          // Prefer points whose neighbours are inside too (away from the border).
          var score = [[-6, 0], [6, 0], [0, -6], [0, 6]].filter(function (d) {
            return document.elementFromPoint(x + d[0], y + d[1]) === el;
          }).length;
          if (score > bestScore) { best = [x, y]; bestScore = score; }
        }
      }
      return best;
    },

    // The background layers: China, the plan regions' provinces, the maritime boundary, each by its level in the
    // layer's hideout (classes.BACKGROUND_STYLES; layouts/page.py background_layer).
    contextStyle: function (feature, context) {
      var styles = (context && context.hideout) || {};
      var s = styles[feature.properties.level] || styles.province || {};
      return {className: "map-context", color: s.outline, weight: s.weight, dashArray: s.dash || null,
              fill: !!s.fill, fillColor: s.fill || undefined, fillOpacity: s.fill ? 1 : 0, opacity: 1};
    },

    // Reads the last applied hideout rather than the context: dash-leaflet styles features that arrive
    // after a url change with the hideout of the moment the fetch started, which may be stale.
    // Before the map state arrives: the layer's first hideout holds the style of a unit not drawn yet (`pending`).
    unitStyle: function (feature, context) {
      var h = current();
      var code = feature.properties.adcode;
      if (!h.cells) {
        var p = ((context && context.hideout) || {}).pending || {};
        return {className: "map-unit", color: p.outline, weight: p.weight, fillColor: p.fill, fillOpacity: 1};
      }
      var assessed = water.isProgress(h) ? water.progressCell(h, code) : undefined;
      var st = assessed && h.progress.statuses[assessed.status];
      // In the progress view a unit is drawn by its status (fill or pattern, outline); without one as in the target view.
      var klass = water.classStyle(h, water.isProgress(h) ? water.missingClass(h, code) : water.unitClass(h, code));
      var style = {className: "map-unit", color: klass.outline, weight: klass.weight, opacity: 1, fillColor: klass.fill,
                   fillOpacity: 1, dashArray: klass.dash || null};
      if (st) { style.fillColor = statusFill(assessed.status, st); style.color = st.outline; style.weight = 1; style.dashArray = null; }
      water.labels.ink(code, (st || klass).ink);
      var marks = h.marks || {};
      if (h.highlight === code && marks.highlight) { style.color = marks.highlight.outline; style.weight = marks.highlight.weight; }
      if ((h.selected || []).indexOf(code) >= 0 && marks.selected) {
        style.color = marks.selected.outline; style.weight = marks.selected.weight; style.dashArray = null;
      }
      return style;
    },

    bindUnit: function (feature, layer) {
      var code = feature.properties.adcode;
      water.state.layers[code] = layer;
      water.labels.bind(feature, layer);
      if (water.view) { water.view.unitBound(code); }
      layer.on("add", function () {
        var el = layer.getElement && layer.getElement();
        if (el) {
          el.setAttribute("data-adcode", code);
          if (current().progress) { ensurePatterns(el.ownerSVGElement, current().progress.statuses); }
        }
        water.labels.added(feature, layer);
      });
      layer.on("mouseover", function () {
        // Not for a tap: the box would open over the point tapped, and the tap's click would land on it (the tap
        // selects the unit and a phone shows its summary bar instead: phone.js).
        if (water.pointerType() === "touch") { return; }
        showInfo(feature);
        var hover = (current().marks || {}).hover;
        if (hover) { layer.setStyle({weight: hover.weight, color: hover.outline}); }
      });
      layer.on("mouseout", function () {
        showInfo(null);
        layer.setStyle(window.waterMap.unitStyle(feature));
      });
    }
  });

  water.clientside("water_map", {
    // Outputs: the hideout, the headline card (children, class), the progress legend (children, hidden) and the
    // target legend's class (`all-drawn`: no "no value" case to explain this year; layouts/legend.py).
    restyle: function (index, state, selected, mode) {
      var nu = water.noUpdate();
      if (!state || !state.years || index === null || index === undefined || index < 0) {
        return [nu, nu, nu, nu, nu, nu];
      }
      var progress = mode === PROGRESS && !!state.progress;
      var years = water.modeYears(state, progress ? PROGRESS : null);
      var year = years.length ? water.yearAt(years, Math.min(index, years.length - 1)) : null;
      var hideout = Object.assign({}, state, {year: year, selected: selected || [], mode: progress ? PROGRESS : null});
      water.state.current = hideout;
      if (!years.length) {  // the region's plan has no value of this indicator
        var none = water.legend.noValues(state, progress);
        return [hideout, none.card[0], none.card[1], none.legend, !progress, "map-legend"];
      }
      var drawn = (state.cells || {})[year] || {};
      var legendClass = (state.units || []).every(function (code) { return drawn[code]; }) ? "map-legend all-drawn" : "map-legend";
      water.labels.refresh(hideout);
      if (progress) {
        ensurePatterns(document.querySelector("#map .leaflet-overlay-pane svg"), state.progress.statuses);
        var card = water.legend.progressHeadline(state, year);
        return [hideout, card[0], card[1], water.legend.progressLegend(state, year), false, legendClass];
      }
      var head = water.legend.targetHeadline(state, year);
      return [hideout, head[0], head[1], [], true, legendClass];
    }
  });
})(window.water);
