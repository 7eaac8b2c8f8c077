/* Map styling and client-side callbacks. The map state (classes, colours, per-year cells) comes from
   the server once per region + indicator; a change of year only restyles here. */
(function () {
  "use strict";

  var current = {};   // the hideout last applied to the county layer
  var layers = {};    // adcode -> Leaflet layer of the county layer (refreshed when geometry loads)

  function cellFor(h, code) {
    var year = h.cells && h.cells[h.year];
    return year ? year[code] : undefined;
  }

  function fillCode(h, code) {
    var cell = cellFor(h, code);
    if (cell) { return cell.c; }
    return code === h.highlight ? -1 : h["default"];  // Guyang without a value is "no data", not background
  }

  function name(feature, h) {
    return h.lang === "en" ? feature.properties.name_en : feature.properties.name_zh;
  }

  // Hide a label that is wider than its county on screen, or that would overlap the label of a larger
  // county (hover still names it); redone on zoom.
  function fitLabels() {
    var placed = [];
    Object.keys(layers).map(function (code) {
      var layer = layers[code], b = layer._pxBounds;
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
    map.on("zoomend", function () { window.setTimeout(fitLabels, 0); });
  }

  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[c];
    });
  }

  function showInfo(feature) {
    var box = document.getElementById("map-info");
    if (!box) { return; }
    if (!feature) { box.innerHTML = ""; box.classList.remove("visible"); return; }
    var h = current, code = feature.properties.adcode, cell = cellFor(h, code);
    var t = h.texts || {};
    var lines = ["<strong>" + escapeHtml(name(feature, h)) + "</strong>"];
    if (cell) {
      lines.push("<span class='info-year'>" + escapeHtml(h.year) + "</span> " + escapeHtml(cell.v));
      if (cell.n) { lines.push("<em>" + escapeHtml(cell.n) + "</em>"); }
      lines.push("<span class='info-source'>" + escapeHtml(t.source || "") + "：" + escapeHtml(cell.s) + "</span>");
    } else {
      var code0 = h["default"];
      lines.push("<span class='info-muted'>" + escapeHtml((t.special || {})[code0] || "") + "</span>");
    }
    box.innerHTML = lines.join("<br>");
    box.classList.add("visible");
  }

  window.waterMap = {
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
      var c = fillCode(h, code);
      var fill = c >= 0 ? h.colors[c] : h.special[String(c)];
      var style = {className: "map-unit", color: "#ffffff", weight: 1, opacity: 1, fillColor: fill, fillOpacity: 1, dashArray: null};
      if (c === -3) { style.color = "#b7791f"; style.weight = 2; style.dashArray = "5 3"; }
      if (c === -1 || c === -4) { style.color = "#aab4be"; }
      if (h.highlight === code) { style.color = "#0b3c5d"; style.weight = 3; }
      if ((h.selected || []).indexOf(code) >= 0) { style.color = "#111827"; style.weight = 3.5; style.dashArray = null; }
      return style;
    },

    bindUnit: function (feature, layer) {
      var code = feature.properties.adcode;
      layers[code] = layer;
      layer.bindTooltip(name(feature, current), {permanent: true, direction: "center", className: "unit-label", interactive: false});
      layer.on("add", function () {
        var el = layer.getElement && layer.getElement();
        if (el) { el.setAttribute("data-adcode", code); }
        // The label sits on a point inside the unit (from the data), not on the centroid, which can
        // fall in a neighbour for a concave unit.
        if (feature.properties.label) { layer.openTooltip(feature.properties.label); }
        watchZoom(layer._map);
        window.setTimeout(fitLabels, 50);
      });
      layer.on("mouseover", function () { showInfo(feature); layer.setStyle({weight: 3, color: "#334e68"}); });
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

  // Point every export link at the current view (chart links need a unit: the drilled-down one or
  // the region itself; on the overview without a selection they are disabled).
  function updateExportLinks(region, indicator, index, counties, lang, state, data) {
    var year = state && state.years && state.region === region ? state.years[index] : null;
    var unit = (counties && counties[0]) || (region && region !== "all" ? region : null);
    var empty = !(state && state.region === region && state.indicator === indicator && state.years && state.years.length);
    document.querySelectorAll("#export-menu a.export-link").forEach(function (a) {
      var path = a.getAttribute("data-path"), params = new URLSearchParams();
      var chart = path.indexOf("chart.") === 0;
      params.set("region", chart ? (unit || "") : region);
      params.set("indicator", indicator);
      if (year && !chart) { params.set("year", year); }
      if (lang && lang !== "zh") { params.set("lang", lang); }
      if (data && data.rev) { params.set("asof", data.rev); }  // an export shows the page's data version
      var extra = a.getAttribute("data-extra");
      a.setAttribute("href", "/export/" + path + "?" + params.toString() + (extra ? "&" + extra : ""));
      a.classList.toggle("disabled", empty || (chart && !unit));
    });
  }

  window.dash_clientside = Object.assign({}, window.dash_clientside, {
    water: {
      restyle: function (index, state, selected) {
        var nu = window.dash_clientside.no_update;
        if (!state || !state.years || index === null || index === undefined || index < 0) {
          return [nu, nu, nu];
        }
        if (!state.years.length) {  // the region's plan has no value of this indicator
          current = Object.assign({}, state, {year: null, selected: selected || []});
          var msg = {namespace: "dash_html_components", type: "Div",
                     props: {className: "headline-note", children: (state.texts || {}).no_values}};
          return [current, [msg], "headline-card quiet"];
        }
        var year = state.years[Math.min(index, state.years.length - 1)];
        var hideout = Object.assign({}, state, {year: year, selected: selected || []});
        current = hideout;
        Object.keys(layers).forEach(function (code) {
          var layer = layers[code];
          if (layer && layer.feature && layer.getTooltip()) { layer.setTooltipContent(name(layer.feature, hideout)); }
        });
        window.setTimeout(fitLabels, 50);
        var head = state.headline && state.headline[year];
        var t = state.texts || {};
        if (!head) {
          // Keep the card (no layout jump): name the view and how many units have a value this year.
          var count = Object.keys((state.cells || {})[year] || {}).length;
          return [hideout, [
            {namespace: "dash_html_components", type: "Div", props: {className: "headline-label", children: (t.view || "") + " · " + year}},
            {namespace: "dash_html_components", type: "Div", props: {className: "headline-note", children: (t.units_with_values || "").replace("{n}", count)}}
          ], "headline-card quiet"];
        }
        var children = [
          {namespace: "dash_html_components", type: "Div", props: {className: "headline-label", children: t.headline + " · " + year}},
          {namespace: "dash_html_components", type: "Div", props: {className: "headline-value", children: head.v}},
          {namespace: "dash_html_components", type: "Div", props: {className: "headline-note", children: (head.n ? head.n + " · " : "") + head.s}}
        ];
        if (!state.breakdown) {
          children.push({namespace: "dash_html_components", type: "Div", props: {className: "headline-flag", children: t.no_breakdown}});
        }
        return [hideout, children, state.breakdown ? "headline-card" : "headline-card prominent"];
      },

      togglePlay: function (clicks, disabled) {
        return [!disabled, disabled ? "❚❚" : "▶"];
      },

      step: function (n, value, max) {
        if (!max) { return window.dash_clientside.no_update; }
        return ((value || 0) + 1) % (max + 1);
      },

      syncView: function (region, indicator, index, counties, lang, state, data) {
        if (!region || !indicator || index === null || index < 0) { return window.dash_clientside.no_update; }
        updateExportLinks(region, indicator, index, counties, lang, state, data);
        var params = new URLSearchParams();
        params.set("region", region);
        params.set("indicator", indicator);
        if (state && state.years && state.region === region && state.indicator === indicator && state.years[index]) {
          params.set("year", state.years[index]);
        }
        if (counties && counties.length) { params.set("county", counties.join(",")); }
        if (lang && lang !== "zh") { params.set("lang", lang); }
        if (data && data.pinned) { params.set("asof", data.rev); }
        var query = "?" + params.toString().replace(/%2C/g, ",");
        if (window.location.search !== query) { window.history.replaceState(null, "", query); }
        return query;
      },

      copyLink: function (clicks, data) {
        var url = new URL(window.location.href);
        if (data && data.rev) { url.searchParams.set("asof", data.rev); }
        if (navigator.clipboard) { navigator.clipboard.writeText(url.toString()).catch(function () {}); }
        return "btn btn-ghost copied";
      }
    }
  });
})();
