/* The map's headline card and progress legend (water.legend), as Dash components returned by the client-side
   callback `restyle` (map_style.js): the region's own target or status for the year, and in the progress view one
   legend entry per status present with its count, then the units without an assessment.
   Receives: the map state (docs/map-state.md): `headline`, `cells`, `breakdown`, `texts`, `units`, `classes`,
   `missing` and `progress` (`headline`, `cells`, `counts`, `statuses`, `order`, `has_actuals`, `texts`).
   Every word and colour comes from there. */
(function (water) {
  "use strict";

  var el = water.dashEl, fillIn = water.fillIn;

  // The legend title's "指标说明 / About this indicator" link to the indicator's page (texts.indicator_page,
  // texts.about_indicator), as layouts/legend.py adds it to the target legend.
  function aboutLink(state) {
    var t = state.texts || {};
    if (!t.indicator_page) { return null; }
    return {namespace: "dash_html_components", type: "A",
            props: {className: "indicator-about legend-about", children: t.about_indicator, href: t.indicator_page}};
  }

  // Legend of the progress view: one entry per status present in the year (in status order) with its count,
  // then the units that carry no assessment (no county breakdown, context units).
  function progressLegend(state, year) {
    var p = state.progress, t = p.texts || {}, counts = (p.counts || {})[year] || {};
    var items = (p.order || []).filter(function (s) { return counts[s]; }).map(function (s) {
      var st = p.statuses[s];
      return el("Span", "legend-item legend-status status-" + s, [
        el("Span", "swatch", null, water.swatchStyle(st)), el("Span", "legend-label", st.label),
        el("Span", "legend-count", String(counts[s]))
      ]);
    });
    var cells = (p.cells || {})[year] || {}, rest = {};
    (state.units || []).forEach(function (code) {
      if (cells[code]) { return; }
      var c = water.missingClass(state, code);
      rest[c] = (rest[c] || 0) + 1;
    });
    Object.keys(rest).forEach(function (c) {
      var st = water.classStyle(state, c);
      if (!st.label) { return; }
      items.push(el("Span", "legend-item legend-special class-" + c, [
        el("Span", "swatch", null, {backgroundColor: st.fill}), el("Span", "legend-label", st.label),
        el("Span", "legend-count", String(rest[c]))
      ]));
    });
    var caption = p.has_actuals ? t.progress_caption : t.no_actuals;
    var head = [
      el("Strong", "legend-title", fillIn(t.legend, "year", year)),
      el("Span", "legend-comparators", (state.texts || {}).view || "")
    ];
    var about = aboutLink(state);
    if (about) { head.push(about); }
    return [
      el("Div", "legend-head", head),
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
          el("Span", "swatch", null, water.swatchStyle(st)), el("Span", null, st.label, {color: st.text})
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

  // Headline card of the target view: the region's own target, or (no layout jump) the view and how many units
  // have a value this year.
  function targetHeadline(state, year) {
    var head = state.headline && state.headline[year], t = state.texts || {};
    if (!head) {
      var count = Object.keys((state.cells || {})[year] || {}).length;
      return [[
        el("Div", "headline-label", (t.view || "") + " · " + year),
        el("Div", "headline-note", fillIn(t.units_with_values, "n", count))
      ], "headline-card quiet"];
    }
    var children = [
      el("Div", "headline-label", t.headline + " · " + year),
      el("Div", "headline-value", head.value),
      el("Div", "headline-note", (head.note ? head.note + " · " : "") + head.source)
    ];
    if (!state.breakdown) { children.push(el("Div", "headline-flag", t.no_breakdown)); }
    return [children, state.breakdown ? "headline-card" : "headline-card prominent"];
  }

  // A view without a value of the indicator: the card and (progress view) the legend say so.
  function noValues(state, progress) {
    var words = (state.texts || {}).no_values;
    return {card: [[el("Div", "headline-note", words)], "headline-card quiet"],
            legend: progress ? [el("Div", "legend-caption progress-note", words)] : []};
  }

  water.legend = {
    progressLegend: progressLegend, progressHeadline: progressHeadline, targetHeadline: targetHeadline,
    noValues: noValues
  };
})(window.water);
