"""HTTP API (/api/v1): regions, boundaries, indicators, values and allocation checks, as JSON."""

from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict
from collections.abc import Callable
from functools import lru_cache, wraps

from flask import Blueprint, Response, g, jsonify, request

from water_targets import region_search
from water_targets.choropleth import OVERVIEW, OVERVIEW_ADCODES, OVERVIEW_PARAM
from water_targets.context import context, strip_year
from water_targets.data import UnknownRevision, get_dataset, get_geo, resolve_revision
from water_targets.exports import data_csv
from water_targets.geo import GeoData
from water_targets.i18n import quoted, t
from water_targets.indicator_meta import indicator_metadata
from water_targets.indicators import YEAR_RANGE, Dataset
from water_targets.progress import progress_record, view_progress
from water_targets.queries import allocation, indicator_dict, is_additive, region_ref, value_record, value_rows
from water_targets.regions import overview_codes, plan_codes
from water_targets.view_state import PROGRESS, View
from web.security import cache_shared

api = Blueprint("api", __name__, url_prefix="/api/v1")

CACHE_SECONDS = 3600


class ApiError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@api.errorhandler(ApiError)
def _api_error(exc: ApiError) -> tuple[Response, int]:
    return jsonify(error=exc.message), exc.status


def _cached(body: bytes, mimetype: str, filename: str | None = None) -> Response:
    """A 200 response with an ETag; the blueprint adds Cache-Control and answers 304 when the client has it."""
    resp = Response(body, mimetype=mimetype)
    resp.set_etag(hashlib.sha1(body).hexdigest())
    if filename:
        resp.headers["Content-Disposition"] = f"attachment; filename={filename}"
    return resp


_responses: OrderedDict[tuple, Response] = OrderedDict()
_responses_lock = threading.Lock()
RESPONSE_CACHE_SIZE = 512


def per_revision(view: Callable[..., Response]) -> Callable[..., Response]:
    """Keep a GET endpoint's encoded answer per (data revision, path, query): the data of a revision never changes,
    so a repeated request costs a dictionary look-up (and a 304 when the client sends the ETag)."""

    @wraps(view)
    def wrapped(*args, **kwargs) -> Response:
        key = (request_revision(), request.path, tuple(sorted(request.args.items(multi=True))))
        with _responses_lock:
            hit = _responses.get(key)
            if hit is not None:
                _responses.move_to_end(key)
        if hit is None:
            hit = view(*args, **kwargs)
            if hit.status_code == 200 and not hit.is_streamed:
                with _responses_lock:
                    _responses[key] = hit
                    while len(_responses) > RESPONSE_CACHE_SIZE:
                        _responses.popitem(last=False)
        resp = Response(hit.get_data(), status=hit.status_code, headers=list(hit.headers.items()))
        return resp

    return wrapped


@api.after_request
def _cache_headers(resp: Response) -> Response:
    """Figures of a pinned revision (asof) never change; the latest ones are revalidated (ETag → 304).
    Public answers, except under REQUIRE_LOGIN=1: then only the signed-in browser keeps them (cache_shared)."""
    if request.method != "GET" or resp.status_code != 200:
        return resp
    if request.args.get("asof"):
        cache_shared(resp)
        resp.cache_control.max_age = 31_536_000
        resp.cache_control.immutable = True
    elif request.path.endswith("/boundaries"):
        cache_shared(resp)
        resp.cache_control.max_age = CACHE_SECONDS
    else:
        resp.cache_control.no_cache = True
    if resp.get_etag()[0] and "data_rev" in g:
        # The revision is part of the validator, so an import invalidates what clients hold.
        resp.set_etag(f"{g.data_rev}-{resp.get_etag()[0]}")
    return resp.make_conditional(request)


def _json(obj: object) -> Response:
    return _cached(json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode("utf-8"), "application/json")


def query_param(name: str, required: bool = False) -> str | None:
    value = request.args.get(name)
    if value is None or value.strip() == "":
        if required:
            raise ApiError(400, f"missing parameter '{name}'")
        return None
    value = value.strip()
    if len(value) > 500:
        raise ApiError(400, f"parameter '{name}' is too long")
    return value


def is_ascii_int(value: str) -> bool:
    """Digits 0-9 only: str.isdigit() also accepts '²' or '٢', which int() then rejects or reads."""
    return value.isascii() and value.isdigit() and len(value) <= 12


