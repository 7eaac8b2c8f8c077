"""Export endpoints (/export/…): map and chart images, the PPTX deck and data files of a view.

Images are rendered server-side by plotly + kaleido on the system Chromium; one browser is kept warm
per process (kaleido's sync server) so repeated exports are fast. It renders one picture at a time, so the picture
exports (maps, charts, decks) of a process take a place in a bounded queue (EXPORT_QUEUE, RenderQueue): when every
place is taken the answer is 429 with Retry-After at once, rather than a thread more waiting for the browser.
Clients not signed in get pictures of at most EXPORT_ANONYMOUS_MAX_SIDE px per side; EXPORT_DECK_LOGIN=1 puts the
decks behind sign-in.
"""

from __future__ import annotations

import math
import threading
import time
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from functools import wraps
from urllib.parse import quote

import kaleido
import plotly.graph_objects as go
import plotly.io as pio
from flask import Blueprint, Response, request

from water_targets import exports
from water_targets.choropleth import OVERVIEW, view_for
from water_targets.context import strip, strip_year
from water_targets.data import demo_marker, get_geo, version_text
from water_targets.geo import GeoData
from water_targets.i18n import LANGS, Message, message, t
from water_targets.indicators import Dataset
from water_targets.progress_table import UnknownStatus, parse_statuses, progress_table_rows
from water_targets.queries import has_values, value_rows
from water_targets.regions import plan_codes, region_choices
from water_targets.settings import SETTINGS
from water_targets.urlstate import DEFAULT_REGION, default_indicator, default_year, years_for
from water_targets.view_state import MODES, TARGETS, View
from web.api import (
    ApiError,
    is_ascii_int,
    parse_adcode,
    parse_indicator,
    parse_year,
    query_param,
    request_dataset,
    request_revision,
)
from web.auth import current_actor
from web.write_api import json_refusal

export = Blueprint("export", __name__, url_prefix="/export")
export.register_error_handler(ApiError, lambda exc: ({"error": exc.message}, exc.status))

MAX_SIDE = 4000  # per side of a picture for a signed-in client (SETTINGS.export_anonymous_max_side otherwise)
MIN_SIDE = 200
_render_lock = threading.Lock()
_started = False


class Refused(Exception):
    """An export refused: a status, its words (a text key of water_targets.i18n with its values) and extra headers."""

    def __init__(self, status: int, words: Message, headers: dict[str, str] | None = None) -> None:
        super().__init__(words.en)
        self.status, self.words, self.headers = status, words, headers or {}


@export.errorhandler(Refused)
def _refused(exc: Refused) -> Response:
    resp = json_refusal(exc.status, exc.words)
    resp.headers.update(exc.headers)
    return resp


def _sign_in_needed(key: str, **fmt: object) -> Refused:
    return Refused(401, message(key, **fmt), headers={"WWW-Authenticate": 'Bearer realm="water-targets"'})


