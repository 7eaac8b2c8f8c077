/* The shared core of the page's scripts: loaded first (Dash loads assets/*.js in alphabetical order), it makes
   window.water, which the other files fill in and call at run time:
   - water.state: the hideout last applied to the county layer (`current`, the map state of docs/map-state.md plus
     year, mode and selection), the Leaflet layer of each unit (`layers`) and the texts of the page's language
     (`texts`, the A11Y_TEXTS store: the words the scripts write themselves, from water_targets/i18n.py);
   - readers of the map state (a unit's cell, class, status, the slider's year), shared by map, legend and list;
   - builders of text-only DOM nodes and of Dash components, and the status patterns (as tiles and swatches);
   - water.onDrawn: the page's one MutationObserver (see below);
   - water.clientside: registers a namespace of client-side callbacks (callbacks/clientside.py wires them).
   Receives everything from the server (map state, texts); defines no rule, colour or text of its own. */
(function () {
  "use strict";

  var water = window.water = window.water || {};
  water.state = {current: {}, layers: {}, texts: {}};
  var PROGRESS = water.PROGRESS = "progress";

  // ---- Readers of the map state (the hideout `h` is the state plus year, mode and selection).
  water.cellFor = function (h, code) {
    var year = h.cells && h.cells[h.year];
    return year ? year[code] : undefined;
  };
  // The class of a unit without a cell (a highlighted county-level region without a value is "no data", not background).
  water.missingClass = function (h, code) {
    var missing = h.missing || {};
    return code === h.highlight ? missing.highlight : missing.unit;
  };
  water.unitClass = function (h, code) {
    var cell = water.cellFor(h, code);
    return cell ? cell["class"] : water.missingClass(h, code);
  };
  // The kind of pointer the reader last used ("mouse", "touch", "pen"): a tap's emulated mouseover comes after its
  // pointerover and pointerdown, so a hover handler can tell a tap from a mouse.
  var lastPointer = "mouse";
  ["pointerover", "pointerdown"].forEach(function (type) {
    document.addEventListener(type, function (e) { lastPointer = e.pointerType || lastPointer; }, true);
  });
  water.pointerType = function () { return lastPointer; };

  water.classStyle = function (h, name) { return (h.classes || {})[name] || {}; };
  water.isProgress = function (h) { return h.mode === PROGRESS && !!h.progress; };
  water.progressCell = function (h, code) {
    var year = h.progress && h.progress.cells && h.progress.cells[h.year];
    return year ? year[code] : undefined;
  };
  water.modeYears = function (state, mode) {
    if (mode === PROGRESS) { return (state && state.progress && state.progress.years) || []; }
    return (state && state.years) || [];
  };
  // The slider's year: index i of a list of years (water_targets/controls.py year_at is the same rule).
  water.yearAt = function (years, index) {
    return years && index !== null && index !== undefined && index >= 0 && index < years.length ? years[index] : null;
  };
  water.unitName = function (feature, h) {
    return h.lang === "en" ? feature.properties.name_en : feature.properties.name_zh;
  };
  water.fillIn = function (template, key, value) { return String(template || "").replace("{" + key + "}", value); };
  // A text of the page's language (A11Y_TEXTS), or "" before the store has arrived.
  water.text = function (key) { return water.state.texts[key] || ""; };

  // ---- Data text (unit names from uploaded boundary files, values, notes, sources) enters the page as text only,
  // never as markup: a name such as "<b>x</b><a href=…>" must show literally. No file assigns innerHTML; a Leaflet
  // label gets a text node (Leaflet would write a string with innerHTML), the hover box and the SVG patterns are
  // built as elements. The one helper for that is node().
  water.node = function (tag, className, text) {
    var e = document.createElement(tag);
    if (className) { e.className = className; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  };
  // A Dash html component, as a client-side callback returns it (React renders its children as text).
  water.dashEl = function (type, className, children, style) {
    var props = {className: className, children: children};
    if (style) { props.style = style; }
    return {namespace: "dash_html_components", type: type, props: props};
  };

  // ---- Status patterns of the progress view (status.py STATUS_STYLE via the state: `pattern`, `fill`, `ink`):
  // drawn as marks on an 8 × 8 tile so a status stays recognisable in greyscale print; any other pattern (solid,
  // none) is a plain fill.
  var SVG_NS = "http://www.w3.org/2000/svg";
  water.svgNode = function (tag, attrs) {
    var e = document.createElementNS(SVG_NS, tag);
    Object.keys(attrs).forEach(function (key) { e.setAttribute(key, attrs[key]); });
    return e;
  };
  var PATTERN_KINDS = {dots: true, stripes: true, cross: true};
  water.patterned = function (st) { return PATTERN_KINDS.hasOwnProperty(st.pattern); };
  water.patternMarks = function (kind, ink) {
    var svgNode = water.svgNode, down = "M-1,1 l2,-2 M0,8 l8,-8 M7,9 l2,-2", up = "M-1,7 l2,2 M0,0 l8,8 M7,-1 l2,2";
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
  };
  // A legend or hover swatch drawn like the map: the fill, the pattern tile on top, the status outline.
  water.swatchStyle = function (st) {
    var style = {backgroundColor: st.fill, borderColor: st.outline};
    if (water.patterned(st)) {
      var svg = water.svgNode("svg", {width: "8", height: "8"});
      water.patternMarks(st.pattern, st.ink).forEach(function (mark) { svg.appendChild(mark); });
      var tile = new XMLSerializer().serializeToString(svg);
      style.backgroundImage = "url(\"data:image/svg+xml," + encodeURIComponent(tile) + "\")";
      style.backgroundSize = "8px 8px";
    }
    return style;
  };

  // ---- Client-side callbacks: one namespace per file (callbacks/clientside.py names them).
  water.clientside = function (namespace, functions) {
    window.dash_clientside = window.dash_clientside || {};
    window.dash_clientside[namespace] = functions;
  };
  water.noUpdate = function () { return window.dash_clientside.no_update; };

  // ---- The page's one MutationObserver. Dash draws the page with React (asynchronously, after a callback's
  // output has arrived) and says nothing when markup is in the DOM; three things need that markup itself:
  // fix-ups of third-party markup that has no prop for them (dcc.Dropdown, dcc.Checklist, dcc.Slider's thumb, the
  // allocation tables' scroll boxes: page_a11y.js), the focus on the drill-down's heading after a unit is opened
  // from the keyboard (page_a11y.js) and the phone's summary of the drill-down (phone.js). Observed: the React
  // root (its subtree, a few attributes) and the children of <body> (dcc.Dropdown's open menu is a portal there).
  var drawnHandlers = [];
  water.onDrawn = function (handler) { drawnHandlers.push(handler); };
  function drawn(records) {
    drawnHandlers.forEach(function (handler) { handler(records || []); });
  }
  function observe() {
    var root = document.getElementById("react-entry-point");
    var observer = new MutationObserver(drawn);
    if (root) {
      observer.observe(root, {
        childList: true, subtree: true, attributes: true,
        attributeFilter: ["tabindex", "role", "aria-selected", "aria-labelledby"]
      });
    }
    observer.observe(document.body, {childList: true});
    drawn([]);
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", observe); } else { observe(); }
})();
