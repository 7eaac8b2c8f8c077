"""Is an uploaded file what its name says? One content rule per format (magic bytes, zip members, text), shared by
the boundary reader, the data-import reader and plan files; a refusal names the file and what it really holds."""

from __future__ import annotations

import codecs
import io
import zipfile
from typing import NamedTuple

from .i18n import message

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc, .xls, a password-protected .xlsx/.docx
SQLITE_MAGIC = b"SQLite format 3\x00"
GPKG_APPLICATION_IDS = (b"GPKG", b"GP10", b"GP11")  # header offset 68: GeoPackage 1.2+, 1.0, 1.1
SHAPEFILE_CODE = (9994).to_bytes(4, "big")  # .shp and .shx: file code at offset 0
# dBASE version bytes (offset 0) that shapefile tools write: dBASE III/IV/5/7 with or without memo, FoxPro, Visual
# FoxPro. GDAL (shapelib) reads any of them.
DBASE_VERSIONS = frozenset({0x02, 0x03, 0x04, 0x05, 0x30, 0x31, 0x32, 0x43, 0x63, 0x83, 0x8B, 0xCB, 0xE5, 0xF5, 0xFB})
TEXT_ENCODINGS = ("utf-8-sig", "gb18030")


class WrongType(ValueError):
    """The content is not the format the name claims (or cannot be read as such): `message`, a text key of
    water_targets.i18n with its values."""

    def __init__(self, key: str, **fmt: object) -> None:
        self.message = message(key, **fmt)
        super().__init__(self.message.en)


class Kind(NamedTuple):
    key: str  # its words: a text key of water_targets.i18n
    binary: bool


def looks_like(data: bytes) -> Kind | None:
    """What the bytes really are (a well-known format, markup, JSON or plain text), for messages; None if unknown."""
    signatures = (
        (b"%PDF-", Kind("ft_kind_pdf", True)),
        (b"PK\x03\x04", Kind("ft_kind_zip", True)),
        (OLE2_MAGIC, Kind("ft_kind_ole", True)),
        (SQLITE_MAGIC, Kind("ft_kind_sqlite", True)),
        (b"\x1f\x8b", Kind("ft_kind_gzip", True)),
        (b"\x89PNG", Kind("ft_kind_png", True)),
        (b"\xff\xd8\xff", Kind("ft_kind_jpeg", True)),
    )
    for magic, kind in signatures:
        if data.startswith(magic):
            return kind
    head = data[:64].removeprefix(codecs.BOM_UTF8).lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html")):
        return Kind("ft_kind_html", False)
    if head.startswith(b"<"):
        return Kind("ft_kind_markup", False)
    if head.startswith((b"{", b"[")):
        return Kind("ft_kind_json", False)
    text = decode(data[:4096], TEXT_ENCODINGS, partial=True)
    if text is not None and "\x00" not in text:
        return Kind("ft_kind_text", False)
    return None


def _refuse(name: str, expected: str, data: bytes, hint: str = "") -> WrongType:
    """`name` is not `expected` (a text key), and what its content is when known; `hint`: a text key, what to do."""
    what = looks_like(data)
    seen = message("ft_content_is", what=message(what.key)) if what else ""
    return WrongType(
        "ft_not_expected", name=name, expected=message(expected), seen=seen, hint=message(hint) if hint else ""
    )


def _zip_names(data: bytes) -> set[str] | None:
    """Member names of a zip (the central directory only: nothing is inflated), None when not a zip."""
    if not data.startswith(b"PK"):
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return {i.filename for i in archive.infolist()}
    except Exception:  # BadZipFile, but a damaged directory can raise others too
        return None


# ---------------------------------------------------------------- boundary files


def geojson(name: str, data: bytes) -> None:
    """GeoJSON/JSON: UTF-8 JSON text (optional BOM, whitespace) starting with '{' — never XML, CSV or binary."""
    expected = "ft_expect_geojson"
    body = data.removeprefix(codecs.BOM_UTF8).lstrip(b" \t\r\n")
    if not body.startswith(b"{"):
        raise _refuse(name, expected, data)
    try:
        data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise WrongType("ft_geojson_not_utf8", name=name) from None


def geopackage(name: str, data: bytes) -> None:
    """A GeoPackage: the SQLite header and the GeoPackage application_id (GPKG, GP10, GP11) at offset 68."""
    if not data.startswith(SQLITE_MAGIC) or data[68:72] not in GPKG_APPLICATION_IDS:
        if data.startswith(SQLITE_MAGIC):
            raise WrongType("ft_sqlite_not_gpkg", name=name)
        raise _refuse(name, "ft_expect_gpkg", data)


def shapefile_geometry(name: str, data: bytes) -> None:
    """A Shapefile's .shp or .shx: file code 9994 (big-endian) at offset 0 and a 100-byte header."""
    if len(data) < 100 or not data.startswith(SHAPEFILE_CODE):
        raise _refuse(name, "ft_expect_shp_part", data)


def dbase(name: str, data: bytes) -> None:
    """A Shapefile's .dbf: a dBASE version byte and a 32-byte header."""
    if len(data) < 32 or data[0] not in DBASE_VERSIONS:
        raise _refuse(name, "ft_expect_dbf", data)


# ---------------------------------------------------------------- data imports


def xlsx(name: str, data: bytes) -> None:
    """An Excel workbook: a zip holding [Content_Types].xml and xl/workbook.xml."""
    members = _zip_names(data)
    if members is None or not {"[Content_Types].xml", "xl/workbook.xml"} <= members:
        raise _refuse(name, "ft_expect_xlsx", data, "ft_hint_xlsx")


def csv_text(name: str, data: bytes) -> str:
    """A CSV file's text: UTF-16 with its BOM (Excel's "Unicode text"), else UTF-8 (BOM optional) or GB18030; no NUL
    characters and no binary format."""
    what = looks_like(data)
    if what is not None and what.binary:
        raise WrongType("ft_csv_binary", name=name, what=message(what.key))
    utf16 = data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    text = decode(data, ("utf-16",) if utf16 else TEXT_ENCODINGS)
    if text is None:
        raise WrongType("ft_csv_encoding", name=name)
    if "\x00" in text:
        raise WrongType("ft_csv_nul", name=name)
    return text


def decode(data: bytes, encodings: tuple[str, ...], partial: bool = False) -> str | None:
    """The text in the first encoding that decodes all of it (partial: a prefix, which may end mid-character);
    None when none does (an unknown encoding name decodes nothing)."""
    for encoding in encodings:
        try:
            return codecs.getincrementaldecoder(encoding)().decode(data, final=not partial)
        except (UnicodeDecodeError, LookupError):
            continue
    return None


# ---------------------------------------------------------------- plan files


def pdf(name: str, data: bytes) -> None:
    if not data.startswith(b"%PDF-"):
        raise _refuse(name, "ft_expect_pdf", data)


def docx(name: str, data: bytes) -> None:
    members = _zip_names(data)
    if members is None or "word/document.xml" not in members:
        raise _refuse(name, "ft_expect_docx", data)


def doc(name: str, data: bytes) -> None:
    if not data.startswith(OLE2_MAGIC):
        raise _refuse(name, "ft_expect_doc", data)


def txt(name: str, data: bytes) -> None:
    text = decode(data, TEXT_ENCODINGS)
    if text is None or "\x00" in text:
        raise _refuse(name, "ft_expect_txt", data)


PLAN_CHECKS = {".pdf": pdf, ".docx": docx, ".doc": doc, ".txt": txt}
