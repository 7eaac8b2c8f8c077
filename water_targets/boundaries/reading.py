"""Reading an uploaded boundary file safely: the content checked before GDAL sees it, GDAL limited to the three
formats we read, one layer, geopandas + pyogrio, the DBF text encoding found out rather than guessed.

The defences, in order (any refusal is a BoundaryRefused in both languages; nothing is read further):

1. Magic bytes (water_targets.filetypes): a .geojson/.json is UTF-8 JSON text starting with '{', a .gpkg has the
   SQLite header and a GeoPackage application_id, a zip's .shp/.shx carry the Shapefile file code and its .dbf a
   dBASE version byte. GDAL picks a format from the content, not the name: this keeps an OGR VRT (XML), a CSV or a
   GDAL pipeline (JSON of another kind is caught by step 4) from ever being opened as what it claims to be.
2. A GeoPackage's schema is read with Python's sqlite3 (read-only, immutable, only sqlite_master is selected, so
   nothing of the file is executed): views, virtual tables other than rtree, and triggers, generated columns, CHECK
   or DEFAULT clauses calling GDAL's own SQL functions (ogr_*, gdal_*) or SQLite's file functions are refused.
3. GDAL itself is limited (harden_gdal, once per process, checked before every read): every vector driver but
   GeoJSON, GPKG and ESRI Shapefile (and MEM, which opens no file) and the raster VRT/GTI drivers are deregistered
   (GDAL_SKIP, applied by re-running GDALAllRegister), so an OGR VRT, a CSV, a GDAL pipeline … cannot be opened at
   all — this is the guarantee that holds even if a check above had a gap: the drivers are verified gone, and the
   read is refused if they are not. SQLite runs with trusted_schema=OFF (OGR_SQLITE_PRAGMA), which makes SQLite
   itself refuse functions not marked innocuous (gdal_get_pixel_value, ogr_geocode …) and non-innocuous virtual
   tables in views and triggers — a real guarantee too (checked: "unsafe use of gdal_get_pixel_value()"). The other
   options set below (no external access from SQL, no VirtualOGR from views, no directory listing, no PROJ network,
   /vsicurl/ limited to an extension no file has, short HTTP timeouts) are defaults made explicit or second lines:
   GDAL has no run-time switch that turns all network access off, so what keeps it off is that none of the three
   remaining drivers fetches anything for a local file (a GeoJSON "crs" link is ignored).
4. The driver GDAL chose (pyogrio.read_info, which reads no features) must be the one the name says.
5. GDAL is only ever given paths we made: files written under our private temp directory with our own names
   (upload.geojson, upload.gpkg, upload.shp …), regular files, no symlinks; a zip's member names are never used as
   paths (a member that is a symlink or a device is refused).
"""

from __future__ import annotations

import codecs
import io
import re
import sqlite3
import stat
import tempfile
import threading
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING
from urllib.parse import quote

import numpy as np
from pyproj import CRS

from .. import filetypes
from ..i18n import Message, Worded, message

if TYPE_CHECKING:
    import geopandas as gpd

    from .files import BoundaryPreview