class RenderQueue:
    """The picture exports of this process: the one whose pictures the browser is rendering and those waiting
    for it. At most `size` at a time (SETTINGS.export_queue, read per request); one more is refused with the
    seconds after which a place is likely free (the mean render time so far × the exports ahead)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.taken = 0
        self.render_seconds = 1.0  # moving mean of one picture's render, updated by render()

    def retry_after(self) -> int:
        return max(1, min(60, math.ceil(self.render_seconds * self.taken)))

    def rendered(self, seconds: float) -> None:
        with self._lock:
            self.render_seconds = 0.8 * self.render_seconds + 0.2 * seconds

    @contextmanager
    def place(self, size: int) -> Iterator[None]:
        with self._lock:
            if self.taken >= max(size, 1):
                seconds = self.retry_after()
                words = message("export_busy", queued=self.taken, seconds=seconds)
                raise Refused(429, words, headers={"Retry-After": str(seconds)})
            self.taken += 1
        try:
            yield
        finally:
            with self._lock:
                self.taken -= 1


QUEUE = RenderQueue()


def queued(view: Callable[..., Response]) -> Callable[..., Response]:
    """A picture export endpoint: its whole work (figures and renders) holds a place in QUEUE."""

    @wraps(view)
    def wrapped(*args, **kwargs) -> Response:
        with QUEUE.place(SETTINGS.export_queue):
            return view(*args, **kwargs)

    return wrapped


def is_deck(path: str) -> bool:
    """/export/deck.pptx and any other deck (/export/deck…pptx)."""
    return path.startswith("/export/deck") and path.endswith(".pptx")


@export.before_request
def _deck_login() -> None:
    """EXPORT_DECK_LOGIN=1: decks for a signed-in user or an API token only (401 otherwise)."""
    if SETTINGS.export_deck_login and is_deck(request.path) and current_actor() is None:
        raise _sign_in_needed("export_deck_sign_in")


MIMETYPES = {
    "png": "image/png",
    "svg": "image/svg+xml",
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}


# One tab; no MathJax: kaleido's default page loads it from a public CDN (the server must not reach the internet,
# and the figures hold no TeX). plotly.js comes from the installed plotly package, a local file.
KALEIDO_PAGE = {"n": 1, "mathjax": False}


def render(fig, fmt: str) -> bytes:
    """PNG or SVG bytes of a figure, through the warm kaleido browser of this process.

    Also called outside a request, by app.py's warm-up at a worker's first request: starting the browser
    (about 2 s) is then not paid by that worker's first export.
    """
    from flask import has_request_context

    global _started
    with _render_lock:
        if not _started:
            kaleido.start_sync_server(silence_warnings=True, path=SETTINGS.browser_path, **KALEIDO_PAGE)
            _started = True
        layout = fig.layout
        mark = demo_marker(_lang()) if has_request_context() else None
        if mark:  # `make demo`: invented figures say so on the picture itself, not only in the footer
            # In the picture's bottom-right corner (paper coordinates reach into the margins): the titles run
            # the full width at the top, and the last footer line (data version) is short.
            m, width, height = layout.margin, layout.width, layout.height
            plot_w, plot_h = width - (m.l or 0) - (m.r or 0), height - (m.t or 0) - (m.b or 0)
            pad = height / 90
            fig = go.Figure(fig).add_annotation(
                text=f"<b>{mark}</b>",
                xref="paper",
                yref="paper",
                x=1 + ((m.r or 0) - pad) / plot_w,
                y=-((m.b or 0) - pad) / plot_h,
                xanchor="right",
                yanchor="bottom",
                showarrow=False,
                font={"size": round(height / 45), "color": "#9b1c1c"},
                bgcolor="rgba(253,236,236,0.95)",
                bordercolor="#9b1c1c",
                borderwidth=2,
                borderpad=4,
            )
        with warnings.catch_warnings():  # plotly notes that kaleido options are ignored by a running server
            warnings.filterwarnings("ignore", message="The kopts argument is ignored")
            start = time.monotonic()
            body = pio.to_image(fig, format=fmt, width=layout.width, height=layout.height, scale=1)
            QUEUE.rendered(time.monotonic() - start)
            return body


def _file(body: bytes, fmt: str, name: str) -> Response:
    resp = Response(body, mimetype=MIMETYPES[fmt])
    resp.headers["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    resp.headers["Cache-Control"] = "no-store"
    return resp


def _lang() -> str:
    lang = query_param("lang") or "zh"
    if lang not in LANGS:
        raise ApiError(400, f"parameter 'lang' must be one of {', '.join(LANGS)}, got {lang!r}")
    return lang


def _view(mode: str | None = None) -> View:
    """The View of an export's query: region (a region choice), indicator, the map's `view=` (unless `mode` is
    given), year (one the view has: with values, or in the progress view an assessment year; by default the
    latest not in the future, or the latest with an actual), lang and the request's data revision."""
    mode = mode or query_param("view") or TARGETS
    if mode not in MODES:
        raise ApiError(400, f"parameter 'view' must be one of {', '.join(MODES)}, got {mode!r}")
    region = _region()
    indicator = _indicator(region)
    dataset, geo = request_dataset(), get_geo()
    view = View(region, indicator, None, mode=mode, rev=request_revision())
    if view.progress:
        years, default = exports.progress_years(dataset, geo, view)
        none, missing = "no targets of", "no assessment of"
    else:
        years = years_for(dataset, geo, region, indicator)
        default, none, missing = default_year(years), "no values of", "no values of"
    if not years:
        raise ApiError(404, f"{none} {indicator} for region {region}")
    year = parse_year(query_param("year"))
    if year is None:
        year = default if default is not None else years[-1]
    elif year not in years:
        raise ApiError(400, f"{missing} {indicator} for region {region} in {year}; years: {years}")
    return replace(view, year=year, lang=_lang())


