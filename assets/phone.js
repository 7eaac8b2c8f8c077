/* Phones and touch screens (issue 12): one finger scrolls the page and two move the map, a tap shows a summary
   of the tapped county's drill-down, grids keep the county and its value on screen. The phone layout itself is
   the "Phone (≤ 600 px)" block at the end of style.css; the desktop page is left as it is.
   Client-side callback of namespace water_phone: phoneMode (the PHONE_MODE flag, read by callbacks/view.py
   click_unit). Receives: the drill-down as callbacks/detail.py draws it (title, status badge, value list), the
   slider's year (its thumb's aria-valuetext), the grids' column ids (callbacks/tables.py); no text of its own. */
(function (water) {
  "use strict";

  var PHONE = window.matchMedia("(max-width: 600px)");
  var COARSE = window.matchMedia("(pointer: coarse)");

  function isPhone() { return PHONE.matches; }
  // A touch screen as the main pointer (a laptop with a touch screen keeps dragging the map with its mouse).
  function isTouch() { return COARSE.matches || (isPhone() && navigator.maxTouchPoints > 0); }

  // ---- The phone flag (PHONE_MODE): set by the callback when the page is drawn, then on every change of width.
  if (PHONE.addEventListener) {
    PHONE.addEventListener("change", function () {
      if (window.dash_clientside && window.dash_clientside.set_props) {
        window.dash_clientside.set_props("phone-mode", {data: isPhone()});
      }
    });
  }

  // ---- The map: Leaflet's instance comes from an init hook (dash-leaflet creates it after this file runs).
  var theMap = null;

  function unitBounds(map) {
    var bounds = window.L.latLngBounds([]);
    map.eachLayer(function (layer) {
      var el = layer.feature && layer.getElement && layer.getElement();
      var unit = el && el.classList && el.classList.contains("map-unit");
      if (unit && layer.getBounds) { bounds.extend(layer.getBounds()); }
    });
    return bounds;
  }

  // After the map's box changes size (phone layout, rotation), show the whole region again: a ResizeObserver on
  // Leaflet's container.
  function refitOnResize(map) {
    if (!window.ResizeObserver) { return; }
    var container = map.getContainer(), last = null;
    new window.ResizeObserver(function () {
      var w = container.clientWidth, h = container.clientHeight;
      // Small changes (a phone's address bar coming and going) keep the reader's zoom.
      if (last && Math.abs(w - last[0]) < 30 && Math.abs(h - last[1]) < 30) { return; }
      last = [w, h];
      map.invalidateSize({pan: false});
      var bounds = unitBounds(map);
      if (bounds.isValid()) { map.fitBounds(bounds, {animate: false}); }
    }).observe(container);
  }

  // The hint over the map: shown, then faded by its CSS animation (style.css .map-touch-hint.visible); the class
  // goes when the animation has ended, so the next drag shows it again.
  function showHint(visible) {
    var hint = document.getElementById("map-touch-hint");
    if (!hint) { return; }
    hint.classList.remove("visible");
    if (visible) {
      void hint.offsetWidth;  // restart the animation
      hint.classList.add("visible");
    }
  }
  document.addEventListener("animationend", function (e) {
    if (e.target && e.target.id === "map-touch-hint") { e.target.classList.remove("visible"); }
  });

  // One finger scrolls the page (Leaflet's dragging is off, so the browser pans the page: touch-action
  // pan-x pan-y); two fingers move and zoom the map (Leaflet's touchZoom). A one-finger drag shows the hint.
  function touchGestures(map) {
    var container = map.getContainer(), start = null;
    container.addEventListener("touchstart", function (e) {
      if (e.touches.length === 1) {
        start = {x: e.touches[0].clientX, y: e.touches[0].clientY};
      } else {
        start = null;
        showHint(false);
      }
    }, {passive: true});
    container.addEventListener("touchmove", function (e) {
      if (!start || e.touches.length !== 1 || map.dragging.enabled()) { return; }
      var dx = e.touches[0].clientX - start.x, dy = e.touches[0].clientY - start.y;
      if (dx * dx + dy * dy > 144) {
        start = null;
        showHint(true);
      }
    }, {passive: true});
    container.addEventListener("touchend", function () { start = null; }, {passive: true});
  }

  function setUpMap(map) {
    theMap = map;
    var applyTouch = function () {
      if (isTouch()) { map.dragging.disable(); } else { map.dragging.enable(); }
    };
    applyTouch();
    map.whenReady(applyTouch);
    if (COARSE.addEventListener) { COARSE.addEventListener("change", applyTouch); }
    touchGestures(map);
    refitOnResize(map);
    map.on("click", tapped);
  }

  if (window.L && window.L.Map) {
    window.L.Map.addInitHook(function () {
      if (this.getContainer().id === "map") { setUpMap(this); }
    });
  }

  // ---- A tap on a county (Leaflet's click; a tap opens no hover box: map_style.js): close a box a mouse left open
  // and, on a phone, show a summary bar of the tapped county's drill-down — now if the drill-down already shows it,
  // else once it is drawn (water.onDrawn).
  var pendingTap = null;  // the tapped county's name, until its drill-down is drawn

  function tapped(e) {
    if (water.pointerType() !== "touch") { return; }
    window.waterMap.showInfo(null);
    var path = e.originalEvent && e.originalEvent.target;  // the unit's shape (map_style.js marks its adcode)
    var code = path && path.getAttribute && path.getAttribute("data-adcode");
    var layer = code && water.state.layers[code], feature = layer && layer.feature;
    if (!isPhone() || !feature) { return; }
    pendingTap = String(water.unitName(feature, water.state.current) || "");
    if (detailShows(pendingTap)) { showSummary(); }
  }

  function detailShows(name) {
    var heading = document.querySelector("#county-detail .detail-title");
    return !!(name && heading && heading.textContent.indexOf(name) === 0);
  }

  function shownYear() {
    var thumb = document.querySelector("#year-slider [role=slider]");
    var year = thumb && thumb.getAttribute("aria-valuetext");
    return year || new URLSearchParams(window.location.search).get("year");
  }

  function textOf(root, selector) {
    var el = root.querySelector(selector);
    return el ? el.textContent.trim() : "";
  }

  // "county · indicator [status]" and "year: value" from the drill-down as drawn (callbacks/detail.py).
  function fillSummary(box) {
    var detail = document.getElementById("county-detail");
    var title = detail && textOf(detail, ".detail-title");
    if (!title) { return false; }
    var text = document.getElementById("phone-summary-text");
    var head = water.node("div", "phone-summary-title");
    head.appendChild(water.node("strong", null, title));
    var badge = detail.querySelector(".status-badge");
    if (badge) {
      var copy = badge.cloneNode(true);
      copy.removeAttribute("id");
      head.appendChild(document.createTextNode(" "));
      head.appendChild(copy);
    }
    var parts = [head];
    var en = document.documentElement.lang === "en", year = shownYear(), line = "";
    detail.querySelectorAll(".value-list li").forEach(function (li) {
      if (textOf(li, ".vl-year") === year) { line = year + (en ? ": " : "：") + textOf(li, ".vl-value"); }
    });
    if (!line) { line = textOf(detail, ".progress-distance") || textOf(detail, ".value-list.empty"); }
    if (line) { parts.push(water.node("div", "phone-summary-value", line)); }
    text.replaceChildren.apply(text, parts);
    box.hidden = false;
    return true;
  }

  function showSummary() {
    var box = document.getElementById("phone-summary");
    pendingTap = null;
    if (!box || !isPhone()) { return; }
    if (fillSummary(box)) { hideSummaryWhenHeadShown(); }
  }

  function detailHead() { return document.querySelector("#county-detail .detail-head"); }

  // The bar goes once the drill-down's heading is on screen (the reader has got there).
  function hideSummaryWhenHeadShown() {
    var box = document.getElementById("phone-summary"), head = detailHead();
    if (!box || box.hidden || !head) { return; }
    var r = head.getBoundingClientRect(), bar = box.getBoundingClientRect();
    if (r.top >= 0 && r.bottom <= bar.top) { box.hidden = true; }
  }

  var scrollQueued = false;
  window.addEventListener("scroll", function () {
    if (scrollQueued) { return; }
    scrollQueued = true;
    window.requestAnimationFrame(function () { scrollQueued = false; hideSummaryWhenHeadShown(); });
  }, {passive: true});

  document.addEventListener("click", function (e) {
    if (!e.target.closest || !e.target.closest("#phone-summary-link")) { return; }
    var head = detailHead(), box = document.getElementById("phone-summary");
    if (box) { box.hidden = true; }
    if (!head) { return; }
    head.setAttribute("tabindex", "-1");
    head.scrollIntoView({behavior: "smooth", block: "start"});
    head.focus({preventScroll: true});
  });

  // The drill-down drawn again (water.onDrawn): the tapped county's has arrived, or the bar shows one that changed.
  water.onDrawn(function (records) {
    var detail = document.getElementById("county-detail"), box = document.getElementById("phone-summary");
    if (!detail || !box) { return; }
    if (pendingTap !== null) {
      if (detailShows(pendingTap)) { showSummary(); }
      return;
    }
    var redrawn = records.some(function (r) { return detail.contains(r.target); });
    if (redrawn && !box.hidden) { showSummary(); }
  });

  // ---- Phones: the county column pinned on the left, the value and year next to it, at their narrowest (the grid
  // refuses a width under a column's minWidth, callbacks/tables.py).
  var GRID_COLUMNS = {
    "data-table": [
      {colId: "region", pinned: "left", width: 150, flex: null},
      {colId: "value", width: 110, flex: null},
      {colId: "year", width: 90, flex: null}
    ]
  };

  function phoneColumns(id, api) {
    if (!isPhone()) { return; }
    var cols = api.getColumnState();
    if (!cols.length) { return; }
    var wanted = GRID_COLUMNS[id] || [{colId: cols[0].colId, pinned: "left", width: 150, flex: null}];
    var present = wanted.filter(function (w) { return cols.some(function (c) { return c.colId === w.colId; }); });
    var done = cols.slice(0, present.length).every(function (c, i) {
      return c.colId === present[i].colId && (!present[i].pinned || c.pinned === present[i].pinned);
    });
    if (done) { return; }
    api.applyColumnState({state: present, applyOrder: true});
    // The grid takes a width only once the column has stopped flexing: set it afterwards.
    api.setColumnWidths(present.map(function (w) { return {key: w.colId, newWidth: w.width}; }));
  }

  // A grid is drawn (water.onDrawn) once its card is near the viewport; from then on, its own events.
  var gridsSeen = {};
  function watchGrid(id) {
    if (gridsSeen[id] || !document.querySelector("#" + id + " .ag-root-wrapper") || !window.dash_ag_grid) { return; }
    gridsSeen[id] = true;
    window.dash_ag_grid.getApiAsync(id).then(function (api) {
      var apply = function () { phoneColumns(id, api); };
      apply();
      ["newColumnsLoaded", "rowDataUpdated"].forEach(function (name) { api.addEventListener(name, apply); });
    }, function () { gridsSeen[id] = false; });
  }
  water.onDrawn(function () {
    watchGrid("data-table");
    watchGrid("progress-table");
  });

  window.phoneMap = {map: function () { return theMap; }, isPhone: isPhone, isTouch: isTouch};

  water.clientside("water_phone", {
    // PHONE_MODE when the page is drawn: whether it is ≤ 600 px wide.
    phoneMode: function () { return isPhone(); }
  });
})(window.water);
