/* Unit labels on the map (water.labels): each unit's name as a permanent Leaflet tooltip, in the ink of its class
   or status (≥ 4.5:1 on the fill), hidden where it is wider than its unit or would overlap the label of a larger
   unit (hover still names it), and fitted again when the layer is drawn, restyled or zoomed.
   Receives: the feature's properties (name_zh / name_en, `label`: a point inside the unit) and, from the map state
   through map_style.js, each unit's ink (`classes[…].ink` or `progress.statuses[…].ink`); the hideout's `lang`
   (water.state.current). No text or colour of its own. */
(function (water) {
  "use strict";

  // A map of more than LABEL_LIMIT units (an overview of thousands of plan regions) has no labels: hover names a unit.
  var LABEL_LIMIT = 400;
  var inkOf = {};          // adcode -> the ink of its name (set by map_style.js unitStyle)
  var boundSinceFit = 0;   // units bound since the last fit: the size of the layer being loaded
  var fitQueued = false;

  // A unit's name as a Leaflet label: a text node, which Leaflet appends as it is (never markup: core.js node()).
  function labelText(feature, h) { return document.createTextNode(String(water.unitName(feature, h) || "")); }

  function paint(code) {
    var layer = water.state.layers[code], tip = layer && layer.getTooltip && layer.getTooltip();
    var el = tip && tip.getElement && tip.getElement();
    if (!el || !inkOf[code]) { return; }
    el.style.color = inkOf[code];
    el.classList.toggle("on-dark", inkOf[code].toLowerCase() === "#ffffff");  // a halo of the opposite tone
  }

  function fit() {
    boundSinceFit = 0;
    var layers = water.state.layers;
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

  // Fitting wants the whole layer drawn: the burst of Leaflet events that draws it (every unit's "add" while
  // dash-leaflet adds the data, a restyle, a zoom's zoomend and moveend) asks once, and the fit runs right after
  // the burst (a microtask: no delay, nothing re-applied later).
  function fitSoon() {
    if (fitQueued) { return; }
    fitQueued = true;
    window.queueMicrotask(function () { fitQueued = false; fit(); });
  }

  // The map's zoom changes the units' size on screen: Leaflet's zoomend on the map (dash-leaflet creates it after
  // this file has run: an init hook).
  if (window.L && window.L.Map) {
    window.L.Map.addInitHook(function () {
      if (this.getContainer().id === "map") { this.on("zoomend", fitSoon); }
    });
  }

  water.labels = {
    // onEachFeature: the label, unless the layer being loaded is too large for labels.
    bind: function (feature, layer) {
      boundSinceFit += 1;
      if (boundSinceFit <= LABEL_LIMIT) {
        layer.bindTooltip(labelText(feature, water.state.current),
                          {permanent: true, direction: "center", className: "unit-label", interactive: false});
      }
    },
    // The unit is on the map: its label on a point inside it (from the data, not the centroid, which can fall in a
    // neighbour for a concave unit), in its ink.
    added: function (feature, layer) {
      if (feature.properties.label && layer.getTooltip()) { layer.openTooltip(feature.properties.label); }
      paint(feature.properties.adcode);
      fitSoon();
    },
    // The ink of a unit's name (from its style, map_style.js).
    ink: function (code, ink) {
      inkOf[code] = ink;
      paint(code);
    },
    // A new hideout (year, language, mode): every label's text again, then a fit.
    refresh: function (h) {
      var layers = water.state.layers;
      Object.keys(layers).forEach(function (code) {
        var layer = layers[code];
        if (layer && layer.feature && layer.getTooltip()) { layer.setTooltipContent(labelText(layer.feature, h)); }
      });
      fitSoon();
    }
  };
})(window.water);