def _side(name: str, default: int) -> int:
    """A picture's width or height: MIN_SIDE-MAX_SIDE, at most SETTINGS.export_anonymous_max_side without sign-in
    (401 saying so; the defaults, 1920×1080 and 1600×900, are within it)."""
    raw = query_param(name)
    if raw is None:
        return default
    if not is_ascii_int(raw) or not MIN_SIDE <= int(raw) <= MAX_SIDE:
        raise ApiError(400, f"parameter '{name}' must be an integer {MIN_SIDE}-{MAX_SIDE}, got {raw!r}")
    anonymous = SETTINGS.export_anonymous_max_side
    if int(raw) > anonymous and current_actor() is None:
        raise _sign_in_needed("export_side_anonymous", anonymous=anonymous, signed_in=MAX_SIDE, name=name, value=raw)
    return int(raw)


def _slug(view: View) -> str:
    return "-".join(str(p) for p in ("water-targets", view.region, view.indicator, view.year) if p is not None)


def _version(lang: str) -> str:
    return version_text(request_revision(), lang)


def _footer(lang: str) -> str:
    """The footer of an exported map: the data version. EXPORT_FOOTER (the map review number, 审图号) is passed as
    `map_review`: its own line, printed only when set."""
    return _version(lang)


def _review() -> str | None:
    """EXPORT_FOOTER: the map review number (审图号) line of exported maps, None when unset."""
    return SETTINGS.export_footer or None


def _imprint(lang: str) -> exports.Imprint:
    """What an exported picture or deck prints besides its view: the data version and the map review number."""
    return exports.Imprint(version=_footer(lang), map_review=_review())


MAX_LISTED = 12  # region choices named in an error message


def _indicator(region: str = DEFAULT_REGION) -> str:
    """The `indicator` asked for, or without one the page's default (urlstate.default_indicator)."""
    return parse_indicator(query_param("indicator") or default_indicator(request_dataset(), get_geo(), region))


def _region() -> str:
    """A region choice of the request's data revision: the overview or a region with a plan document; without
    `region`, the page's default (the overview)."""
    region = query_param("region") or DEFAULT_REGION
    choices = region_choices(request_dataset(), get_geo())
    if region not in choices:
        shown = ", ".join(choices[:MAX_LISTED]) + (", …" if len(choices) > MAX_LISTED else "")
        raise ApiError(400, f"parameter 'region' must be one of {shown}, got {region!r}")
    return region


def _context(dataset: Dataset, geo: GeoData, region: str, indicator: str, year: int | None, lang: str) -> list[dict]:
    """The unit against the levels above it (water_targets.context.strip) for the deck and the data workbook: the
    drill-down's county (`county=`, the first of the page's list; a unit of the region's view), else the view's
    region (none for the overview); of the view's year where the unit has a target then, else of its latest."""
    raw = query_param("county")
    unit = None if region == OVERVIEW else region
    if raw is not None:
        unit = raw.split(",")[0].strip()
        if unit not in view_for(dataset, geo, region).units:
            raise ApiError(400, f"parameter 'county' must be a unit of region {region}'s view, got {unit!r}")
    at = None if unit is None else strip_year(dataset, geo, unit, indicator, year)
    return [] if unit is None or at is None else strip(dataset, geo, unit, indicator, at, lang)


@export.get("/map.<fmt>")
@queued
def map_image(fmt: str) -> Response:
    if fmt not in ("png", "svg"):
        raise ApiError(404, f"no export map.{fmt}; use map.png or map.svg")
    view = _view()
    canvas = exports.Canvas(_side("width", 1920), _side("height", 1080))
    draw, kind = (exports.progress_map_figure, "progress-map") if view.progress else (exports.map_figure, "map")
    fig = draw(request_dataset(), get_geo(), view, canvas, _imprint(view.lang))
    return _file(render(fig, fmt), fmt, f"{_slug(view)}-{kind}.{fmt}")


@export.get("/chart.<fmt>")
@queued
def chart_image(fmt: str) -> Response:
    if fmt not in ("png", "svg"):
        raise ApiError(404, f"no export chart.{fmt}; use chart.png or chart.svg")
    indicator = _indicator()
    dataset = request_dataset()
    raw = query_param("region")
    if raw is None:  # the overview has no chart: the first plan region of the menu with values of the indicator
        adcode = next((c for c in plan_codes(dataset, get_geo()) if has_values(dataset, indicator, c)), None)
        if adcode is None:
            raise ApiError(404, f"no region has values of {indicator}")
    else:
        adcode = parse_adcode(raw, "region")
    if not has_values(dataset, indicator, adcode):
        raise ApiError(404, f"no values of {indicator} for region {adcode}")
    view = View(adcode, indicator, lang=_lang(), rev=request_revision())
    fig = exports.chart_figure(dataset, get_geo(), view, imprint=_imprint(view.lang))
    return _file(render(fig, fmt), fmt, f"{_slug(view)}-chart.{fmt}")


