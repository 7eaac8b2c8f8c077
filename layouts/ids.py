"""Element ids, defined once: callbacks, CSS, assets/*.js and tests refer to these."""

URL = "url"
NOTICE = "url-notice"
LANG_TOGGLE = "lang-toggle"
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
MAP_STATE = "map-state"
VIEW_REQUEST = "view-request"
DATA_REVISION = "data-revision"  # store: {"rev": N, "pinned": bool} — the data version the page shows
DATA_VERSION = "data-version"  # banner: which data version is shown, link to the latest
HEADLINE = "headline-card"
COUNTY_DETAIL = "county-detail"
DETAIL_CHART = "detail-chart"
RANKING_CHART = "ranking-chart"
DATA_TABLE = "data-table"
TABLE_SLOT = "table-slot"
TABLE_VISIBLE = "table-visible"
DOWNLOAD_CSV = "download-csv"
ALLOCATION = "allocation-view"
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
}
COPY_LINK = "copy-link"
URL_SYNC = "url-sync"
TITLE = "page-title"
SUBTITLE = "page-subtitle"
FOOTER = "page-footer"

# Static labels: element id -> text key in water_targets.i18n (rewritten when the language changes).
LABELS = {
    TITLE: "title",
    SUBTITLE: "subtitle",
    "label-region": "region",
    "label-indicator": "indicator",
    "label-year": "year",
    "label-counties": "counties",
    "label-table": "data_table",
    DOWNLOAD_CSV: "download_csv",
    LANG_TOGGLE: "lang_toggle",
    COPY_LINK: "copy_link",
    EXPORT_SUMMARY: "export",
    **{link: key for link, (_, _, key) in EXPORT_LINKS.items()},
    FOOTER: "footer",
}