MAX_BYTES = 50 * 1024 * 1024  # the file as uploaded
MAX_UNPACKED = 200 * 1024 * 1024  # a zip's members together (zip-bomb guard)
MAX_MEMBERS = 200
SUFFIXES = (".zip", ".gpkg", ".geojson", ".json")
DRIVERS = {".zip": "ESRI Shapefile", ".gpkg": "GPKG", ".geojson": "GeoJSON", ".json": "GeoJSON"}
KEEP_DRIVERS = ("ESRI Shapefile", "GPKG", "GeoJSON", "MEM")  # MEM: in-memory datasets only, never a file
SKIP_RASTER_DRIVERS = ("VRT", "GTI")  # raster drivers that open other datasets (not in pyogrio's vector list)
SHAPEFILE_PARTS = (".shp", ".shx", ".dbf", ".prj", ".cpg")  # what GDAL gets of a zip; nothing else
CODE_GUESSES = ("adcode", "code", "dm", "xzqdm", "id", "代码", "编码", "行政区划代码", "bm")
NAME_GUESSES = ("name_zh", "name", "mc", "名称", "name_cn", "xzqmc")
ENCODING_CHOICES = ("utf-8", "gbk", "gb18030")  # the explicit `encoding` form/API field
ENCODING_LIST = {"choices": ", ".join(ENCODING_CHOICES), "choices_zh": "、".join(ENCODING_CHOICES)}  # for messages
# dBASE language driver IDs (DBF header offset 29) and their code pages, as listed in the dBASE/ESRI specification.
# 0x00 (none) and 0x57 ("ANSI": the writer's Windows code page, which the file does not name) say nothing.
LDID_CODE_PAGES = {
    0x01: "cp437", 0x02: "cp850", 0x03: "cp1252", 0x08: "cp865", 0x09: "cp437", 0x0A: "cp850", 0x0B: "cp437",
    0x0D: "cp437", 0x0E: "cp850", 0x0F: "cp437", 0x10: "cp850", 0x11: "cp437", 0x12: "cp850", 0x13: "cp932",
    0x14: "cp850", 0x15: "cp437", 0x16: "cp850", 0x17: "cp865", 0x18: "cp437", 0x19: "cp437", 0x1A: "cp850",
    0x1B: "cp437", 0x1C: "cp863", 0x1D: "cp850", 0x1F: "cp852", 0x22: "cp852", 0x23: "cp852", 0x24: "cp860",
    0x25: "cp850", 0x26: "cp866", 0x37: "cp850", 0x40: "cp852", 0x4D: "gbk", 0x4E: "cp949", 0x4F: "big5",
    0x50: "cp874", 0x58: "cp1252", 0x59: "cp1252", 0x64: "cp852", 0x65: "cp866", 0x66: "cp865", 0x67: "cp861",
    0x6A: "cp737", 0x6B: "cp857", 0x78: "big5", 0x79: "cp949", 0x7A: "gbk", 0x7B: "cp932", 0x7C: "cp874",
    0x7D: "cp1255", 0x7E: "cp1256", 0x86: "cp737", 0x87: "cp852", 0x88: "cp857", 0xC8: "cp1250", 0xC9: "cp1251",
    0xCA: "cp1254", 0xCB: "cp1253", 0xCC: "cp1257",
}  # fmt: skip
# Calls in a GeoPackage's schema SQL (views, triggers, generated columns, CHECK, DEFAULT, indexes) to GDAL's own SQL
# functions (ogr_geocode, ogr_datasource_load_layers, gdal_get_pixel_value …) or SQLite's file functions.
UNSAFE_CALL = re.compile(r"\b(ogr_\w*|gdal_\w*|load_extension|readfile|writefile|fts3_tokenizer|edit)\s*\(")
SQL_COMMENT = re.compile(r"/\*.*?(\*/|$)|--[^\n]*", re.S)


class BoundaryRefused(Worded, Exception):
    """The file cannot be used; nothing was written. `message`: a text key of water_targets.i18n (or a Message) and
    its values, shown in the page's language or in both by the API."""

    def __init__(self, key: str | Message, preview: BoundaryPreview | None = None, **fmt: object) -> None:
        self.message = key if isinstance(key, Message) else message(key, **fmt)
        super().__init__(self.message.en)
        # Set when the file itself is fine and the units refused could pass with another mapping (fields, parent,
        # "replace", the CRS choice): the page keeps the upload and shows the mapping form again.
        self.preview = preview

    def text(self, lang: str) -> str:
        return self.message.text(lang)


@dataclass(frozen=True)
class Encoding:
    """The text encoding the attributes were read with, and why."""

    name: str  # a Python codec name (given to pyogrio for a Shapefile)
    source: str  # chosen | cpg | ldid | detected | format
    reason: Message = field(hash=False)  # a text key of water_targets.i18n with its values

    def as_dict(self) -> dict:
        return {"name": self.name, "source": self.source, "reason": self.reason.en, "reason_zh": self.reason.zh}


@dataclass
class BoundaryFile:
    frame: gpd.GeoDataFrame
    driver: str
    encoding: Encoding


def _refused(problem: filetypes.WrongType) -> BoundaryRefused:
    return BoundaryRefused(problem.message)


# ---------------------------------------------------------------- zips


