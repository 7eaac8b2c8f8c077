/* The keyboard's way through two third-party widgets of the page (issue 19, point 11), without changing them:
   - The indicator menu (dcc.Dropdown, options from water_targets/controls.py indicator_options): its category
     headings are disabled options. Dash's arrow keys step one option at a time and focus that option's radio
     input, which a heading has disabled: the focus stays put, one dead key press per heading. In a menu with
     headings, ↓/↑, Tab/Shift+Tab (the menu keeps Tab inside), Home/End and PageDown/PageUp move among the search
     field and the options one can choose, skipping the headings, which are marked aria-disabled.
   - The data grids (dash-ag-grid, layouts/cards.py): AG Grid's Tab walks every header, filter and cell (about 200
     key presses for a page of 20 rows) and then each pagination control. Here a grid is two Tab stops: its cells
     (AG Grid's arrow keys move among headers, filters and cells) and its pagination, a toolbar whose controls the
     arrow keys move among; Tab and Shift+Tab go on to the next or previous control outside the grid.
   Listens in the capture phase, so these keys are handled before the widgets' own handlers see them. Holds no
   text or rule of the data: words come from the widgets and the page. */
(function (water) {
  "use strict";

  function toArray(list) { return Array.prototype.slice.call(list); }
  function plainKey(e) { return !e.altKey && !e.ctrlKey && !e.metaKey; }

  // ---- The indicator menu: the search field (if any), then the options that can be chosen, in menu order.
  var MENU_KEYS = {ArrowDown: true, ArrowUp: true, Tab: true, PageDown: true, PageUp: true, Home: true, End: true};
  var PAGE = 10;  // options per PageDown / PageUp, as Dash's own menu

  function menuStep(key, shift, at, last, first) {
    if (key === "ArrowDown" || (key === "Tab" && !shift)) { return at < last ? at + 1 : 0; }
    if (key === "ArrowUp" || key === "Tab") { return at > 0 ? at - 1 : last; }
    if (key === "PageDown") { return Math.min(at + PAGE, last); }
    if (key === "PageUp") { return Math.max(at - PAGE, 0); }
    return key === "Home" ? first : last;
  }

  document.addEventListener("keydown", function (e) {
    if (!MENU_KEYS[e.key] || !plainKey(e)) { return; }
    var content = e.target && e.target.closest && e.target.closest(".dash-dropdown-content");
    var list = content && content.querySelector(".dash-options-list");
    // A long (virtualized) menu has only some options in the DOM: Dash's own keys there. No headings: Dash's keys.
    if (!list || list.querySelector(".dash-options-list-virtualized") || !list.querySelector("[role=option] input:disabled")) {
      return;
    }
    var search = content.querySelector("input.dash-dropdown-search");
    if (search && e.target === search && (e.key === "Home" || e.key === "End")) { return; }  // the field's caret
    var stops = (search ? [search] : []).concat(toArray(list.querySelectorAll("[role=option] input:not(:disabled)")));
    var at = stops.indexOf(document.activeElement);
    if (at < 0 || stops.length < 2) { return; }
    e.preventDefault();
    e.stopPropagation();
    var next = stops[menuStep(e.key, e.shiftKey, at, stops.length - 1, search ? 1 : 0)];
    next.focus();
    if (next === search) { content.scrollTo({top: 0}); }
  }, true);

  function markHeadings() {
    document.querySelectorAll(".dash-dropdown-content [role=option] input:disabled").forEach(function (input) {
      var option = input.closest("[role=option]");
      if (option.getAttribute("aria-disabled") !== "true") { option.setAttribute("aria-disabled", "true"); }
    });
  }

  // ---- The data grids.
  var FOCUSABLE = "a[href], button, input, select, textarea, summary, [tabindex]";
  // Where AG Grid's own Tab is kept: its menus, filter and select popups, a cell being edited.
  var GRID_OWN = ".ag-popup, .ag-menu, .ag-select-list, .ag-cell-inline-editing";

  function tabStop(el) {
    if (el.tabIndex < 0 || el.disabled || el.closest("[inert], [hidden]") || !el.getClientRects().length) { return false; }
    if (el.type === "hidden" || getComputedStyle(el).visibility === "hidden") { return false; }
    if (el.type === "radio" && el.name && !el.checked) {  // a radio group is one stop: its checked button
      var group = toArray(document.getElementsByName(el.name));
      return !group.some(function (other) { return other.checked; }) && group[0] === el;
    }
    return true;
  }

  // The first Tab stop after `box` (forward) or the last one before it, outside it.
  function stopBeyond(box, forward) {
    var found = null;
    toArray(document.querySelectorAll(FOCUSABLE)).some(function (el) {
      if (box.contains(el) || el.contains(box) || !tabStop(el)) { return false; }
      var after = box.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING;
      if (forward && after) { found = el; return true; }
      if (!forward && !after) { found = el; }
      return false;
    });
    return found;
  }

  function pagingControls(panel) {
    return toArray(panel.querySelectorAll("[tabindex]")).filter(function (el) {
      return !el.classList.contains("ag-tab-guard") && tabStop(el);
    });
  }

  // The toolbar's control the Tab key lands on: the one last used, else the first.
  var lastPagingControl = new WeakMap();
  function pagingEntry(wrapper) {
    var panel = wrapper.querySelector(".ag-paging-panel");
    if (!panel || panel.classList.contains("ag-hidden")) { return null; }
    var controls = pagingControls(panel), last = lastPagingControl.get(panel);
    return controls.indexOf(last) >= 0 ? last : controls[0] || null;
  }

  // Back from the toolbar: the cell AG Grid keeps as focused, else its own way in (the top tab guard: the first
  // header).
  function cellsEntry(wrapper) {
    return wrapper.querySelector(".ag-cell-focus") || wrapper.querySelector(".ag-root-wrapper-body > .ag-tab-guard-top");
  }

  // Nothing to go to beyond the grid (the last control of the page): the browser's Tab goes on from a mark put
  // just after (or before) the grid, out of the page; the mark goes when it loses the focus.
  function leaveFrom(wrapper, forward) {
    var mark = document.createElement("span");
    mark.tabIndex = -1;
    wrapper.parentNode.insertBefore(mark, forward ? wrapper.nextSibling : wrapper);
    mark.addEventListener("blur", function () { mark.remove(); });
    mark.focus({preventScroll: true});
  }

  document.addEventListener("keydown", function (e) {
    if (e.key !== "Tab" || !plainKey(e)) { return; }
    var wrapper = e.target && e.target.closest && e.target.closest(".ag-root-wrapper");
    if (!wrapper || e.target.closest(GRID_OWN)) { return; }
    var inPaging = !!e.target.closest(".ag-paging-panel");
    var next;
    if (e.shiftKey) {
      next = (inPaging && cellsEntry(wrapper)) || stopBeyond(wrapper, false);
    } else {
      next = (!inPaging && pagingEntry(wrapper)) || stopBeyond(wrapper, true);
    }
    e.stopPropagation();
    if (next) {
      e.preventDefault();
      next.focus();
    } else {
      leaveFrom(wrapper, !e.shiftKey);
    }
  }, true);

  // The pagination toolbar: ←/→ move to the previous/next control, Home/End to the first/last.
  document.addEventListener("keydown", function (e) {
    var step = {ArrowLeft: -1, ArrowRight: 1, Home: -Infinity, End: Infinity}[e.key];
    var panel = step && plainKey(e) && e.target && e.target.closest && e.target.closest(".ag-paging-panel");
    if (!panel || e.target.closest(GRID_OWN)) { return; }
    var controls = pagingControls(panel), at = controls.indexOf(e.target);
    if (at < 0) { return; }
    e.preventDefault();
    e.stopPropagation();
    controls[Math.max(0, Math.min(controls.length - 1, at + step))].focus();
  }, true);

  document.addEventListener("focusin", function (e) {
    var panel = e.target && e.target.closest && e.target.closest(".ag-paging-panel");
    if (panel && !e.target.classList.contains("ag-tab-guard")) { lastPagingControl.set(panel, e.target); }
  });

  // The pagination is a toolbar named like its card (the card's heading).
  function markToolbars() {
    document.querySelectorAll(".ag-paging-panel:not([role])").forEach(function (panel) {
      var card = panel.closest("[aria-labelledby]");
      panel.setAttribute("role", "toolbar");
      if (card) { panel.setAttribute("aria-labelledby", card.getAttribute("aria-labelledby")); }
    });
  }

  water.onDrawn(function () {
    markHeadings();
    markToolbars();
  });
})(window.water);
