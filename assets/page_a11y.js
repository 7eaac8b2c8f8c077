/* Accessibility (WCAG 2.1 AA) of the page: the keyboard's way to the map's units (the unit list: buttons that
   open a unit as a click on its shape does, then focus the drill-down's heading and announce it), the year
   slider's name and year, the map's role and name, the 目标值 | 完成情况 radio group's arrow keys, skip links,
   the export menu (Esc, focus leaving it), and fix-ups of third-party markup that has no prop for them.
   Client-side callbacks of namespace water_a11y: labelPlay (also takes the texts of the page's language),
   unitButtons. Receives: the A11Y_TEXTS store (layouts/page.py a11y_texts, words from water_targets/i18n.py),
   the county menu's options and value, the map's hideout (values and statuses the list repeats). */
(function (water) {
  "use strict";

  function setAttr(el, name, value) { if (el.getAttribute(name) !== value) { el.setAttribute(name, value); } }

  // ---- plotly's own words (its chart toolbar) in Chinese: the locale the charts' config names on a Chinese page
  // (callbacks/detail.py, water_targets/i18n.py plotly_config). plotly.js comes with the first chart (dcc.Graph adds
  // its script), so the locale is registered when it is there.
  var plotlyLocale = null;
  function registerPlotlyLocale(locale) {
    plotlyLocale = plotlyLocale || locale;
    if (window.Plotly && window.Plotly.register && !plotlyLocale.done) {
      window.Plotly.register({moduleType: "locale", name: plotlyLocale.name, dictionary: plotlyLocale.words});
      plotlyLocale.done = true;
    }
  }
  document.addEventListener("load", function (e) {  // a script's load event does not bubble: caught on the way down
    if (plotlyLocale && e.target && e.target.tagName === "SCRIPT" && /plotly/.test(e.target.src || "")) {
      registerPlotlyLocale(plotlyLocale);
    }
  }, true);

  // ---- The year slider: dcc.Slider has no prop for its thumb's name and value text. syncView (view_sync.js)
  // says the year; the thumb is relabelled whenever React draws it again (fixUp, on water.onDrawn).
  var sliderYear = null;
  function labelSliderThumb() {
    document.querySelectorAll("#year-slider [role=slider]").forEach(function (thumb) {
      setAttr(thumb, "aria-label", water.text("year"));
      if (sliderYear) { setAttr(thumb, "aria-valuetext", String(sliderYear)); } else { thumb.removeAttribute("aria-valuetext"); }
    });
  }

  // ---- Fix-ups of third-party markup (idempotent: they only write what differs), on every redraw:
  // - dcc.Dropdown keeps a hidden <input aria-hidden tabindex=0> as its Tab stop (a Safari workaround) and the real
  //   button out of the Tab order: axe `aria-hidden-focus`. The button becomes the Tab stop, the input leaves it
  //   (the dropdown puts it back when it loses the focus: an attribute change, seen as a redraw); the button's name
  //   starts with its visible label (label[for]), not only the chosen value. Its open menu (a dialog and a
  //   listbox, both without a name, in a portal under <body>) is named by the same label. (Its options stay as
  //   Dash makes them, role=option labels around the radio button or checkbox that its arrow keys focus: see
  //   tests/test_browser_axe.py, THIRD_PARTY.)
  // - dcc.Checklist renders the same listbox of options around checkboxes, but they are its only Tab stops: the
  //   labels lose the roles, leaving native checkboxes (named by their text) in a group named by its legend.
  // - The allocation tables' scroll boxes (callbacks/tables.py) are focusable regions named by their heading.
  function fixUp() {
    document.querySelectorAll(".dash-dropdown-focus-target").forEach(function (input) {
      setAttr(input, "tabindex", "-1");
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
    document.querySelectorAll(".table-scroll:not([tabindex])").forEach(function (box) {
      var title = box.previousElementSibling;
      while (title && !/^H[1-6]$/.test(title.tagName)) { title = title.previousElementSibling; }
      box.setAttribute("tabindex", "0");
      box.setAttribute("role", "region");
      box.setAttribute("aria-label", title ? title.textContent.trim() : document.title);
    });
    labelSliderThumb();
  }
  water.onDrawn(fixUp);

  // Dash's own <footer> (static, it only holds the page's scripts) is no second contentinfo landmark.
  function once() {
    document.querySelectorAll("body > footer:not([role])").forEach(function (footer) { footer.setAttribute("role", "presentation"); });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", once); } else { once(); }

  // Leaflet's container takes the focus (arrow keys pan, + and − zoom) but has no role or name: a group named
  // like its card, described by the hint that says how to reach the units from the keyboard. Set when Leaflet
  // creates the map (an init hook); React does not manage these attributes of dl.Map's container.
  if (window.L && window.L.Map) {
    window.L.Map.addInitHook(function () {
      var map = this.getContainer();
      if (map.id !== "map") { return; }
      map.setAttribute("role", "group");
      map.setAttribute("aria-labelledby", "label-map-card");
      map.setAttribute("aria-describedby", "map-keys-hint");
    });
  }

  // ---- The map's units from the keyboard: the buttons of the unit list (layouts/page.py map_unit_list) open a
  // unit exactly as a click on its shape does (MAP_UNITS n_clicks + clickData → callbacks/view.py click_unit);
  // then the drill-down's heading takes the focus and a live region says which unit was opened.
  var unitClicks = Date.now();
  var pendingHeading = null;  // the name of the unit opened from the keyboard, until its drill-down is drawn

  function openUnit(button) {
    var code = button.getAttribute("data-adcode"), layer = water.state.layers[code];
    var props = layer && layer.feature ? layer.feature.properties : {adcode: code};
    unitClicks += 1;
    window.dash_clientside.set_props("map-units", {n_clicks: unitClicks, clickData: {type: "Feature", properties: props}});
    pendingHeading = button.getAttribute("data-name");
    focusHeading();
  }

  // The drill-down (callbacks/detail.py) is drawn by a server callback: its heading is focused once it names the
  // unit (water.onDrawn). Opening another unit, or leaving the list for the map, replaces the wish.
  function focusHeading() {
    var detail = document.getElementById("county-detail");
    var heading = pendingHeading && detail && detail.querySelector(".detail-title");
    if (!heading || heading.textContent.indexOf(pendingHeading) !== 0) { return; }
    var name = pendingHeading;
    pendingHeading = null;
    heading.setAttribute("tabindex", "-1");
    heading.focus();
    window.dash_clientside.set_props("detail-announce", {children: water.fillIn(water.text("detail_opened") || "{name}", "name", name)});
  }
  water.onDrawn(focusHeading);

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
      if (water.isProgress(h)) {
        var assessed = water.progressCell(h, o.value);
        shows = assessed ? (h.progress.statuses[assessed.status] || {}).label || "" : "";
      } else {
        shows = (water.cellFor(h, o.value) || {}).value || "";
      }
      var button = water.node("button", "unit-button", o.label);
      button.type = "button";
      button.id = "unit-button-" + o.value;
      button.setAttribute("data-adcode", o.value);
      button.setAttribute("data-name", o.label);
      if (shows) { button.appendChild(water.node("span", "unit-shows", shows)); }
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

  function unitButton(e) {
    return e.target && e.target.closest && e.target.closest("#map-unit-buttons button[data-adcode]");
  }
  document.addEventListener("click", function (e) {
    var button = unitButton(e);
    if (button) { openUnit(button); }
  });
  // A unit's button in focus does what hovering its shape does: outline it and show its box (value, sources).
  function unitButtonHover(e, on) {
    var button = unitButton(e);
    var layer = button && water.state.layers[button.getAttribute("data-adcode")];
    if (!layer || !layer.feature || !layer._map) { return; }
    layer.fire(on ? "mouseover" : "mouseout");
  }
  document.addEventListener("focusin", function (e) { unitButtonHover(e, true); });
  document.addEventListener("focusout", function (e) { unitButtonHover(e, false); });

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

  // Esc closes the export menu (the focus back on its summary) and the field to copy a link by hand.
  document.addEventListener("keydown", function (e) {
    if (e.key !== "Escape") { return; }
    var menu = document.getElementById("export-menu");
    if (menu && menu.open) {
      menu.open = false;
      var summary = menu.querySelector("summary");
      if (summary) { summary.focus(); }
    }
    water.view.hideManualCopy();
  });

  // The export menu also closes when the focus (or a click) leaves it; a disabled link follows nothing.
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

  water.a11y = {
    // The year the slider shows (view_sync.js syncView), said by its thumb.
    labelSlider: function (year) {
      sliderYear = year;
      labelSliderThumb();
    }
  };

  water.clientside("water_a11y", {
    // The texts of the page's language (A11Y_TEXTS) for all the scripts, and the play button's name.
    labelPlay: function (lang, texts) {
      water.state.texts = (texts && texts[lang]) || {};
      if (texts && texts.plotly) { registerPlotlyLocale(texts.plotly); }
      labelSliderThumb();
      return [water.text("play_years"), water.text("play_years")];
    },

    // The unit list (see renderUnitButtons): kept up to date from the county menu, the selection and the map's
    // hideout; the buttons themselves are plain DOM, drawn only while the list is open.
    unitButtons: function (options, selected, h) {
      unitList = {options: options || [], selected: selected || [], h: h || {}};
      renderUnitButtons();
      return water.noUpdate();
    }
  });
})(window.water);