def shapefile_members(data: bytes) -> tuple[str, dict[str, bytes]]:
    """The one Shapefile of a zip: its name and its parts (.shp .shx .dbf, and .prj .cpg when present) by suffix.

    Every member name is checked (no absolute or parent paths, no symlinks or devices), sizes are bounded; nothing
    is extracted: only the parts are read, into memory, and never by their names on disk."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise BoundaryRefused("bf_not_zip") from None
    with archive:
        members = [m for m in archive.infolist() if not m.is_dir()]
        if len(members) > MAX_MEMBERS:
            raise BoundaryRefused("bf_zip_members", n=MAX_MEMBERS)
        if sum(m.file_size for m in members) > MAX_UNPACKED:
            raise BoundaryRefused("bf_zip_too_big")
        for m in members:
            name = m.filename.replace("\\", "/")
            if name.startswith("/") or ".." in name.split("/") or ":" in name or "\0" in name:
                raise BoundaryRefused("bf_zip_unsafe_path", member=m.filename)
            kind = stat.S_IFMT(m.external_attr >> 16)  # the Unix mode, when the zip records one
            if kind == stat.S_IFLNK:
                raise BoundaryRefused("bf_zip_symlink", member=m.filename)
            if kind not in (0, stat.S_IFREG):
                raise BoundaryRefused("bf_zip_not_a_file", member=m.filename)
        shps = sorted((m for m in members if m.filename.lower().endswith(".shp")), key=lambda m: m.filename)
        if len(shps) != 1:
            found = ", ".join(m.filename for m in shps) or "none"
            raise BoundaryRefused("bf_zip_one_shapefile", found=found)
        stem = shps[0].filename[:-4].lower()
        parts = {m.filename[len(stem) :].lower(): m for m in members if m.filename[:-4].lower() == stem}
        missing = [s for s in (".shx", ".dbf") if s not in parts]
        if missing:
            shp = shps[0].filename
            raise BoundaryRefused(
                "bf_zip_missing_parts", shp=shp, missing=" or ".join(missing), missing_zh="、".join(missing)
            )
        try:
            out = {suffix: _read_member(archive, parts[suffix]) for suffix in SHAPEFILE_PARTS if suffix in parts}
        except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError):
            raise BoundaryRefused("bf_zip_damaged") from None
    return PurePosixPath(shps[0].filename.replace("\\", "/")).name, out


def _read_member(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> bytes:
    out = io.BytesIO()
    with archive.open(member) as src:
        while chunk := src.read(1 << 20):
            if out.tell() + len(chunk) > min(member.file_size, MAX_UNPACKED):  # a lying header
                raise BoundaryRefused("bf_zip_too_big")
            out.write(chunk)
    return out.getvalue()


# ---------------------------------------------------------------- DBF encoding


def dbf_encoding(parts: dict[str, bytes], choice: str) -> Encoding:
    """The encoding of a Shapefile's attributes: the explicit choice, else its .cpg, else the DBF language driver
    byte, else what all the text bytes decode as (strict UTF-8, else GB18030). A .cpg or language byte whose code
    page does not decode the text is passed over (a file that lies); nothing fitting, or a choice that does not
    decode, is refused: names are never read as mojibake."""
    text = _dbf_text_bytes(parts[".dbf"])
    if choice:
        if filetypes.decode(text, (choice,)) is None:
            raise BoundaryRefused("bf_encoding_not_chosen", choice=choice.upper())
        return Encoding(choice, "chosen", message("enc_chosen", codec=choice))
    passed: list[Message] = []  # what the file says but its text is not
    cpg = parts.get(".cpg", b"").decode("latin-1").strip()
    codec = _cpg_codec(cpg) if cpg else None
    if codec and filetypes.decode(text, (codec,)) is not None:
        return Encoding(codec, "cpg", message("enc_cpg", cpg=cpg))
    if codec:
        passed.append(message("enc_cpg_wrong", cpg=cpg))
    dbf = parts[".dbf"]
    ldid = dbf[29] if len(dbf) > 29 else 0
    codec = LDID_CODE_PAGES.get(ldid)
    if codec and filetypes.decode(text, (codec,)) is not None:
        return Encoding(codec, "ldid", message("enc_ldid", ldid=ldid, codec=codec))
    if codec:
        passed.append(message("enc_ldid_wrong", ldid=ldid, codec=codec))
    for name in ("utf-8", "gb18030"):
        if filetypes.decode(text, (name,)) is None:
            continue
        why = passed[0] if passed else message("enc_nothing_said")
        if ldid and not passed:
            why = message("enc_with_ldid", why=why, ldid=ldid)
        return Encoding(name, "detected", message("enc_detected", why=why, codec=name.upper()))
    raise BoundaryRefused("bf_encoding_unknown", **ENCODING_LIST)


def _cpg_codec(text: str) -> str | None:
    """A .cpg's content ("UTF-8", "GBK", "936", "ANSI 936", "65001" …) as a Python codec name; None if unknown."""
    words = text.split()
    names = [text]
    if words and words[-1].isdigit():  # a Windows code page number
        names.append("utf-8" if words[-1] == "65001" else f"cp{words[-1]}")
    for name in names:
        try:
            return codecs.lookup(name).name
        except LookupError:
            continue
    return None


