/* The first paint's handover (issue 18). The first HTML response of a view carries the page with the map drawn by
   the server (#first-paint, layouts/first_paint.py; the map is #map-snapshot, water_targets/snapshot.py); the page
   drawn by the scripts waits invisible in the same place (style.css). When the interactive map has drawn the
   view's units in the map state's colours, Leaflet is set to show exactly the area the picture shows (the
   picture's `data-bounds`: the units' lon/lat box, fitted to its box as SVG fits a viewBox) and the picture gives
   way in one frame, so nothing moves. A page whose map never draws (an error) is shown after LIMIT_MS. Until then
   plotly.js waits (below).
   The map's background (China and the provinces under the units, ~40 KB) is not preloaded with the page: on a slow
   network it would share the bandwidth the scripts need. It is asked for here, when the scripts have come (this
   file runs after them), and the picture waits for it at most BACKGROUND_WAIT_MS once the units are drawn.
   Receives: the shell's data-background (the background's URL as the map's layer asks for it), the picture's
   data-bounds and data-pad, the map state's `cells` and `units` (water.state.current). */
(function (water) {
  "use strict";

  var shell = document.getElementById("first-paint");
  if (!shell) { return; }
  var LIMIT_MS = 15000, BACKGROUND_WAIT_MS = 1500;
  var theMap = null, done = false, unitsDrawnAt = null;

  // The layer's own fetch (dash-leaflet GeoJSON: fetch(url), cors mode) takes this preload's response.
  var background = shell.getAttribute("data-background");
  if (background) {
    var link = document.createElement("link");
    link.rel = "preload";
    link.as = "fetch";
    link.crossOrigin = "anonymous";
    link.href = background;
    document.head.appendChild(link);
  }

  // While the picture is shown, the hidden map fits itself to the units at once instead of animating the zoom
  // (a quarter second the reader would wait for); the animation is back when the map is shown. Leaflet reads
  // `_zoomAnimated` at each zoom and sets it in initialize after the init hooks: changed once that has returned.
  if (window.L && window.L.Map) {
    window.L.Map.addInitHook(function () {
      if (this.getContainer().id !== "map") { return; }
      theMap = this;
      window.queueMicrotask(function () {
        if (done) { return; }
        theMap.firstPaintAnimated = theMap._zoomAnimated;
        theMap._zoomAnimated = false;
      });
    });
  }

  // plotly.js (330 KB brotli) waits for the map: dcc.Graph appends its script tag to <body> as soon as the drill-down
  // panel draws a chart, in the same round of callbacks as the map state, and on a slow line it took the bandwidth
  // the map's state and geometry needed. Held until the hand-over, then appended as dcc asked (its own timeout is
  // 30 s; LIMIT_MS is less).
  var heldScripts = [], body = document.body;
  body.appendChild = function (node) {
    if (!done && node && node.tagName === "SCRIPT" && /\/plotly[^/]*\.js/.test(node.src || "")) {
      heldScripts.push(node);
      return node;
    }
    return window.Node.prototype.appendChild.call(body, node);
  };

  function mercator(lat) { return Math.log(Math.tan(Math.PI / 4 + lat * Math.PI / 360)) * 180 / Math.PI; }
  function latitude(y) { return (2 * Math.atan(Math.exp(y * Math.PI / 180)) - Math.PI / 2) * 180 / Math.PI; }

  // The lon/lat box the picture shows in a box of this size (the units' box plus what "meet" adds around it).
  function shownBounds(svg, size) {
    var b = svg.getAttribute("data-bounds").split(",").map(Number);  // west, south, east, north of the units
    var vb = svg.viewBox.baseVal, pad = Number(svg.getAttribute("data-pad")) || 0;
    var perDegree = (vb.width - 2 * pad) / (b[2] - b[0]);  // viewBox units per degree of longitude (and of Mercator y)
    var px = Math.min(size.width / vb.width, size.height / vb.height);  // screen px per viewBox unit
    var cx = vb.x + vb.width / 2, cy = vb.y + vb.height / 2, halfW = size.width / px / 2, halfH = size.height / px / 2;
    var north = mercator(b[3]);
    return window.L.latLngBounds(
      [latitude(north - (cy + halfH) / perDegree), b[0] + (cx - halfW) / perDegree],
      [latitude(north - (cy - halfH) / perDegree), b[0] + (cx + halfW) / perDegree]
    );
  }

  // Leaflet shows what the picture shows, at the zoom that makes it so (zoomSnap lifted for this one fit).
  function align() {
    var svg = document.getElementById("map-snapshot");
    if (!theMap || !svg || !svg.getAttribute("data-bounds")) { return; }
    var picture = svg.getBoundingClientRect(), box = theMap.getContainer().getBoundingClientRect();
    if (!box.width || Math.abs(box.width - picture.width) > 2 || Math.abs(box.height - picture.height) > 2) { return; }
    var snap = theMap.options.zoomSnap;
    theMap.options.zoomSnap = 0;
    theMap.fitBounds(shownBounds(svg, picture), {animate: false, padding: [0, 0]});
    theMap.options.zoomSnap = snap;
  }

  // The units' box, as the layer's zoomToBounds fits it.
  function unitBounds() {
    var bounds = window.L.latLngBounds([]);
    theMap.eachLayer(function (layer) {
      var el = layer.feature && layer.getElement && layer.getElement();
      if (el && el.classList && el.classList.contains("map-unit") && layer.getBounds) { bounds.extend(layer.getBounds()); }
    });
    return bounds;
  }

  // Drawn: the map state applied, the units on the map, and the map fitted to them (dash-leaflet fits the layer
  // after its data has been drawn, not with it: the picture waits for that fit, or Leaflet's would follow ours).
  function mapDrawn() {
    var h = water.state.current;
    // Not while Leaflet animates a zoom: a fit asked for then is dropped (Map.setView during _animatingZoom).
    if (!h || !h.cells || !theMap || !theMap._loaded || theMap._animatingZoom) { return false; }
    if ((h.units || []).length === 0) { return true; }
    var bounds = unitBounds();
    if (!bounds.isValid()) { return false; }
    return theMap.getZoom() === theMap.getBoundsZoom(bounds) && theMap.getBounds().contains(bounds.getCenter()) &&
      theMap.getBounds().pad(0.01).contains(bounds);
  }

  // The background drawn too (the picture shows it), or given up on BACKGROUND_WAIT_MS after the units.
  function backgroundDrawn() {
    var pane = background && theMap.getPane("background");
    if (!pane || pane.querySelector("path")) { return true; }
    unitsDrawnAt = unitsDrawnAt || Date.now();
    return Date.now() - unitsDrawnAt > BACKGROUND_WAIT_MS;
  }

  function handOver() {
    if (done) { return; }
    done = true;
    try { align(); } catch (e) { /* the page is shown at Leaflet's own fit */ }
    var focused = shell.contains(document.activeElement);
    shell.remove();
    if (theMap && theMap.firstPaintAnimated !== undefined) { theMap._zoomAnimated = theMap.firstPaintAnimated; }
    delete body.appendChild;
    heldScripts.forEach(function (script) { body.appendChild(script); });
    if (focused && document.getElementById("main-content")) { document.getElementById("main-content").focus(); }
  }

  var started = Date.now();
  function tick() {
    if (done) { return; }
    if ((mapDrawn() && backgroundDrawn()) || Date.now() - started > LIMIT_MS) { handOver(); return; }
    window.requestAnimationFrame(tick);
  }
  window.requestAnimationFrame(tick);
  window.setTimeout(function () { if (!done) { handOver(); } }, LIMIT_MS + 1000);  // a tab in the background
  water.firstPaint = {handOver: handOver, shownBounds: shownBounds, map: function () { return theMap; }};
})(window.water);