@export.get("/deck.pptx")
@queued
def deck() -> Response:
    view = _view(TARGETS)  # the deck has both views: a progress link's `view=` is left aside
    dataset, geo = request_dataset(), get_geo()
    context = _context(dataset, geo, view.region, view.indicator, view.year, view.lang)  # before any render
    canvas, imprint = exports.Canvas(1920, 1080), _imprint(view.lang)
    images = {"map": render(exports.map_figure(dataset, geo, view, canvas, imprint), "png")}
    if view.region != OVERVIEW and has_values(dataset, view.indicator, view.region):
        images["chart"] = render(exports.chart_figure(dataset, geo, view, canvas, imprint), "png")
    ranked = value_rows(dataset, view.indicator, view_for(dataset, geo, view.region).units, year=view.year)
    if ranked["region"].nunique() > 1:
        images["ranking"] = render(exports.ranking_figure(dataset, geo, view, canvas, imprint), "png")
    add_progress = None
    if exports.has_progress(dataset, geo, view):  # else no progress slides at all
        progress = exports.progress_view(dataset, geo, view)
        images["progress_map"] = render(exports.progress_map_figure(dataset, geo, progress, canvas, imprint), "png")
        rows = progress_table_rows(dataset, geo, view.region, view.lang, indicators=[view.indicator])
        title = progress.title(dataset, geo, progress.year, t("progress_table", view.lang))

        def add_progress(prs, layout) -> None:
            unit = dataset.indicators.loc[view.indicator, "unit_en" if view.lang == "en" else "unit_zh"]
            exports.progress_slides(prs, layout, rows, title, view.lang, imprint.version, unit, view.region)

    body = exports.deck(dataset, geo, view, images, imprint, progress=add_progress, context=context)
    return _file(body, "pptx", f"{_slug(view)}.pptx")


@export.get("/progress.xlsx")
def progress_table() -> Response:
    """完成情况一览 of a region: every unit × indicator with a target, worst first; `status=` keeps some statuses."""
    region = _region()
    lang = _lang()
    try:
        status = parse_statuses(query_param("status"))
    except UnknownStatus as exc:
        raise ApiError(400, f"parameter 'status': {exc}") from None
    dataset, geo = request_dataset(), get_geo()
    rows = progress_table_rows(dataset, geo, region, lang, status)
    if not rows and status is None:
        raise ApiError(404, f"no targets for region {region}")
    title = f"{exports.place_name(dataset, geo, region, lang)} · {t('progress_table', lang)}"
    body = exports.progress_xlsx(rows, title, lang, _version(lang), status)
    return _file(body, "xlsx", f"water-targets-{region}-progress.xlsx")


@export.get("/data.<fmt>")
def data(fmt: str) -> Response:
    if fmt not in ("csv", "xlsx"):
        raise ApiError(404, f"no export data.{fmt}; use data.csv or data.xlsx")
    region = _region()
    indicator = _indicator(region)
    year = parse_year(query_param("year"))
    lang = _lang()
    dataset, geo = request_dataset(), get_geo()
    records = exports.data_records(dataset, geo, region, indicator, year)
    if not records:
        raise ApiError(404, f"no values of {indicator} for region {region}" + (f" in {year}" if year else ""))
    name = dataset.indicators.loc[indicator, "name_en" if lang == "en" else "name_zh"]
    banner = demo_marker(lang)  # demo mode (`make demo`): a first line 演示数据 · 非官方统计; "" otherwise
    if fmt == "csv":
        body = exports.data_csv(records, indicator, name, lang, banner)
    else:
        title = View(region, indicator, year, lang).title(dataset, geo, year)  # words in the printed footer
        context = _context(dataset, geo, region, indicator, year, lang)
        body = exports.data_xlsx(records, indicator, name, title, lang, banner, context)
    return _file(body, fmt, f"{_slug(View(region, indicator, year))}.{fmt}")
