"""Read, check and store a boundary file: upload → preview (field mapping) → commit as one revision.

A file is refused with a clear message and nothing is written when it is not what its name says (reading.py),
has no CRS and none was chosen, mixed or non-polygon geometry, no features, more than MAX_BYTES, units far outside
China, names that are not plain text, codes that clash with the catalogue, or — at commit — looks GCJ-02 while
taken as WGS-84 and neither the conversion nor keeping the coordinates was chosen.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass, field

import shapely
from pyproj import CRS, Geod
from shapely.geometry import shape
from sqlalchemy import Connection, Engine

from ..geo import COUNTRY, GeoData, catalogue_fields
from ..geometry import gcj_to_wgs, label_point
from ..i18n import Message, message
from ..imports.pipeline import write_revision
from ..store.models import BOUNDARIES
from ..store.revisions import Change, Revision, diff, head, rows_at
from ..store.users import Actor, audit
from .reading import (  # noqa: F401 (MAX_BYTES, BoundaryRefused, ENCODING_CHOICES: this module's interface)
    CODE_GUESSES,
    ENCODING_CHOICES,
    MAX_BYTES,
    NAME_GUESSES,
    BoundaryRefused,
    Encoding,
    crs_text,
    field_value,
    fields_of,
    guess_field,
    read_file,
)
from .upload_geometry import china_box, gcj02_offset, mapping_of, polygonal, simplify_unit

MAX_UNITS = 500
CODE = re.compile(r"^[0-9A-Za-z]{6,12}$")
LEVELS = ("special", "county")  # special: 开发区, 灌区 … (a region of its own, mapped within its parent's units)
PARENT_LEVELS = ("city", "province")  # a new unit is mapped among its parent's units, drawn on top of them
GEOD = Geod(ellps="WGS84")
# The CRS chosen for a file that declares none (form/API field `crs`); gcj02 may also be chosen for a file that says
# WGS-84 (Amap-derived files do): its coordinates are then converted GCJ-02 → WGS-84.
CRS_CHOICES = {"wgs84": 4326, "cgcs2000": 4490, "gcj02": 4326}
CRS_LABELS = {key: message(f"crs_{key}") for key in CRS_CHOICES}  # their names in the upload form
GCJ02_WARNING = "gcj02_offset"
# Names are text: no control or format characters, no markup, no entities, no script URLs.
MARKUP = re.compile(r"[<>]|&(#\d+|#x[0-9a-f]+|[a-z][a-z0-9]*);|(javascript|vbscript|data)\s*:", re.IGNORECASE)


@dataclass
class Mapping:
    """What the admin chose in the preview."""

    code_field: str = ""
    name_field: str = ""
    name_en_field: str = ""
    parent: str = ""
    level: str = "special"
    replace: bool = False  # replace the boundary of existing catalogue units (a unit that changed)
    crs: str = ""  # CRS_CHOICES key: the CRS of a file that has none; gcj02: convert GCJ-02 whatever the file says
    encoding: str = ""  # a Shapefile's attribute encoding when chosen (ENCODING_CHOICES); else found out
    keep_coordinates: bool = False  # commit although the units look GCJ-02 (the admin checked: they are not)

    @property
    def complete(self) -> bool:
        return bool(self.code_field and self.name_field)

    @property
    def gcj02(self) -> bool:
        """The coordinates are GCJ-02 (Amap/Tencent) and are converted to WGS-84."""
        return self.crs == "gcj02"

    def as_dict(self) -> dict:
        return {**self.__dict__, "gcj02": self.gcj02}


@dataclass
class Unit:
    adcode: str
    name_zh: str
    name_en: str
    level: str
    parent: str
    geometry: dict
    label: list[float]
    area_km2: float
    bounds: tuple[float, float, float, float]
    status: str  # new | replaced

    def row(self, source: str) -> dict:
        return {
            **catalogue_fields(self),
            "geometry": json.dumps(self.geometry, separators=(",", ":")),
            "label": json.dumps(self.label),
            "source": source,
        }

    def svg_path(self, size: int = 96) -> str:
        """A small picture of the unit (SVG path data in a size × size box)."""
        x0, y0, x1, y1 = self.bounds
        scale = (size - 4) / max(x1 - x0, y1 - y0, 1e-9)
        parts = []
        geom = shape(self.geometry)
        for poly in getattr(geom, "geoms", [geom]):
            for ring in [poly.exterior, *poly.interiors]:
                pts = [f"{2 + (x - x0) * scale:.1f},{2 + (y1 - y) * scale:.1f}" for x, y in ring.coords]
                parts.append("M" + "L".join(pts) + "Z")
        return "".join(parts)


@dataclass
class BoundaryPreview:
    file_name: str
    sha256: str
    crs: str
    fields: list[dict]  # {"name", "samples"}
    mapping: Mapping
    units: list[Unit] = field(default_factory=list)
    base_revision: int = 0
    encoding: Encoding | None = None
    crs_declared: bool = True  # False: the file has no CRS (the choice in mapping.crs applies)
    warnings: list[dict] = field(default_factory=list)  # {"code", "message", "message_zh", …}

    @property
    def needs_crs(self) -> bool:
        return not self.crs_declared and not self.mapping.crs

    @property
    def gcj02_warning(self) -> dict | None:
        return next((w for w in self.warnings if w["code"] == GCJ02_WARNING), None)

    def summary(self) -> dict:
        return {
            "file_name": self.file_name,
            "sha256": self.sha256,
            "crs": self.crs,
            "crs_declared": self.crs_declared,
            "encoding": self.encoding.as_dict() if self.encoding else None,
            "fields": self.fields,
            "mapping": self.mapping.as_dict(),
            "warnings": self.warnings,
            "base_revision": self.base_revision,
            "units": [
                {
                    **catalogue_fields(u),
                    "area_km2": u.area_km2,
                    "bounds": list(u.bounds),
                    "status": u.status,
                }
                for u in self.units
            ],
        }


def name_problem(value: str) -> Message | None:
    """What makes a name more than plain text: a control or format character, or markup."""
    for ch in value:
        if unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Zl", "Zp"):
            return message("bf_control_character", code=f"{ord(ch):04X}")
    found = MARKUP.search(value)
    if found:
        return message("bf_markup", found=found.group(0))
    return None


def gcj02_warning(offset: dict) -> dict:
    """The warning of a file whose units sit off the catalogue's like GCJ-02 (geometry.gcj02_offset's figures)."""
    words = gcj02_message(offset)
    return {
        "code": GCJ02_WARNING,
        "message": words.en,
        "message_zh": words.zh,
        "offer": {"crs": "gcj02"},
        **offset,
    }


def gcj02_message(offset: dict) -> Message:
    """The words of the GCJ-02 warning (geometry.gcj02_offset's figures)."""
    km = f"{offset['shift_m'] / 1000:.1f}"
    return message("bf_gcj02_warning", n=offset["agreeing"], m=offset["matched"], km=km)


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def preview_boundaries(engine: Engine, file_name: str, data: bytes, mapping: Mapping, geo: GeoData) -> BoundaryPreview:
    """Read and check the file. Without a complete mapping only the fields are listed (no units yet)."""
    if mapping.crs not in ("", *CRS_CHOICES):
        raise BoundaryRefused("bf_crs_choice", choices=", ".join(CRS_CHOICES), choices_zh="、".join(CRS_CHOICES))
    read = read_file(file_name, data, mapping.encoding)
    frame = read.frame
    sha = _sha256(data)
    geoms = frame.geometry
    present = geoms[geoms.notna() & ~geoms.is_empty]
    if len(frame) == 0 or len(present) == 0:
        raise BoundaryRefused("bf_no_geometry")
    types = sorted(set(present.geom_type))
    if len(present) != len(frame):
        raise BoundaryRefused("bf_missing_geometry", n=len(frame) - len(present))
    if not set(types) <= {"Polygon", "MultiPolygon"}:
        kind = message("bf_mixed_types" if len(types) > 1 else "bf_not_polygons")
        raise BoundaryRefused("bf_geometry_types", kind=kind, types=", ".join(types), types_zh="、".join(types))
    if len(frame) > MAX_UNITS:
        raise BoundaryRefused("bf_too_many_units", n=MAX_UNITS)
    fields = fields_of(frame)
    names = [f["name"] for f in fields]
    guessed = not mapping.code_field and not mapping.name_field
    if guessed:
        mapping.code_field, mapping.name_field = guess_field(names, CODE_GUESSES), guess_field(names, NAME_GUESSES)
        mapping.code_field = "" if mapping.code_field == mapping.name_field else mapping.code_field
    declared = frame.crs is not None
    if declared:
        crs = CRS.from_user_input(frame.crs)
    elif mapping.crs:
        crs = CRS.from_epsg(CRS_CHOICES[mapping.crs])
        frame = frame.set_crs(crs)
    else:
        crs = None
    preview = BoundaryPreview(
        file_name, sha, crs_text(crs) if crs else "", fields, mapping, encoding=read.encoding, crs_declared=declared
    )
    if crs is None:
        raise BoundaryRefused("bf_no_crs", preview)
    wgs = frame.to_crs(4326) if not crs.equals(CRS.from_epsg(4326)) else frame
    if not mapping.gcj02:
        codes = [field_value(v) for v in wgs[mapping.code_field]] if mapping.code_field in names else []
        offset = gcj02_offset(list(zip(codes or [""] * len(wgs), wgs.geometry, strict=True)), geo)
        if offset:
            preview.warnings.append(gcj02_warning(offset))
    if guessed:
        return preview
    for name in (mapping.code_field, mapping.name_field, mapping.name_en_field):
        if name and name not in names:
            raise BoundaryRefused("bf_no_field", preview, field=repr(name))
    if not mapping.complete:
        return preview
    if mapping.level not in LEVELS:
        raise BoundaryRefused("bf_level_choice", preview, choices=", ".join(LEVELS), choices_zh="、".join(LEVELS))
    box = china_box(geo)
    seen: set[str] = set()
    problems: list[Message] = []
    for i, (_, row) in enumerate(wgs.iterrows(), start=1):
        code = field_value(row[mapping.code_field])
        name = field_value(row[mapping.name_field])
        name_en = field_value(row[mapping.name_en_field]) if mapping.name_en_field else ""
        label = " ".join(t for t in (code or "?", name) if not name_problem(t))  # never echo markup or controls
        where = message("bf_feature", i=i, label=label)
        texts = ((mapping.name_field, name), (mapping.name_en_field, name_en))
        bad = [(f, problem) for f, value in texts if f and (problem := name_problem(value))]
        if bad:
            f, what = bad[0]
            problems.append(message("bf_unit_not_plain", where=where, field=f, what=what))
            continue
        if not CODE.fullmatch(code):
            problems.append(message("bf_unit_bad_code", where=where))
            continue
        if code in seen:
            problems.append(message("bf_unit_code_twice", where=where, code=code))
            continue
        seen.add(code)
        if not name:
            problems.append(message("bf_unit_no_name", where=where))
            continue
        existing = geo.regions.get(code)
        if existing is not None and not mapping.replace:
            problems.append(message("bf_unit_exists", where=where, code=code, name=existing.name_zh))
            continue
        if existing is None and mapping.replace:
            problems.append(message("bf_unit_not_in_catalogue", where=where, code=code))
            continue
        if code == COUNTRY or (existing is not None and existing.level in ("country", "province", "city")):
            problems.append(message("bf_unit_not_replaceable", where=where))
            continue
        geom = shapely.Geometry(row.geometry) if not isinstance(row.geometry, shapely.Geometry) else row.geometry
        if mapping.gcj02:
            geom = gcj_to_wgs(geom)
        geom = polygonal(geom)
        if geom.is_empty:
            problems.append(message("bf_unit_empty", where=where))
            continue
        x0, y0, x1, y1 = geom.bounds
        if x0 < box[0] or y0 < box[1] or x1 > box[2] or y1 > box[3]:
            bounds = f"{x0:.2f}, {y0:.2f} – {x1:.2f}, {y1:.2f}"
            problems.append(message("bf_unit_outside", where=where, bounds=bounds))
            continue
        geom = simplify_unit(geom)
        if existing is not None:
            level, parent = existing.level, existing.parent
            name_en = name_en or existing.name_en
        else:
            level, parent = mapping.level, mapping.parent
            if parent not in geo.regions or geo.regions[parent].level not in PARENT_LEVELS:
                problems.append(message("bf_unit_parent", where=where))
                continue
        area = abs(GEOD.geometry_area_perimeter(geom)[0]) / 1e6
        preview.units.append(
            Unit(
                adcode=code,
                name_zh=name,
                name_en=name_en or name,
                level=level,
                parent=parent,
                geometry=mapping_of(geom),
                label=label_point(geom),
                area_km2=round(area, 2),
                bounds=tuple(round(v, 5) for v in geom.bounds),
                status="replaced" if existing is not None else "new",
            )
        )
    if problems:
        more = message("bf_more_problems", n=len(problems) - 20) if len(problems) > 20 else ""
        preview.units = []
        raise BoundaryRefused("bf_unit_problems", preview, problems=problems[:20], more=more)
    with engine.connect() as conn:
        preview.base_revision = head(conn)
    return preview


def commit_boundaries(
    engine: Engine,
    file_name: str,
    data: bytes,
    mapping: Mapping,
    geo: GeoData,
    actor: Actor,
    comment: str = "",
    expected_head: int | None = None,
    remote_addr: str = "",
) -> tuple[Revision | None, BoundaryPreview]:
    """Check again and write every unit of the file as one revision (BoundaryRefused: nothing written)."""
    if not actor.is_admin:
        raise PermissionError("boundary files need the admin role")
    preview = preview_boundaries(engine, file_name, data, mapping, geo)
    if not mapping.complete or not preview.units:
        raise BoundaryRefused("bf_choose_fields")
    warning = preview.gcj02_warning
    if warning and not mapping.keep_coordinates:
        raise BoundaryRefused("bf_gcj02_refused", preview, warning=gcj02_message(warning))
    source = f"{file_name} sha256={preview.sha256[:12]} {preview.crs}" + (" GCJ-02" if mapping.gcj02 else "")
    source += " (no CRS in the file: chosen)" if not preview.crs_declared else ""
    source += " (looked GCJ-02: coordinates kept as confirmed)" if warning else ""
    rows = [u.row(source) for u in preview.units]

    def changes(conn: Connection) -> list[Change]:
        current = rows_at(conn, BOUNDARIES, None)
        landed = sorted({r["adcode"] for r in current} & {u.adcode for u in preview.units if u.status == "new"})
        if landed:  # another upload added the same codes since the check (under the write lock now)
            raise BoundaryRefused("bf_codes_landed", codes=", ".join(landed), codes_zh="、".join(landed))
        out = diff(BOUNDARIES, current, rows)
        if out:
            audit(conn, actor.name, "boundaries", f"{file_name} sha256={preview.sha256}", remote_addr)
        return out

    file = {"file_name": file_name, "file_bytes": data, "file_sha256": preview.sha256}
    comment = comment.strip() or f"boundary file {file_name}"
    return write_revision(engine, changes, actor, geo, "boundaries", comment, expected_head, **file), preview