def parse_adcode(value: str, name: str) -> str:
    if not (value.isascii() and value.isalnum() and 6 <= len(value) <= 12):  # uploaded units: 6-12 digits/letters
        raise ApiError(
            400,
            f"parameter '{name}' must be a 6-digit adcode (or an uploaded unit's 6-12 digits/letters), got {value!r}",
        )
    if value not in get_geo().regions:
        raise ApiError(404, f"unknown region {value!r}")
    return value


def parse_year(value: str | None) -> int | None:
    if value is None:
        return None
    if not is_ascii_int(value) or not (YEAR_RANGE[0] <= int(value) <= YEAR_RANGE[1]):
        raise ApiError(400, f"parameter 'year' must be an integer {YEAR_RANGE[0]}-{YEAR_RANGE[1]}, got {value!r}")
    return int(value)


def request_revision() -> int:
    """The data version of this request: `asof=<revision>` or the latest (looked up once per request)."""
    if "data_rev" not in g:
        try:
            g.data_rev = resolve_revision(query_param("asof"))
        except UnknownRevision as exc:
            raise ApiError(404, str(exc)) from None
    return g.data_rev


def request_dataset() -> Dataset:
    return get_dataset(request_revision())


def parse_indicator(value: str) -> str:
    if value not in request_dataset().indicators.index:
        raise ApiError(404, f"unknown indicator {value!r}")
    return value


@api.get("/regions")
@per_revision
def regions() -> Response:
    """The whole catalogue; with `q` (an adcode, its first digits, a Chinese or English name) the units matching
    it, best first, each with its lineage ("内蒙古自治区 · 包头市"); `limit` caps the answer (default 50)."""
    plans = set(plan_codes(request_dataset(), get_geo()))  # "focus": the unit has a plan at this revision
    q = request.args.get("q")
    if q is None:
        return _json([{**r.as_dict(), "focus": r.adcode in plans} for r in get_geo().regions.values()])
    raw_limit = request.args.get("limit", "50").strip()
    if not is_ascii_int(raw_limit) or not 1 <= int(raw_limit) <= region_search.MAX_LIMIT:
        raise ApiError(400, f"parameter 'limit' must be an integer 1-{region_search.MAX_LIMIT}, got {raw_limit!r}")
    try:
        hits = region_search.search(get_geo(), q, int(raw_limit))
    except region_search.QueryError as exc:
        raise ApiError(400, f"parameter 'q': {exc}") from None
    return _json([{**h.as_dict(), "focus": h.region.adcode in plans} for h in hits])


@lru_cache(maxsize=64)
def _boundaries_body(geo: GeoData, adcodes: tuple[str, ...], coarse: bool = False) -> bytes:
    """Keyed on the catalogue object too: an uploaded boundary file makes a new one (water_targets/boundaries)."""
    return geo.collection_json(list(adcodes), coarse)  # the files' feature texts, joined (water_targets/geo.py)


@api.get("/boundaries")
@per_revision
def boundaries() -> Response:
    """The children of `parent`, the units of `adcode` (comma-separated, at most OVERVIEW_ADCODES), or with
    `overview=plans` the plan regions of the data revision (the overview map of any number of them); `detail=coarse`
    gives the simplified geometry of views of many units (water_targets/geo.py)."""
    parent, adcode, overview = query_param("parent"), query_param("adcode"), query_param(OVERVIEW_PARAM)
    if sum(p is not None for p in (parent, adcode, overview)) != 1:
        raise ApiError(400, "give exactly one of 'parent', 'adcode' (comma-separated adcodes allowed) or 'overview'")
    detail = query_param("detail") or "full"
    if detail not in ("full", "coarse"):
        raise ApiError(400, f"parameter 'detail' must be full or coarse, got {detail!r}")
    if parent is not None:
        codes = tuple(r.adcode for r in get_geo().children(parse_adcode(parent, "parent")))
        if not codes:
            raise ApiError(404, f"region {parent!r} has no child units with boundaries")
    elif adcode is not None:
        parts = adcode.split(",")
        if len(parts) > OVERVIEW_ADCODES:
            raise ApiError(400, f"at most {OVERVIEW_ADCODES} adcodes at once")
        codes = tuple(parse_adcode(p.strip(), "adcode") for p in parts)
    elif overview == "plans":
        codes = tuple(overview_codes(request_dataset(), get_geo()))
    else:
        raise ApiError(400, f"parameter 'overview' must be plans, got {overview!r}")
    return _cached(_boundaries_body(get_geo(), codes, detail == "coarse"), "application/geo+json")


@api.get("/indicators")
@per_revision
def indicators() -> Response:
    return _json(request_dataset().indicators.to_dict(orient="records"))


