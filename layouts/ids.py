"""Element ids, defined once: callbacks, CSS, assets/*.js and tests refer to these."""

URL = "url"
NOTICE = "url-notice"
LANG_TOGGLE = "lang-toggle"
STAFF_LINK = "staff-link"  # 数据管理: sign in and keep the data (web/admin.py)
LANG_STORE = "lang-store"
REGION_SELECT = "region-select"
INDICATOR_SELECT = "indicator-select"
YEAR_SLIDER = "year-slider"
PLAY_BUTTON = "play-button"
PLAY_INTERVAL = "play-interval"
COUNTY_SELECT = "county-select"
MAP = "map"
MAP_UNITS = "map-units"
MAP_CONTEXT = "map-context"
MAP_LEGEND = "map-legend"
MAP_INFO = "map-info"
MAP_INSET = "map-inset"
MAP_INSET_BACKGROUND = "map-inset-background"  # the inset's layer: fetched only when the inset shows
MAP_STATE = "map-state"
# The map's 目标值 | 完成情况 switch: a radio group of two buttons; the chosen view ("targets" / "progress") in a store.
MAP_MODE = "map-mode"
MAP_MODE_TARGETS = "map-mode-targets"
MAP_MODE_PROGRESS = "map-mode-progress"
MAP_MODE_VALUE = "map-mode-value"
PROGRESS_LEGEND = "progress-legend"  # the legend of the progress view (the target legend is MAP_LEGEND)
VIEW_REQUEST = "view-request"
DATA_REVISION = "data-revision"  # store: {"rev": N, "pinned": bool} — the data version the page shows
DATA_VERSION = "data-version"  # banner: which data version is shown, link to the latest
DEMO_BANNER = "demo-banner"  # demo mode only (`make demo`): 演示数据 · 非官方统计
HEADLINE = "headline-card"
COUNTY_DETAIL = "county-detail"
DETAIL_CHART = "detail-chart"
DETAIL_STATUS = "detail-status"  # the drill-down's status badge (and its flags)
DETAIL_DISTANCE = "detail-distance"  # the distance to the target, in words
DETAIL_CONTEXT = "detail-context"  # the unit against the levels above it: 全国 → 内蒙古 → 赤峰市 → 翁牛特旗 (issue 21)
RANKING_CHART = "ranking-chart"
DATA_TABLE = "data-table"
TABLE_SLOT = "table-slot"
TABLE_VISIBLE = "table-visible"
DOWNLOAD_CSV = "download-csv"
ALLOCATION = "allocation-view"
# 完成情况一览 card: status filter, row count, XLSX link, and the grid (created when the tables come into view)
PROGRESS_STATUS = "progress-status"
PROGRESS_COUNT = "progress-count"
PROGRESS_XLSX = "progress-xlsx"
PROGRESS_SLOT = "progress-slot"
PROGRESS_TABLE = "progress-table"
EXPORT_MENU = "export-menu"
EXPORT_SUMMARY = "export-summary"
# Export links: element id -> (path under /export, extra query, i18n key)
EXPORT_LINKS = {
    "export-map-png": ("map.png", "", "export_map_png"),
    "export-map-png-4k": ("map.png", "width=3840&height=2160", "export_map_png4k"),
    "export-map-svg": ("map.svg", "", "export_map_svg"),
    "export-chart-png": ("chart.png", "", "export_chart_png"),
    "export-chart-svg": ("chart.svg", "", "export_chart_svg"),
    "export-deck": ("deck.pptx", "", "export_deck"),
    "export-csv": ("data.csv", "", "export_csv"),
    "export-xlsx": ("data.xlsx", "", "export_xlsx"),
    "export-progress-xlsx": ("progress.xlsx", "", "export_progress_xlsx"),
}
COPY_LINK = "copy-link"
# Accessibility (issue 12): skip links and their targets, the keyboard route to the map's units (a list of buttons
# that opens a unit's drill-down like a click on the map), the announcement of an opened drill-down, texts for JS.
SKIP_MAIN = "skip-main"
SKIP_TABLE = "skip-table"
MAIN = "main-content"
TABLE_CARD = "table-card"
MAP_UNIT_LIST = "map-unit-list"  # <details>: summary + the buttons (built by a clientside callback)
MAP_UNIT_BUTTONS = "map-unit-buttons"
MAP_KEYS_HINT = "map-keys-hint"
DETAIL_ANNOUNCE = "detail-announce"  # aria-live: "已打开 红山区 详情"
A11Y_TEXTS = "a11y-texts"  # store: {lang: {key: text}} of the texts assets/*.js write themselves
URL_SYNC = "url-sync"
LAYOUT_QUERY = "layout-query"  # the URL query the layout was built from (layouts/page.py page_layout)
URL_CHANGE = "url-change"  # the URL's query once it differs from LAYOUT_QUERY (view_sync.js urlChanged)
TITLE = "page-title"
SUBTITLE = "page-subtitle"
FOOTER = "page-footer"
# Phones (≤ 600 px, assets/phone.js): a flag store, the two-finger hint over the map, the summary bar after a tap.
PHONE_MODE = "phone-mode"
MAP_TOUCH_HINT = "map-touch-hint"
PHONE_SUMMARY = "phone-summary"
PHONE_SUMMARY_TEXT = "phone-summary-text"
PHONE_SUMMARY_LINK = "phone-summary-link"

# Static labels: element id -> text key in water_targets.i18n (rewritten when the language changes; the subtitle,
# which names the plan regions of the data, is rewritten too: callbacks/view.py).
LABELS = {
    TITLE: "title",
    "label-region": "region",
    "label-indicator": "indicator",
    "label-year": "year",
    "label-counties": "counties",
    "label-table": "data_table",
    "label-progress": "progress_table",
    "progress-hint": "progress_hint",
    "label-progress-status": "progress_status_filter",
    PROGRESS_XLSX: "progress_download_xlsx",
    DOWNLOAD_CSV: "download_csv",
    LANG_TOGGLE: "lang_toggle",
    STAFF_LINK: "staff_link",
    COPY_LINK: "copy_link",
    EXPORT_SUMMARY: "export",
    **{link: key for link, (_, _, key) in EXPORT_LINKS.items()},
    FOOTER: "footer",
    SKIP_MAIN: "skip_main",
    SKIP_TABLE: "skip_table",
    "label-controls": "controls_region",
    "label-map-card": "map_region",
    "label-detail": "detail_region",
    "label-unit-list": "map_units_list",
    MAP_KEYS_HINT: "map_keys_hint",
    "label-map-mode": "map_mode",
    MAP_MODE_TARGETS: "mode_targets",
    MAP_MODE_PROGRESS: "mode_progress",
    MAP_TOUCH_HINT: "touch_pan_hint",
    PHONE_SUMMARY_LINK: "show_details",
}
