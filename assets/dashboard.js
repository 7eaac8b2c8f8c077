/* Map styling and client-side callbacks. The map state (classes and their styles, per-year cells) comes from
   the server once per region + indicator; a change of year only restyles here. Its keys are the map-state
   contract of water_targets/choropleth.py (map_state, browser_state; docs/map-state.md): no colour
   or class is defined here, only neutral defaults for a map without a state. */
(function () {
  "use strict";

  var current = {};   // the hideout last applied to the county layer
  var targetYearLeft = {};  // "region|indicator" -> the target view's year when the progress view was chosen
  var titleArgs = null;  // the page title's last (state, lang, year, counties): redone when the county's shape loads
  var layers = {};    // adcode -> Leaflet layer of the county layer (refreshed when geometry loads)

  function cellFor(h, code) {
    var year = h.cells && h.cells[h.year];
    return year ? year[code] : undefined;
  }

  // The class of a unit without a cell (a highlighted county-level region without a value is "no data", not background).
  function missingClass(h, code) {
    var missing = h.missing || {};
    return code === h.highlight ? missing.highlight : missing.unit;
  }

  function unitClass(h, code) {
    var cell = cellFor(h, code);
    return cell ? cell["class"] : missingClass(h, code);
  }

  function classStyle(h, name) { return (h.classes || {})[name] || {}; }

  // A unit's name in the ink of its class or status (≥ 4.5:1 on the fill, from the map state), on a halo of the
  // opposite tone for patterned fills and edges.
  var inkOf = {};
  function paintLabel(code) {
    var layer = layers[code], tip = layer && layer.getTooltip && layer.getTooltip();
    var el = tip && tip.getElement && tip.getElement();
    if (!el || !inkOf[code]) { return; }
    el.style.color = inkOf[code];
    el.classList.toggle("on-dark", inkOf[code].toLowerCase() === "#ffffff");
  }

  // The query of a view: `spec` (the map state's `url`, water_targets/urlstate.py URL_SPEC) names the parameters in
  // order and their defaults; a parameter is left out when empty or at its default, a list is joined with ",".
  // urlstate.query is the same rule in Python.
  function viewQuery(spec, values) {
    var params = new URLSearchParams(), defaults = spec.defaults || {};
    (spec.params || []).forEach(function (name) {
      var value = values[name];
      value = Array.isArray(value) ? value.join(",") : (value === null || value === undefined ? "" : String(value));
      if (value && value !== defaults[name]) { params.set(name, value); }
    });
    return "?" + params.toString().replace(/%2C/g, ",");
  }

  // The slider's year: index i of a list of years (water_targets/choropleth.py year_at is the same rule).
  function yearAt(years, index) {
    return years && index !== null && index !== undefined && index >= 0 && index < years.length ? years[index] : null;
  }

  function name(feature, h) {
    return h.lang === "en" ? feature.properties.name_en : feature.properties.name_zh;
  }

  // ---- The progress view (目标值 | 完成情况): statuses per unit and year in `progress` of the map state
  // (water_targets/progress.py). Colours and patterns come from status.py's STATUS_STYLE via the state; the
  // patterns are drawn here as SVG tiles, so a status stays recognisable in greyscale print.
  var PROGRESS = "progress";

  function isProgress(h) { return h.mode === PROGRESS && !!h.progress; }

  function progressCell(h, code) {
    var year = h.progress && h.progress.cells && h.progress.cells[h.year];
    return year ? year[code] : undefined;
  }

  function modeYears(state, mode) {
    if (mode === PROGRESS) { return (state && state.progress && state.progress.years) || []; }
    return (state && state.years) || [];
  }

  // ---- Data text (unit names from uploaded boundary files, values, notes, sources) enters the page as text only,
  // never as markup: a name such as "<b>x</b><a href=…>" must show literally. Nothing here assigns innerHTML; a
  // Leaflet label gets a text node (Leaflet would write a string with innerHTML), the hover box and the SVG
  // patterns are built as elements. The one helper for that is node().
  function node(tag, className, text) {
    var e = document.createElement(tag);
    if (className) { e.className = className; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }

  // A unit's name as a Leaflet label: a text node, which Leaflet appends as it is.
  function labelText(feature, h) { return document.createTextNode(String(name(feature, h) || "")); }

  var SVG_NS = "http://www.w3.org/2000/svg";
  function svgNode(tag, attrs) {
    var e = document.createElementNS(SVG_NS, tag);
    Object.keys(attrs).forEach(function (key) { e.setAttribute(key, attrs[key]); });
    return e;
  }

  // Status patterns drawn as marks on an 8 × 8 tile; any other pattern (solid, none) is a plain fill.
  var PATTERN_KINDS = {dots: true, stripes: true, cross: true};
  function patterned(st) { return PATTERN_KINDS.hasOwnProperty(st.pattern); }

  // The marks of a status pattern on an 8 × 8 tile, in the status's ink colour (none for solid fills).
  function patternMarks(kind, ink) {
    var down = "M-1,1 l2,-2 M0,8 l8,-8 M7,9 l2,-2", up = "M-1,7 l2,2 M0,0 l8,8 M7,-1 l2,2";
    if (kind === "dots") {
      var g = svgNode("g", {fill: ink, "fill-opacity": "0.8"});
      g.appendChild(svgNode("circle", {cx: "2", cy: "2", r: "1.3"}));
      g.appendChild(svgNode("circle", {cx: "6", cy: "6", r: "1.3"}));
      return [g];
    }
    if (kind === "stripes") {
      return [svgNode("path", {d: down, stroke: ink, "stroke-opacity": "0.75", "stroke-width": "1.4"})];
    }
    if (kind === "cross") {
      return [svgNode("path", {d: down + " " + up, stroke: ink, "stroke-opacity": "0.85", "stroke-width": "1.2"})];
    }
    return [];
  }

  function patternId(status) { return "wt-status-" + status; }

  // One <pattern> per patterned status in the map's SVG (once per SVG: the layer's paths come and go).
  function ensurePatterns(svg, statuses) {
    if (!svg || !statuses || svg.querySelector("#wt-status-patterns")) { return; }
    var defs = svgNode("defs", {id: "wt-status-patterns"});
    Object.keys(statuses).forEach(function (status) {
      var st = statuses[status];
      if (!patterned(st)) { return; }
      var marks = patternMarks(st.pattern, st.ink);
      var pattern = svgNode("pattern", {id: patternId(status), patternUnits: "userSpaceOnUse", width: "8", height: "8"});
      pattern.appendChild(svgNode("rect", {width: "8", height: "8", fill: st.fill}));
      marks.forEach(function (mark) { pattern.appendChild(mark); });
      defs.appendChild(pattern);
    });
    svg.insertBefore(defs, svg.firstChild);
  }

  function statusFill(status, st) {
    return patterned(st) ? "url(#" + patternId(status) + ")" : st.fill;  // per unit and restyle: no DOM work
  }

  // A legend or hover swatch drawn like the map: the fill, the pattern tile on top, the status outline.
  function swatchStyle(st) {
    var style = {backgroundColor: st.fill, borderColor: st.outline};
    if (patterned(st)) {
      var marks = patternMarks(st.pattern, st.ink);
      var svg = svgNode("svg", {width: "8", height: "8"});
      marks.forEach(function (mark) { svg.appendChild(mark); });
      var tile = new XMLSerializer().serializeToString(svg);
      style.backgroundImage = "url(\"data:image/svg+xml," + encodeURIComponent(tile) + "\")";
      style.backgroundSize = "8px 8px";
    }
    return style;
  }

  function el(type, className, children, style) {
    var props = {className: className, children: children};
    if (style) { props.style = style; }
    return {namespace: "dash_html_components", type: type, props: props};
  }

  function fillIn(template, key, value) { return String(template || "").replace("{" + key + "}", value); }

  // Legend of the progress view: one entry per status present in the year (in status order) with its count,
  // then the units that carry no assessment (no county breakdown, context units).
  function progressLegend(state, year) {
    var p = state.progress, t = p.texts || {}, counts = (p.counts || {})[year] || {};
    var items = (p.order || []).filter(function (s) { return counts[s]; }).map(function (s) {
      var st = p.statuses[s];
      return el("Span", "legend-item legend-status status-" + s, [
        el("Span", "swatch", null, swatchStyle(st)), el("Span", "legend-label", st.label),
        el("Span", "legend-count", String(counts[s]))
      ]);
    });
    var cells = (p.cells || {})[year] || {}, rest = {};
    (state.units || []).forEach(function (code) {
      if (cells[code]) { return; }
      var c = missingClass(state, code);
      rest[c] = (rest[c] || 0) + 1;
    });
    Object.keys(rest).forEach(function (c) {
      var st = classStyle(state, c);
      if (!st.label) { return; }
      items.push(el("Span", "legend-item legend-special class-" + c, [
        el("Span", "swatch", null, {backgroundColor: st.fill}), el("Span", "legend-label", st.label),
        el("Span", "legend-count", String(rest[c]))
      ]));
    });
    var caption = p.has_actuals ? t.progress_caption : t.no_actuals;
    return [
      el("Div", "legend-head", [
        el("Strong", "legend-title", fillIn(t.legend, "year", year)),
        el("Span", "legend-comparators", (state.texts || {}).view || "")
      ]),
      el("Div", "legend-items", items),
      el("Div", "legend-caption" + (p.has_actuals ? "" : " progress-note"), caption)
    ];
  }

  // Headline card of the progress view: the region's own status, its distance, actual and target.
  function progressHeadline(state, year) {
    var p = state.progress, t = p.texts || {}, head = (p.headline || {})[year];
    var yearText = fillIn(t.year, "year", year);
    var children;
    if (head) {
      var st = p.statuses[head.status];
      var facts = [head.distance, head.actual ? t.actual_value + " " + head.actual : "", t.target_value + " " + head.target];
      children = [
        el("Div", "headline-label", t.headline + " · " + yearText),
        el("Div", "headline-value headline-status status-" + head.status, [
          el("Span", "swatch", null, swatchStyle(st)), el("Span", null, st.label)
        ]),
        el("Div", "headline-note", facts.filter(Boolean).join(" · "))
      ];
    } else {
      var n = Object.keys((p.cells || {})[year] || {}).length;
      children = [
        el("Div", "headline-label", fillIn(t.legend, "year", year)),
        el("Div", "headline-note", fillIn(t.assessed, "n", n))
      ];
    }
    if (!p.has_actuals) { children.push(el("Div", "headline-flag progress-note", t.no_actuals)); }
    return [children, "headline-card progress-headline" + (head ? "" : " quiet")];
  }

  // The hover box's lines for a unit of the progress view: each line a list of nodes (text only, see node()).
  function progressInfo(h, feature, cell) {
    var p = h.progress, t = p.texts || {}, st = p.statuses[cell.status], colon = h.lang === "en" ? ": " : "：";
    var lines = [[node("strong", null, name(feature, h))]];
    var swatch = node("span", "swatch");
    Object.assign(swatch.style, swatchStyle(st));  // CSSOM, allowed by the page's style-src without 'unsafe-inline'
    var status = node("span", "info-status");
    status.appendChild(swatch);
    status.appendChild(document.createTextNode(st.label || ""));
    lines.push([status, " ", node("span", "info-year", fillIn(t.year, "year", h.year))]);
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

  // Hide a label that is wider than its county on screen, or that would overlap the label of a larger
  // county (hover still names it); redone on zoom. A map of more than LABEL_LIMIT units (an overview of
  // thousands of plan regions) has no labels at all: hover names a unit.
  var LABEL_LIMIT = 400;
  var boundSinceFit = 0;  // units bound since the last fitLabels: the size of the layer being loaded
  var fitTimer = null;
  function scheduleFit(delay) {
    if (fitTimer !== null) { return; }
    fitTimer = window.setTimeout(function () { fitTimer = null; fitLabels(); }, delay);
  }
  function fitLabels() {
    boundSinceFit = 0;
    var live = Object.keys(layers).map(function (code) { return layers[code]; }).filter(function (layer) {
      return layer._map;
    });
    if (live.length > LABEL_LIMIT) {
      live.forEach(function (layer) { if (layer.getTooltip && layer.getTooltip()) { layer.unbindTooltip(); } });
      return;
    }
    var placed = [];
    live.map(function (layer) {
      var b = layer._pxBounds;
      var area = b ? (b.max.x - b.min.x) * (b.max.y - b.min.y) : 0;
      return {layer: layer, b: b, area: area};
    }).sort(function (a, c) { return c.area - a.area; }).forEach(function (item) {
      var tip = item.layer.getTooltip && item.layer.getTooltip();
      var el = tip && tip.getElement && tip.getElement();
      if (!el || !item.b) { return; }
      el.style.visibility = "visible";
      var r = el.getBoundingClientRect();
      var tooWide = (item.b.max.x - item.b.min.x) < r.width * 0.7;
      var overlaps = placed.some(function (p) {
        return r.left < p.right && p.left < r.right && r.top < p.bottom && p.top < r.bottom;
      });
      if (tooWide || overlaps) { el.style.visibility = "hidden"; } else { placed.push(r); }
    });
  }
  var watchedMaps = [];
  function watchZoom(map) {
    if (!map || watchedMaps.indexOf(map) >= 0) { return; }
    watchedMaps.push(map);
    map.on("zoomend", function () { scheduleFit(0); });
  }

  function showInfo(feature) {
    var box = document.getElementById("map-info");
    if (!box) { return; }
    if (!feature) { box.replaceChildren(); box.classList.remove("visible"); return; }
    var h = current, code = feature.properties.adcode, cell = cellFor(h, code);
    var t = h.texts || {};
    var lines = [[node("strong", null, name(feature, h))]];
    var assessed = isProgress(h) ? progressCell(h, code) : undefined;
    if (assessed) {
      lines = progressInfo(h, feature, assessed);
    } else if (isProgress(h)) {
      lines.push([node("span", "info-muted", classStyle(h, missingClass(h, code)).label || "")]);
    } else if (cell) {
      lines.push([node("span", "info-year", h.year), " " + (cell.value === undefined ? "" : cell.value)]);
      if (cell.note) { lines.push([node("em", null, cell.note)]); }
      lines.push([node("span", "info-source", (t.source || "") + "：" + (cell.source || ""))]);
    } else {
      lines.push([node("span", "info-muted", classStyle(h, (h.missing || {}).unit).label || "")]);
    }
    var frag = document.createDocumentFragment();
    lines.forEach(function (line, i) {
      if (i) { frag.appendChild(document.createElement("br")); }
      line.forEach(function (part) { frag.appendChild(typeof part === "string" ? document.createTextNode(part) : part); });
    });
    box.replaceChildren(frag);
    box.classList.add("visible");
  }

  window.waterMap = {
    viewQuery: viewQuery,

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

    contextStyle: function (feature) {
      if (feature.properties.level === "maritime") {
        return {className: "map-context", color: "#8a96a3", weight: 1.2, dashArray: "6 4", fill: false};
      }
      var country = feature.properties.level === "country";
      return {className: "map-context", color: "#9aa5b1", weight: country ? 1.2 : 0.8, fillColor: "#f4f5f7", fillOpacity: country ? 1 : 0, opacity: 1};
    },

    // Reads the last applied hideout rather than the context: dash-leaflet styles features that arrive
    // after a url change with the hideout of the moment the fetch started, which may be stale.
    unitStyle: function (feature) {
      var h = current;
      var code = feature.properties.adcode;
      if (!h.cells) {
        return {className: "map-unit", color: "#ffffff", weight: 1, fillColor: "#e4e7eb", fillOpacity: 1};
      }
      var assessed = isProgress(h) ? progressCell(h, code) : undefined;
      var st = assessed && h.progress.statuses[assessed.status];
      // In the progress view a unit is drawn by its status (fill or pattern, outline); without one as in the target view.
      var klass = classStyle(h, isProgress(h) ? missingClass(h, code) : unitClass(h, code));
      var style = {className: "map-unit", color: klass.outline, weight: klass.weight, opacity: 1, fillColor: klass.fill,
                   fillOpacity: 1, dashArray: klass.dash || null};
      if (st) { style.fillColor = statusFill(assessed.status, st); style.color = st.outline; style.weight = 1; style.dashArray = null; }
      inkOf[code] = (st || klass).ink;
      paintLabel(code);
      var marks = h.marks || {};
      if (h.highlight === code && marks.highlight) { style.color = marks.highlight.outline; style.weight = marks.highlight.weight; }
      if ((h.selected || []).indexOf(code) >= 0 && marks.selected) {
        style.color = marks.selected.outline; style.weight = marks.selected.weight; style.dashArray = null;
      }
      return style;
    },

    bindUnit: function (feature, layer) {
      var code = feature.properties.adcode;
      layers[code] = layer;
      boundSinceFit += 1;
      // A deep link's county is named in the title once its shape (and name) has arrived.
      if (titleArgs && titleArgs[3] && titleArgs[3][0] === code) { document.title = pageTitle.apply(null, titleArgs); }
      if (boundSinceFit <= LABEL_LIMIT) {
        layer.bindTooltip(labelText(feature, current), {permanent: true, direction: "center", className: "unit-label", interactive: false});
      }
      layer.on("add", function () {
        var el = layer.getElement && layer.getElement();
        if (el) {
          el.setAttribute("data-adcode", code);
          if (current.progress) { ensurePatterns(el.ownerSVGElement, current.progress.statuses); }
        }
        // The label sits on a point inside the unit (from the data), not on the centroid, which can
        // fall in a neighbour for a concave unit.
        if (feature.properties.label && layer.getTooltip()) { layer.openTooltip(feature.properties.label); }
        paintLabel(code);
        watchZoom(layer._map);
        scheduleFit(50);
      });
      layer.on("mouseover", function () {
        showInfo(feature);
        var hover = (current.marks || {}).hover;
        if (hover) { layer.setStyle({weight: hover.weight, color: hover.outline}); }
      });
      layer.on("mouseout", function () {
        showInfo(null);
        layer.setStyle(window.waterMap.unitStyle(feature));
      });
    }
  };

  // Create the data grid only when its card comes near the viewport (its JavaScript is loaded then).
  function watchTable() {
    var slot = document.getElementById("table-slot");
    if (!slot || !window.dash_clientside || !window.dash_clientside.set_props) {
      window.setTimeout(watchTable, 200);
      return;
    }
    var observer = new IntersectionObserver(function (entries) {
      if (entries.some(function (e) { return e.isIntersecting; })) {
        observer.disconnect();
        window.dash_clientside.set_props("table-visible", {data: true});
      }
    }, {rootMargin: "0px 0px 100px 0px"});
    observer.observe(slot);
  }
  window.addEventListener("load", watchTable);

  // 目标值 | 完成情况 is a radio group: the arrow keys move to the other option and choose it.
  document.addEventListener("keydown", function (e) {
    var radio = e.target && e.target.closest && e.target.closest("#map-mode [role=radio]");
    var step = {ArrowLeft: -1, ArrowUp: -1, ArrowRight: 1, ArrowDown: 1}[e.key];
    if (!radio || !step) { return; }
    e.preventDefault();
    var radios = Array.prototype.slice.call(document.querySelectorAll("#map-mode [role=radio]"));
    var next = radios[(radios.indexOf(radio) + step + radios.length) % radios.length];
    next.focus();
    if (next.getAttribute("aria-checked") !== "true") { next.click(); }
  });

  // Point every export link at the current view (chart links need a unit: the drilled-down one or
  // the region itself; on the overview without a selection they are disabled).
  function updateExportLinks(region, indicator, index, counties, lang, state, data, mode) {
    var year = state && state.years && state.region === region ? yearAt(modeYears(state, mode), index) : null;
    // Only the map exports have a progress view; the others get the year only when it has targets.
    var targetYear = year && state.years.indexOf(year) >= 0 ? year : null;
    var unit = (counties && counties[0]) || (region && region !== state.url.overview ? region : null);
    var empty = !(state && state.region === region && state.indicator === indicator && state.years && state.years.length);
    document.querySelectorAll("#export-menu a.export-link").forEach(function (a) {
      var path = a.getAttribute("data-path");
      var chart = path.indexOf("chart.") === 0, map = path.indexOf("map.") === 0;
      var query = viewQuery(state.url, {
        region: chart ? unit : region, indicator: indicator, year: chart ? null : (map ? year : targetYear),
        lang: lang, view: map ? mode : null, asof: data && data.rev  // an export shows the page's data version
      });
      var extra = a.getAttribute("data-extra");
      var href = "/export/" + path + query + (extra ? "&" + extra : "");
      // A disabled link is truly disabled: no href (Enter follows nothing), out of the Tab order, said so.
      var disabled = empty || (chart && !unit);
      a.classList.toggle("disabled", disabled);
      if (disabled) {
        a.removeAttribute("href");
        a.setAttribute("role", "link");
        a.setAttribute("aria-disabled", "true");
        a.setAttribute("tabindex", "-1");
      } else {
        a.setAttribute("href", href);
        a.removeAttribute("role");
        a.removeAttribute("aria-disabled");
        a.removeAttribute("tabindex");
      }
    });
  }

  // ---- Accessibility (WCAG 2.1 AA): the page's language and title follow the view; the year slider names
  // its year; a failed copy shows the link to copy by hand; Esc closes the export menu.
  function htmlLang(lang) { return lang === "en" ? "en" : "zh-CN"; }

  // "region · indicator · year (· first county) — app title", from the map state's texts and the unit names.
  function pageTitle(state, lang, year, counties) {
    var t = state.texts || {}, parts = [t.place, t.view, year];
    var first = counties && counties[0], layer = first && layers[first];
    if (layer && layer.feature) { parts.push(name(layer.feature, {lang: lang})); }
    var app = document.getElementById("page-title");
    var title = parts.filter(Boolean).join(" · ");
    return app && app.textContent ? title + " — " + app.textContent : title;
  }

  // dcc.Slider has no prop for these: set them on its [role=slider] element (again after React redraws it).
  function labelSlider(lang, year) {
    var apply = function () {
      document.querySelectorAll("#year-slider [role=slider]").forEach(function (thumb) {
        thumb.setAttribute("aria-label", lang === "en" ? "Year" : "年份");
        if (year) { thumb.setAttribute("aria-valuetext", String(year)); } else { thumb.removeAttribute("aria-valuetext"); }
      });
    };
    apply();
    window.setTimeout(apply, 0);
    window.setTimeout(apply, 200);
  }

  // The link to copy by hand (no clipboard, or it refused): a selected text field under the header.
  function showManualCopy(url) {
    var en = document.documentElement.lang === "en";
    var box = document.getElementById("copy-manual");
    if (!box) {
      box = document.createElement("div");
      box.id = "copy-manual";
      box.className = "copy-manual";
      box.setAttribute("role", "alert");
      var label = document.createElement("label");
      label.setAttribute("for", "copy-manual-url");
      var input = document.createElement("input");
      input.id = "copy-manual-url";
      input.type = "text";
      input.readOnly = true;
      box.appendChild(label);
      box.appendChild(input);
      // In the banner landmark (not loose in <body>), right under the Copy link button.
      (document.querySelector("header.app-header") || document.body).appendChild(box);
    }
    box.querySelector("label").textContent = en ? "Copy it by hand: " : "请手动复制：";
    var field = box.querySelector("input");
    field.value = url;
    box.hidden = false;
    field.focus();
    field.select();
  }

  function hideManualCopy() {
    var box = document.getElementById("copy-manual");
    if (box) { box.hidden = true; }
  }

  // The export menu also closes when the focus (or a click) leaves it.
  function closeMenuOutside(e) {
    var menu = document.getElementById("export-menu");
    if (menu && menu.open && e.target instanceof Node && !menu.contains(e.target)) { menu.open = false; }
  }
  document.addEventListener("focusin", closeMenuOutside);
  document.addEventListener("click", closeMenuOutside);
  document.addEventListener("click", function (e) {
    var a = e.target && e.target.closest && e.target.closest("a[aria-disabled=true]");
    if (a) { e.preventDefault(); }
  }, true);

  // Skip links: focus their target (main, the data table) without touching the URL's hash.
  document.addEventListener("click", function (e) {
    var link = e.target && e.target.closest && e.target.closest("a.skip-link");
    if (!link) { return; }
    var target = document.getElementById((link.getAttribute("href") || "").slice(1));
    if (!target) { return; }
    e.preventDefault();
    if (!target.hasAttribute("tabindex")) { target.setAttribute("tabindex", "-1"); }
    target.focus({preventScroll: true});
    target.scrollIntoView({block: "start"});
  });

  // ---- The map's units from the keyboard: the buttons of the unit list (layouts/page.py map_unit_list) open a
  // unit exactly as a click on its shape does (MAP_UNITS n_clicks + clickData → callbacks/view.py click_unit);
  // then the drill-down's heading takes the focus and a live region says which unit was opened.
  var a11y = {};       // texts of the page's language (A11Y_TEXTS)
  var unitClicks = Date.now();
  var pendingHeading = null;

  function openUnit(button) {
    var code = button.getAttribute("data-adcode"), layer = layers[code];
    var props = layer && layer.feature ? layer.feature.properties : {adcode: code};
    unitClicks += 1;
    window.dash_clientside.set_props("map-units", {n_clicks: unitClicks, clickData: {type: "Feature", properties: props}});
    pendingHeading = {name: button.getAttribute("data-name"), until: Date.now() + 15000};
    watchHeading();
  }

  function watchHeading() {
    var detail = document.getElementById("county-detail");
    if (!pendingHeading || !detail) { return; }
    var heading = detail.querySelector(".detail-title");
    if (heading && heading.textContent.indexOf(pendingHeading.name) === 0) {
      var name = pendingHeading.name;
      pendingHeading = null;
      heading.setAttribute("tabindex", "-1");
      heading.focus();
      window.dash_clientside.set_props("detail-announce", {children: fillIn(a11y.detail_opened || "{name}", "name", name)});
      return;
    }
    if (Date.now() < pendingHeading.until) { window.setTimeout(watchHeading, 100); } else { pendingHeading = null; }
  }

  // The unit list: one button per unit of the county menu (the units a click on the map can open) with what the map
  // shows for it in the year (its value, or its status in the progress view), so the list says what the colours
  // say; the unit whose drill-down is shown is aria-current. Plain DOM, not Dash components: an overview of
  // thousands of units would otherwise cost the Dash renderer seconds on every restyle; drawn only while open.
  var unitList = {options: null, selected: [], h: {}};
  function renderUnitButtons() {
    var details = document.getElementById("map-unit-list"), box = document.getElementById("map-unit-buttons");
    if (!details || !box || !details.open || !unitList.options) { return; }
    var h = unitList.h, shown = unitList.selected[0];
    var active = document.activeElement, refocus = active && box.contains(active) ? active.getAttribute("data-adcode") : null;
    var frag = document.createDocumentFragment();
    unitList.options.forEach(function (o) {
      var shows = "";
      if (isProgress(h)) {
        var assessed = progressCell(h, o.value);
        shows = assessed ? (h.progress.statuses[assessed.status] || {}).label || "" : "";
      } else {
        shows = (cellFor(h, o.value) || {}).value || "";
      }
      var button = document.createElement("button");
      button.type = "button";
      button.className = "unit-button";
      button.id = "unit-button-" + o.value;
      button.setAttribute("data-adcode", o.value);
      button.setAttribute("data-name", o.label);
      button.appendChild(document.createTextNode(o.label));
      if (shows) {
        var span = document.createElement("span");
        span.className = "unit-shows";
        span.textContent = shows;
        button.appendChild(span);
      }
      if (o.value === shown) { button.setAttribute("aria-current", "true"); }
      frag.appendChild(button);
    });
    box.replaceChildren(frag);
    if (refocus) {
      var again = document.getElementById("unit-button-" + refocus);
      if (again) { again.focus(); }
    }
  }
  // <details> fires "toggle" on itself only: listened to in the capture phase.
  document.addEventListener("toggle", function (e) {
    if (e.target && e.target.id === "map-unit-list") { renderUnitButtons(); }
  }, true);

  document.addEventListener("click", function (e) {
    var button = e.target && e.target.closest && e.target.closest("#map-unit-buttons button[data-adcode]");
    if (button) { openUnit(button); }
  });

  // A unit's button in focus does what hovering its shape does: outline it and show its box (value, sources).
  function unitButtonHover(e, on) {
    var button = e.target && e.target.closest && e.target.closest("#map-unit-buttons button[data-adcode]");
    var layer = button && layers[button.getAttribute("data-adcode")];
    if (!layer || !layer.feature || !layer._map) { return; }
    layer.fire(on ? "mouseover" : "mouseout");
  }
  document.addEventListener("focusin", function (e) { unitButtonHover(e, true); });
  document.addEventListener("focusout", function (e) { unitButtonHover(e, false); });

  // ---- Fix-ups of third-party markup, redone whenever the page changes (idempotent):
  // - dcc.Dropdown keeps a hidden <input aria-hidden tabindex=0> as its Tab stop (a Safari workaround) and the real
  //   button out of the Tab order: axe `aria-hidden-focus`. The button becomes the Tab stop, the input leaves it;
  //   the button's name starts with its visible label (label[for]), not only the chosen value.
  //   Its open menu (a dialog and a listbox, both without a name) is named by the same label. (Its options stay
  //   as Dash makes them, role=option labels around the radio button or checkbox that its arrow keys focus: see
  //   tests/test_browser_axe.py, THIRD_PARTY.)
  // - dcc.Checklist renders the same listbox of options around checkboxes, but they are its only Tab stops: the
  //   labels lose the roles, leaving native checkboxes (named by their text) in a group named by its legend.
  // - Dash's own <footer> (it only holds the page's scripts) is no second contentinfo landmark.
  function setAttr(el, name, value) { if (el.getAttribute(name) !== value) { el.setAttribute(name, value); } }

  function fixUp() {
    document.querySelectorAll(".dash-dropdown-focus-target").forEach(function (input) {
      if (input.getAttribute("tabindex") !== "-1") { input.setAttribute("tabindex", "-1"); }
      var button = input.nextElementSibling;
      if (!button || !button.classList.contains("dash-dropdown")) { return; }
      if (!button.disabled && button.tabIndex !== 0) { button.tabIndex = 0; }
      var label = button.id && document.querySelector('label[for="' + button.id + '"]');
      var names = (button.getAttribute("aria-labelledby") || "").split(" ").filter(Boolean);
      if (!label || !label.id) { return; }
      if (names[0] !== label.id) {
        setAttr(button, "aria-labelledby", [label.id].concat(names.filter(function (n) { return n !== label.id; })).join(" "));
      }
      setAttr(button, "aria-haspopup", "dialog");
      var menu = button.getAttribute("aria-controls") && document.getElementById(button.getAttribute("aria-controls"));
      if (menu) {
        setAttr(menu, "aria-labelledby", label.id);
        menu.querySelectorAll(".dash-options-list").forEach(function (list) { setAttr(list, "aria-labelledby", label.id); });
      }
    });
    document.querySelectorAll(".dash-checklist").forEach(function (list) {
      var legend = list.closest("fieldset") && list.closest("fieldset").querySelector("legend[id]");
      if (legend) { setAttr(list, "aria-labelledby", legend.id); }
    });
    document.querySelectorAll(".dash-checklist[role=listbox]").forEach(function (list) { list.setAttribute("role", "group"); });
    document.querySelectorAll(".dash-checklist [role=option], .dash-checklist [aria-selected]").forEach(function (option) {
      option.removeAttribute("role");
      option.removeAttribute("aria-selected");
    });
    document.querySelectorAll("body > footer:not([role])").forEach(function (footer) { footer.setAttribute("role", "presentation"); });
    // Leaflet's container takes the focus (arrow keys pan, + and − zoom) but has no role or name: a group named
    // like its card, described by the hint that says how to reach the units from the keyboard.
    var map = document.getElementById("map");
    if (map && document.getElementById("label-map-card")) {
      setAttr(map, "role", "group");
      setAttr(map, "aria-labelledby", "label-map-card");
      if (document.getElementById("map-keys-hint")) { setAttr(map, "aria-describedby", "map-keys-hint"); }
    }
  }

  var fixTimer = null;
  function scheduleFixUp() {
    if (fixTimer !== null) { return; }
    fixTimer = window.setTimeout(function () { fixTimer = null; fixUp(); }, 0);
  }
  function watchFixUps() {
    fixUp();
    new MutationObserver(scheduleFixUp).observe(document.body, {
      childList: true, subtree: true, attributes: true, attributeFilter: ["tabindex", "role", "aria-selected", "aria-labelledby"]
    });
    // The dropdown button puts its input back into the Tab order when it loses the focus.
    document.addEventListener("focusout", scheduleFixUp);
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", watchFixUps); } else { watchFixUps(); }

  document.addEventListener("keydown", function (e) {
    if (e.key !== "Escape") { return; }
    var menu = document.getElementById("export-menu");
    if (menu && menu.open) {
      menu.open = false;
      var summary = menu.querySelector("summary");
      if (summary) { summary.focus(); }
    }
    hideManualCopy();
  });

  window.dash_clientside = Object.assign({}, window.dash_clientside, {
    water: {
      // Outputs: the hideout, the headline card (children, class) and the progress legend (children, hidden).
      restyle: function (index, state, selected, mode) {
        var nu = window.dash_clientside.no_update;
        if (!state || !state.years || index === null || index === undefined || index < 0) {
          return [nu, nu, nu, nu, nu];
        }
        var progress = mode === PROGRESS && !!state.progress;
        var years = modeYears(state, progress ? PROGRESS : null);
        if (!years.length) {  // the region's plan has no value of this indicator
          current = Object.assign({}, state, {year: null, selected: selected || [], mode: progress ? PROGRESS : null});
          var msg = {namespace: "dash_html_components", type: "Div",
                     props: {className: "headline-note", children: (state.texts || {}).no_values}};
          var note = [el("Div", "legend-caption progress-note", (state.texts || {}).no_values)];
          return [current, [msg], "headline-card quiet", progress ? note : [], !progress];
        }
        var year = yearAt(years, Math.min(index, years.length - 1));
        var hideout = Object.assign({}, state, {year: year, selected: selected || [], mode: progress ? PROGRESS : null});
        current = hideout;
        Object.keys(layers).forEach(function (code) {
          var layer = layers[code];
          if (layer && layer.feature && layer.getTooltip()) { layer.setTooltipContent(labelText(layer.feature, hideout)); }
        });
        scheduleFit(50);
        if (progress) {
          var svg = document.querySelector("#map .leaflet-overlay-pane svg");
          ensurePatterns(svg, state.progress.statuses);
          var card = progressHeadline(state, year);
          return [hideout, card[0], card[1], progressLegend(state, year), false];
        }
        var head = state.headline && state.headline[year];
        var t = state.texts || {};
        if (!head) {
          // Keep the card (no layout jump): name the view and how many units have a value this year.
          var count = Object.keys((state.cells || {})[year] || {}).length;
          return [hideout, [
            {namespace: "dash_html_components", type: "Div", props: {className: "headline-label", children: (t.view || "") + " · " + year}},
            {namespace: "dash_html_components", type: "Div", props: {className: "headline-note", children: (t.units_with_values || "").replace("{n}", count)}}
          ], "headline-card quiet", [], true];
        }
        var children = [
          {namespace: "dash_html_components", type: "Div", props: {className: "headline-label", children: t.headline + " · " + year}},
          {namespace: "dash_html_components", type: "Div", props: {className: "headline-value", children: head.value}},
          {namespace: "dash_html_components", type: "Div", props: {className: "headline-note", children: (head.note ? head.note + " · " : "") + head.source}}
        ];
        if (!state.breakdown) {
          children.push({namespace: "dash_html_components", type: "Div", props: {className: "headline-flag", children: t.no_breakdown}});
        }
        return [hideout, children, state.breakdown ? "headline-card" : "headline-card prominent", [], true];
      },

      // A click on 目标值 | 完成情况: the chosen view, and the slider moved to that view's years (the latest
      // actual year in the progress view; back in the target view, the year left there).
      chooseMode: function (nTargets, nProgress, mode, state, index) {
        var nu = window.dash_clientside.no_update;
        var triggered = (window.dash_clientside.callback_context.triggered || [])[0];
        var next = triggered && triggered.prop_id.indexOf("map-mode-progress.") === 0 ? PROGRESS : "targets";
        var now = mode === PROGRESS ? PROGRESS : "targets";
        if (next === now) { return [nu, nu, nu, nu]; }
        if (!state || !state.years) { return [next, nu, nu, nu]; }
        var key = state.region + "|" + state.indicator;
        var before = yearAt(modeYears(state, now), index);
        if (now !== PROGRESS && before) { targetYearLeft[key] = before; }
        var years = modeYears(state, next);
        var wanted = next === PROGRESS ? (state.progress || {}).default_year : (targetYearLeft[key] || state.default_year);
        var i = years.indexOf(wanted);
        if (i < 0) { i = Math.max(years.length - 1, 0); }
        var marks = {};
        years.forEach(function (y, k) { marks[k] = y; });
        return [next, Math.max(years.length - 1, 0), years.length ? marks : {0: "—"}, i];
      },

      // The radio group's state follows the chosen view (from a click, a key or the URL).
      showMode: function (mode) {
        var progress = mode === PROGRESS;
        return [progress ? "false" : "true", progress ? "true" : "false", progress ? "-1" : "0", progress ? "0" : "-1"];
      },

      // Outputs: the interval's disabled, the button's symbol and aria-pressed (true while the years play).
      togglePlay: function (clicks, disabled) {
        return [!disabled, disabled ? "❚❚" : "▶", disabled ? "true" : "false"];
      },

      // The texts of the page's language for this file (A11Y_TEXTS), and the play button's name.
      labelPlay: function (lang, texts) {
        a11y = (texts && texts[lang]) || {};
        return [a11y.play_years || "", a11y.play_years || ""];
      },

      // The unit list (see renderUnitButtons): kept up to date from the county menu, the selection and the map's
      // hideout; the buttons themselves are plain DOM, drawn only while the list is open.
      unitButtons: function (options, selected, h) {
        unitList = {options: options || [], selected: selected || [], h: h || {}};
        renderUnitButtons();
        return window.dash_clientside.no_update;
      },

      step: function (n, value, max) {
        if (!max) { return window.dash_clientside.no_update; }
        return ((value || 0) + 1) % (max + 1);
      },

      syncView: function (region, indicator, index, counties, lang, state, data, mode) {
        if (lang) { document.documentElement.lang = htmlLang(lang); }
        // The URL rule comes with the map state: until it has arrived the URL stays as it is.
        if (!region || !indicator || index === null || index < 0 || !state || !state.url) {
          return window.dash_clientside.no_update;
        }
        updateExportLinks(region, indicator, index, counties, lang, state, data, mode);
        var same = state.years && state.region === region && state.indicator === indicator;
        var shownYear = same ? yearAt(modeYears(state, mode), index) : null;
        labelSlider(lang, shownYear);
        if (same && state.lang === lang) {
          titleArgs = [state, lang, shownYear, counties];
          document.title = pageTitle.apply(null, titleArgs);
        }
        var query = viewQuery(state.url, {
          region: region, indicator: indicator, year: same ? yearAt(modeYears(state, mode), index) : null,
          county: counties || [], lang: lang, view: mode, asof: data && data.pinned ? data.rev : null
        });
        if (window.location.search !== query) { window.history.replaceState(null, "", query); }
        return query;
      },

      copyLink: function (clicks, data) {
        var url = new URL(window.location.href);
        if (data && data.rev) { url.searchParams.set("asof", data.rev); }
        var link = url.toString();
        if (!navigator.clipboard || !navigator.clipboard.writeText) {
          showManualCopy(link);
          return "btn btn-ghost copy-failed";
        }
        return navigator.clipboard.writeText(link).then(function () {
          hideManualCopy();
          return "btn btn-ghost copied";
        }, function () {
          showManualCopy(link);
          return "btn btn-ghost copy-failed";
        });
      }
    }
  });
})();
