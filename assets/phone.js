/* Phones and touch screens (issue 12): one finger scrolls the page and two move the map, a tap shows a summary
   of the tapped county's drill-down, grids keep the county and its value on screen. The phone layout itself is
   the "Phone (≤ 600 px)" block at the end of style.css; the desktop page is left as it is. */
(function () {
  "use strict";

  var PHONE = window.matchMedia("(max-width: 600px)");
  var COARSE = window.matchMedia("(pointer: coarse)");

  function isPhone() { return PHONE.matches; }
  // A touch screen as the main pointer (a laptop with a touch screen keeps dragging the map with its mouse).
  function isTouch() { return COARSE.matches || (isPhone() && navigator.maxTouchPoints > 0); }

  function setProps(id, props) {
    if (window.dash_clientside && window.dash_clientside.set_props) { window.dash_clientside.set_props(id, props); }
  }

  // ---- The phone flag (PHONE_MODE): callbacks/view.py click_unit replaces the selection on a tap.
  function publishPhone() {
    if (!document.getElementById("map") || !window.dash_clientside || !window.dash_clientside.set_props) {
      window.setTimeout(publishPhone, 200);
      return;
    }
    setProps("phone-mode", {data: isPhone()});
  }
  if (PHONE.addEventListener) { PHONE.addEventListener("change", publishPhone); }
  window.addEventListener("load", publishPhone);

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

  // After the map's box changes size (phone layout, rotation), show the whole region again.
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

  var hintTimer = null;
  function showHint(visible) {
    var hint = document.getElementById("map-touch-hint");
    if (!hint) { return; }
    hint.classList.toggle("visible", visible);
    window.clearTimeout(hintTimer);
    if (visible) { hintTimer = window.setTimeout(function () { showHint(false); }, 1600); }
  }

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
  }

  if (window.L && window.L.Map) {
    window.L.Map.addInitHook(function () {
      if (this.getContainer().id === "map") { setUpMap(this); }
    });
  }

  // ---- A tap on a county: close the hover box that a tap leaves open (there is no mouseout on a touch screen)
  // and, on a phone, show a summary bar of the drill-down until its heading is on screen.
  var lastPointer = "mouse";
  var pendingTap = false;
  document.addEventListener("pointerdown", function (e) { lastPointer = e.pointerType; }, true);

  function closeInfo() {
    var box = document.getElementById("map-info");
    if (box) { box.classList.remove("visible"); box.replaceChildren(); }
  }

  document.addEventListener("click", function (e) {
    var map = document.getElementById("map");
    if (!map || !map.contains(e.target) || lastPointer !== "touch") { return; }
    window.setTimeout(closeInfo, 0);
    if (!isPhone() || !e.target.closest("path.map-unit")) { return; }
    pendingTap = true;
    // The same county tapped again does not redraw the drill-down: show what it shows.
    window.setTimeout(function () { if (pendingTap) { showSummary(); } }, 1500);
  }, true);

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
    text.textContent = "";
    var head = document.createElement("div");
    head.className = "phone-summary-title";
    var strong = document.createElement("strong");
    strong.textContent = title;
    head.appendChild(strong);
    var badge = detail.querySelector(".status-badge");
    if (badge) {
      var copy = badge.cloneNode(true);
      copy.removeAttribute("id");
      head.appendChild(document.createTextNode(" "));
      head.appendChild(copy);
    }
    text.appendChild(head);
    var en = document.documentElement.lang === "en", year = shownYear(), line = "";
    detail.querySelectorAll(".value-list li").forEach(function (li) {
      if (textOf(li, ".vl-year") === year) { line = year + (en ? ": " : "：") + textOf(li, ".vl-value"); }
    });
    if (!line) { line = textOf(detail, ".progress-distance") || textOf(detail, ".value-list.empty"); }
    if (line) {
      var value = document.createElement("div");
      value.className = "phone-summary-value";
      value.textContent = line;
      text.appendChild(value);
    }
    box.hidden = false;
    return true;
  }

  function showSummary() {
    var box = document.getElementById("phone-summary");
    pendingTap = false;
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

  // ---- Things drawn by callbacks, watched as they come: the drill-down (for the bar), the allocation tables'
  // scroll boxes (focusable, named regions) and the grids (pinned county column on phones).
  function labelScrollBoxes(root) {
    root.querySelectorAll(".table-scroll").forEach(function (box) {
      if (box.hasAttribute("tabindex")) { return; }
      var title = box.previousElementSibling;
      while (title && !/^H[1-6]$/.test(title.tagName)) { title = title.previousElementSibling; }
      box.setAttribute("tabindex", "0");
      box.setAttribute("role", "region");
      box.setAttribute("aria-label", title ? title.textContent.trim() : document.title);
    });
  }

  // Phones: the county column pinned on the left, the value and year next to it, at their narrowest (the grid
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

  var detailQueued = null;
  function onChange(records) {
    labelScrollBoxes(document);
    watchGrid("data-table");
    watchGrid("progress-table");
    var box = document.getElementById("phone-summary"), detail = document.getElementById("county-detail");
    var redrawn = detail && (records || []).some(function (r) { return detail.contains(r.target); });
    if (redrawn && (pendingTap || (box && !box.hidden)) && detailQueued === null) {
      detailQueued = window.setTimeout(function () {
        detailQueued = null;
        if (pendingTap || (box && !box.hidden)) { showSummary(); }
      }, 60);
    }
  }

  function watchPage() {
    var app = document.querySelector(".app");
    if (!app) { window.setTimeout(watchPage, 200); return; }
    new MutationObserver(onChange).observe(app, {childList: true, subtree: true});
    onChange();
  }
  window.addEventListener("load", watchPage);

  window.phoneMap = {map: function () { return theMap; }, isPhone: isPhone, isTouch: isTouch};
})();