@api.get("/indicators/<indicator_id>")
@per_revision
def indicator_about(indicator_id: str) -> Response:
    """One indicator's metadata (water_targets/indicator_meta.py): names, unit, direction, definition, how it is
    measured, price basis and the national reference (latest target and actual with their sources)."""
    dataset = request_dataset()
    if indicator_id not in dataset.indicators.index:
        shown = indicator_id[:80]
        resp = jsonify(
            error=t("meta_unknown_indicator", "en", id=quoted(shown)),
            message_zh=t("meta_unknown_indicator", "zh", id=shown),
        )
        resp.status_code = 404
        return resp
    return _json(indicator_metadata(dataset, get_geo(), indicator_id))


@api.get("/values")
@per_revision
def values() -> Response:
    dataset, geo = request_dataset(), get_geo()
    indicator = parse_indicator(query_param("indicator", required=True))
    region, parent = query_param("region"), query_param("parent")
    if (region is None) == (parent is None):
        raise ApiError(400, "give exactly one of 'region' or 'parent'")
    year = parse_year(query_param("year"))
    fmt = query_param("format") or "json"
    if fmt not in ("json", "csv"):
        raise ApiError(400, f"parameter 'format' must be json or csv, got {fmt!r}")
    anchor = parse_adcode(region or parent, "region" if region else "parent")
    codes = [anchor] if region else [r.adcode for r in geo.children(anchor)]
    rows = value_rows(dataset, indicator, codes, year=year)
    records = [value_record(dataset, geo, row, with_region=True) for _, row in rows.iterrows()]
    if fmt == "csv":
        # The same columns (and formula-injection guard) as /export/data.csv.
        body = data_csv(records, indicator, dataset.indicators.loc[indicator, "name_zh"])
        return _cached(body, "text/csv", f"{indicator}-{anchor}.csv")
    if region:
        records = [{k: v for k, v in r.items() if k != "region"} for r in records]
    return _json(
        {
            "indicator": indicator_dict(dataset, indicator),
            "region" if region else "parent": region_ref(geo.regions[anchor]),
            "values": records,
        }
    )


@api.get("/allocation")
@per_revision
def allocation_check() -> Response:
    parent = parse_adcode(query_param("parent", required=True), "parent")
    indicator = parse_indicator(query_param("indicator", required=True))
    year = parse_year(query_param("year", required=True))
    if not is_additive(request_dataset(), indicator):
        raise ApiError(400, f"{indicator} is not additive: county percentages or coefficients do not sum to the city's")
    result = allocation(request_dataset(), get_geo(), parent, indicator, year)
    if result is None:
        raise ApiError(404, f"no {indicator} target of {parent} allocated to its units in {year}")
    return _json(result)


@api.get("/context")
@per_revision
def context_levels() -> Response:
    """A unit against the levels above it: each level's target and latest actual, allocation and strictness
    checks (water_targets.context). `year` defaults to the drill-down's: the unit's target in force, else that of
    the nearest level above with a target (context.strip_year)."""
    dataset, geo = request_dataset(), get_geo()
    region = parse_adcode(query_param("region", required=True), "region")
    indicator = parse_indicator(query_param("indicator", required=True))
    year = parse_year(query_param("year"))
    if year is None:
        year = strip_year(dataset, geo, region, indicator)
        if year is None:
            raise ApiError(404, f"no level from the country down to {region} has a {indicator} target: give a year")
    return _json(context(dataset, geo, region, indicator, year))


@api.get("/progress")
@per_revision
def progress() -> Response:
    """Per unit of the region's view: target, latest actual, status and gap at an assessment year."""
    dataset, geo = request_dataset(), get_geo()
    raw_region = query_param("region", required=True)
    region = raw_region if raw_region == OVERVIEW else parse_adcode(raw_region, "region")
    indicator = parse_indicator(query_param("indicator", required=True))
    view = View(region, indicator, parse_year(query_param("year")), mode=PROGRESS, rev=request_revision())
    year, units = view_progress(dataset, geo, view)
    return _json(
        {
            "region": {"adcode": OVERVIEW} if region == OVERVIEW else region_ref(geo.regions[region]),
            "indicator": indicator_dict(dataset, indicator),
            "year": year,
            "units": [progress_record(dataset, geo, a) for a in units],
        }
    )


@api.route("/<path:_unknown>")
def unknown(_unknown: str) -> Response:
    raise ApiError(404, f"no such endpoint /api/v1/{_unknown}")