def _dbf_text_bytes(dbf: bytes) -> bytes:
    """The field names and the records of a .dbf (the bytes that can hold text), joined."""
    records = int.from_bytes(dbf[4:8], "little")
    header = int.from_bytes(dbf[8:10], "little")
    width = int.from_bytes(dbf[10:12], "little")
    names = []
    for start in range(32, min(header, len(dbf)) - 31, 32):
        if dbf[start] == 0x0D:
            break
        names.append(dbf[start : start + 11].split(b"\0", 1)[0])
    return b" ".join(names) + b" " + dbf[header : header + records * width]


# ---------------------------------------------------------------- GeoPackage schema


def check_geopackage_schema(path: Path, file_name: str) -> None:
    """Refuse what could make GDAL or SQLite run code or reach outside the file: views, virtual tables other than
    rtree, and schema SQL calling GDAL's SQL functions or SQLite's file functions. Reads sqlite_master only."""
    uri = f"file:{quote(str(path))}?mode=ro&immutable=1"
    try:
        con = sqlite3.connect(uri, uri=True)
        try:
            rows = con.execute("SELECT type, name, sql FROM sqlite_master").fetchall()
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        raise BoundaryRefused("bf_gpkg_damaged", file=file_name, error=exc) from None
    objects = {str(name).lower() for _, name, _ in rows}
    for kind, name, sql in rows:
        text = " ".join(SQL_COMMENT.sub(" ", str(sql or "")).lower().split())
        text = re.sub(r"[\"`\[\]]", "", text)  # quoted names call functions too: "ogr_geocode"(…)
        if kind == "view":
            raise BoundaryRefused("bf_gpkg_view", file=file_name, name=name)
        if text.startswith("create virtual table") and not text.split(" using ", 1)[-1].startswith("rtree"):
            raise BoundaryRefused("bf_gpkg_virtual_table", file=file_name, name=name)
        calls = [m.group(1) for m in UNSAFE_CALL.finditer(text) if m.group(1) not in objects]  # not a table(…)
        if calls:
            raise BoundaryRefused("bf_gpkg_unsafe_call", file=file_name, kind=kind, name=name, call=calls[0])


# ---------------------------------------------------------------- GDAL


_harden_lock = threading.Lock()
_hardened = False


def harden_gdal() -> None:
    """Limit GDAL (process-wide, once) to the drivers we read and keep it from other paths; then check that the
    other drivers are really gone (BoundaryRefused, nothing read, if not). See the module's docstring."""
    global _hardened
    import pyogrio

    with _harden_lock:
        if not _hardened:
            # pyogrio registers the drivers once, at import; GDAL applies GDAL_SKIP (deregisters those drivers) at
            # the end of GDALAllRegister(), which pyogrio runs here again. pyogrio has no public call for it.
            from pyogrio._ogr import _register_drivers

            skip = sorted({*pyogrio.list_drivers()} - set(KEEP_DRIVERS)) + list(SKIP_RASTER_DRIVERS)
            pyogrio.set_gdal_config_options(
                {
                    "GDAL_SKIP": ",".join(skip),  # comma-separated: some names hold spaces ("MapInfo File")
                    "OGR_SQLITE_PRAGMA": "trusted_schema=OFF",
                    "OGR_SQLITE_ALLOW_EXTERNAL_ACCESS": "NO",
                    "ALLOW_OGR_SQL_FUNCTIONS_FROM_TRIGGER_AND_VIEW": "NO",
                    "ALLOW_VIRTUAL_OGR_FROM_TRIGGER_AND_VIEW": "NO",
                    "GDAL_VRT_ENABLE_PYTHON": "NO",
                    "GDAL_DISABLE_READDIR_ON_OPEN": "EMPTY_DIR",
                    "CPL_VSIL_CURL_ALLOWED_EXTENSIONS": ".water-targets-no-network",
                    "GDAL_HTTP_TIMEOUT": "2",
                    "GDAL_HTTP_MAX_RETRY": "0",
                    "PROJ_NETWORK": "OFF",
                }
            )
            _register_drivers()
            _hardened = True
    left = sorted({*pyogrio.list_drivers()} - set(KEEP_DRIVERS))
    if left:
        raise BoundaryRefused("bf_gdal_unlimited", drivers=", ".join(left[:5]))


def _own_file(path: Path, root: Path) -> str:
    """The path as given to GDAL: a regular file we wrote, directly in our private read directory."""
    mode = path.lstat().st_mode
    if not stat.S_ISREG(mode) or path.parent.resolve() != root.resolve() or path.resolve().parent != root.resolve():
        raise BoundaryRefused("bf_unsafe_store")
    return str(path)


