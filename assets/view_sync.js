/* The view, in the browser and reflected outwards: the client-side callbacks of namespace water_view — the
   目标值 | 完成情况 switch (chooseMode, showMode), the year's play button (togglePlay, step), the page's address,
   language, title and export links (syncView), Copy link (copyLink, with a field to copy by hand) — the data
   table's deferred creation (TABLE_VISIBLE once its card comes near the viewport), and the page's layout asked
   for with the page's query (layouts/page.py page_layout builds it from the URL).
   Receives: the map state's `url` (water_targets/urlstate.py URL_SPEC: parameter names, defaults, the overview),
   `years`, `default_year`, `progress.years` / `default_year`, `texts.place` / `view`; the controls' values; the
   texts of the page's language (water.text: A11Y_TEXTS). */
(function (water) {
  "use strict";

  var PROGRESS = water.PROGRESS;

  // dash-renderer asks for `_dash-layout` once, when it starts (after this file has run); with the page's query
  // the layout comes with the URL's view in its controls (and the page's <head> has already asked for that URL).
  var nativeFetch = window.fetch;
  window.fetch = function (resource, init) {
    if (typeof resource === "string" && window.location.search && /(^|\/)_dash-layout$/.test(resource)) {
      resource += window.location.search;
    }
    return nativeFetch.call(this, resource, init);
  };

  var urlMoved = false;     // the URL has differed from the layout's since the page was drawn (urlChanged)
  var targetYearLeft = {};  // "region|indicator" -> the target view's year when the progress view was chosen
  var titleArgs = null;     // the page title's last (state, lang, year, counties): redone when the county's shape loads

  // The query of a view: `spec` (the map state's `url`) names the parameters in order and their defaults; a
  // parameter is left out when empty or at its default, a list is joined with ",". urlstate.query is the same rule
  // in Python (tests/test_browser_url.py).
  function viewQuery(spec, values) {
    var params = new URLSearchParams(), defaults = spec.defaults || {};
    (spec.params || []).forEach(function (name) {
      var value = values[name];
      value = Array.isArray(value) ? value.join(",") : (value === null || value === undefined ? "" : String(value));
      if (value && value !== defaults[name]) { params.set(name, value); }
    });
    return "?" + params.toString().replace(/%2C/g, ",");
  }
  window.waterMap = Object.assign(window.waterMap || {}, {viewQuery: viewQuery});

  // Point every export link at the current view (chart links need a unit: the drilled-down one or
  // the region itself; on the overview without a selection they are disabled).
  function updateExportLinks(region, indicator, index, counties, lang, state, data, mode) {
    var year = state && state.years && state.region === region ? water.yearAt(water.modeYears(state, mode), index) : null;
    // Only the map exports have a progress view; the others get the year only when it has targets.
    var targetYear = year && state.years.indexOf(year) >= 0 ? year : null;
    var unit = (counties && counties[0]) || (region && region !== state.url.overview ? region : null);
    var empty = !(state && state.region === region && state.indicator === indicator && state.years && state.years.length);
    document.querySelectorAll("#export-menu a.export-link").forEach(function (a) {
      var path = a.getAttribute("data-path");
      var chart = path.indexOf("chart.") === 0, map = path.indexOf("map.") === 0;
      // The deck and the data workbook carry the drilled-down unit: their 上级对比 (context) is of that unit.
      var withUnit = path.indexOf("deck.") === 0 || path.indexOf("data.") === 0;
      var query = viewQuery(state.url, {
        region: chart ? unit : region, indicator: indicator, year: chart ? null : (map ? year : targetYear),
        county: withUnit ? counties : null,
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

  function htmlLang(lang) { return lang === "en" ? "en" : "zh-CN"; }

  // "region · indicator · year (· first county) — app title", from the map state's texts and the unit names.
  function pageTitle(state, lang, year, counties) {
    var t = state.texts || {}, parts = [t.place, t.view, year];
    var first = counties && counties[0], layer = first && water.state.layers[first];
    if (layer && layer.feature) { parts.push(water.unitName(layer.feature, {lang: lang})); }
    var app = document.getElementById("page-title");
    var title = parts.filter(Boolean).join(" · ");
    return app && app.textContent ? title + " — " + app.textContent : title;
  }

  // The link to copy by hand (no clipboard, or it refused): a selected text field under the header.
  function showManualCopy(url) {
    var box = document.getElementById("copy-manual");
    if (!box) {
      box = water.node("div", "copy-manual");
      box.id = "copy-manual";
      box.setAttribute("role", "alert");
      var label = water.node("label");
      label.setAttribute("for", "copy-manual-url");
      var input = water.node("input");
      input.id = "copy-manual-url";
      input.type = "text";
      input.readOnly = true;
      box.appendChild(label);
      box.appendChild(input);
      // In the banner landmark (not loose in <body>), right under the Copy link button.
      (document.querySelector("header.app-header") || document.body).appendChild(box);
    }
    box.querySelector("label").textContent = water.text("copy_by_hand");
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

  // Create the data grid only when its card comes near the viewport (its JavaScript is loaded then): an
  // IntersectionObserver on the table's slot, from the moment Dash has drawn it.
  var tableWatched = false;
  water.onDrawn(function () {
    var slot = !tableWatched && document.getElementById("table-slot");
    if (!slot) { return; }
    tableWatched = true;
    var observer = new IntersectionObserver(function (entries) {
      if (entries.some(function (e) { return e.isIntersecting; })) {
        observer.disconnect();
        window.dash_clientside.set_props("table-visible", {data: true});
      }
    }, {rootMargin: "0px 0px 100px 0px"});
    observer.observe(slot);
  });

  water.view = {
    hideManualCopy: hideManualCopy,
    // A deep link's county is named in the title once its shape (and name) has arrived (map_style.js bindUnit).
    unitBound: function (code) {
      if (titleArgs && titleArgs[3] && titleArgs[3][0] === code) { document.title = pageTitle.apply(null, titleArgs); }
    }
  };

  water.clientside("water_view", {
    // A click on 目标值 | 完成情况: the chosen view, and the slider moved to that view's years (the latest
    // actual year in the progress view; back in the target view, the year left there).
    chooseMode: function (nTargets, nProgress, mode, state, index) {
      var nu = water.noUpdate();
      var triggered = (window.dash_clientside.callback_context.triggered || [])[0];
      var next = triggered && triggered.prop_id.indexOf("map-mode-progress.") === 0 ? PROGRESS : "targets";
      var now = mode === PROGRESS ? PROGRESS : "targets";
      if (next === now) { return [nu, nu, nu, nu]; }
      if (!state || !state.years) { return [next, nu, nu, nu]; }
      var key = state.region + "|" + state.indicator;
      var before = water.yearAt(water.modeYears(state, now), index);
      if (now !== PROGRESS && before) { targetYearLeft[key] = before; }
      var years = water.modeYears(state, next);
      var wanted = next === PROGRESS ? (state.progress || {}).default_year : (targetYearLeft[key] || state.default_year);
      var i = years.indexOf(wanted);
      if (i < 0) { i = Math.max(years.length - 1, 0); }
      var marks = {};
      years.forEach(function (y, k) { marks[k] = y; });
      return [next, Math.max(years.length - 1, 0), years.length ? marks : {0: "—"}, i];
    },

    // The radio group's state follows the chosen view (from a click, a key or the URL): each option's aria-checked
    // and tabIndex (the chosen one is the group's Tab stop).
    showMode: function (mode) {
      var progress = mode === PROGRESS;
      return [progress ? "false" : "true", progress ? "-1" : "0", progress ? "true" : "false", progress ? "0" : "-1"];
    },

    // Outputs: the interval's disabled, the button's symbol and aria-pressed (true while the years play).
    togglePlay: function (clicks, disabled) {
      return [!disabled, disabled ? "❚❚" : "▶", disabled ? "true" : "false"];
    },

    step: function (n, value, max) {
      if (!max) { return water.noUpdate(); }
      return ((value || 0) + 1) % (max + 1);
    },

    // The URL's query once it is not the one the layout was built from (the layout already holds that view): a
    // link followed, back or forward. Location reports its URL when it is drawn; that report changes nothing.
    urlChanged: function (search, built) {
      if (search === null || search === undefined) { return water.noUpdate(); }
      if (!urlMoved && search === (built || "")) { return water.noUpdate(); }
      urlMoved = true;
      return search;
    },

    syncView: function (region, indicator, index, counties, lang, state, data, mode) {
      if (lang) { document.documentElement.lang = htmlLang(lang); }
      // The URL rule comes with the map state: until it has arrived the URL stays as it is.
      if (!region || !indicator || index === null || index < 0 || !state || !state.url) {
        return water.noUpdate();
      }
      updateExportLinks(region, indicator, index, counties, lang, state, data, mode);
      var same = state.years && state.region === region && state.indicator === indicator;
      var shownYear = same ? water.yearAt(water.modeYears(state, mode), index) : null;
      water.a11y.labelSlider(shownYear);
      if (same && state.lang === lang) {
        titleArgs = [state, lang, shownYear, counties];
        document.title = pageTitle.apply(null, titleArgs);
      }
      var query = viewQuery(state.url, {
        region: region, indicator: indicator, year: shownYear,
        county: counties || [], lang: lang, view: mode, asof: data && data.pinned ? data.rev : null
      });
      if (window.location.search !== query) { window.history.replaceState(null, "", query); }
      return query;
    },

    // A copied link pins the data version, so it shows the same figures after later imports.
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
  });
})(window.water);