def _gdal_message(exc: Exception, root: Path, names: list[str], file_name: str) -> str:
    """GDAL's message without our temp paths (they name the upload instead), cut short."""
    text = str(exc)
    for name in names:
        text = text.replace(str(root / name), file_name)
    return text.replace(str(root), "…")[:300]


def read_file(file_name: str, data: bytes, encoding: str = "") -> BoundaryFile:
    """The file's features (geopandas + pyogrio), the driver and the text encoding; BoundaryRefused for what cannot
    or must not be read. `encoding`: the explicit choice for a Shapefile's attributes (ENCODING_CHOICES or "")."""
    import geopandas as gpd
    import pyogrio

    if len(data) > MAX_BYTES:
        raise BoundaryRefused("bf_too_big", mb=f"{len(data) / 1e6:.1f}", limit=MAX_BYTES // 2**20)
    if not data:
        raise BoundaryRefused("bf_empty")
    suffix = Path(file_name).suffix.lower()
    if suffix not in SUFFIXES:
        raise BoundaryRefused("bf_suffix")
    if encoding and encoding not in ENCODING_CHOICES:
        raise BoundaryRefused("bf_encoding_choice", **ENCODING_LIST)
    try:
        if suffix == ".zip":
            shp_name, parts = shapefile_members(data)
            filetypes.shapefile_geometry(shp_name, parts[".shp"])
            filetypes.shapefile_geometry(shp_name[:-4] + ".shx", parts[".shx"])
            filetypes.dbase(shp_name[:-4] + ".dbf", parts[".dbf"])
            files = {f"upload{s}": b for s, b in parts.items()}
            text = dbf_encoding(parts, encoding)
        elif suffix == ".gpkg":
            filetypes.geopackage(file_name, data)
            files = {"upload.gpkg": data}
            text = Encoding("utf-8", "format", message("enc_geopackage"))
        else:
            filetypes.geojson(file_name, data)
            files = {f"upload{suffix}": data}
            text = Encoding("utf-8", "format", message("enc_geojson"))
    except filetypes.WrongType as problem:
        raise _refused(problem) from None
    harden_gdal()
    with tempfile.TemporaryDirectory(prefix="wt-boundary-") as tmp:
        root = Path(tmp) / "read"
        root.mkdir(mode=0o700)
        for name, content in files.items():
            (root / name).write_bytes(content)
        main = root / ("upload.shp" if suffix == ".zip" else next(iter(files)))
        if suffix == ".gpkg":
            check_geopackage_schema(main, file_name)
        path = _own_file(main, root)
        try:
            info = pyogrio.read_info(path)  # opens the dataset and its first layer; reads no feature
        except Exception as exc:  # DataSourceError: no remaining driver knows it
            error = _gdal_message(exc, root, list(files), file_name)
            raise BoundaryRefused("bf_unreadable_as", file=file_name, driver=DRIVERS[suffix], error=error) from None
        try:
            if info.get("driver") != DRIVERS[suffix]:
                raise BoundaryRefused(
                    "bf_wrong_driver", file=file_name, driver=DRIVERS[suffix], seen=info.get("driver")
                )
            layers = pyogrio.list_layers(path)
            if len(layers) > 1:
                names = ", ".join(str(name) for name, _ in layers)
                raise BoundaryRefused("bf_layers", names=names)
            options = {"encoding": text.name} if suffix == ".zip" else {}
            frame = gpd.read_file(path, engine="pyogrio", **options)
        except BoundaryRefused:
            raise
        except Exception as exc:  # pyogrio's DataSourceError, a broken .dbf …
            error = _gdal_message(exc, root, list(files), file_name)
            raise BoundaryRefused("bf_unreadable", error=error) from None
    return BoundaryFile(frame, DRIVERS[suffix], text)


def field_value(value) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def fields_of(frame) -> list[dict]:
    return [
        {"name": str(c), "samples": [field_value(v) for v in frame[c].head(3)]}
        for c in frame.columns
        if c != frame.geometry.name
    ]


def guess_field(names: list[str], guesses: tuple[str, ...]) -> str:
    lower = {n.lower(): n for n in names}
    return next((lower[g] for g in guesses if g in lower), "")


def crs_text(crs: CRS) -> str:
    epsg = crs.to_epsg()
    return f"EPSG:{epsg} {crs.name}" if epsg else crs.name
