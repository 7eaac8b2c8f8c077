"""Is an uploaded file what its name says? One content rule per format (magic bytes, zip members, text), shared by
the boundary reader, the data-import reader and plan files; a refusal names the file and what it really holds."""

from __future__ import annotations

import codecs
import io
import zipfile
from typing import NamedTuple

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc, .xls, a password-protected .xlsx/.docx
SQLITE_MAGIC = b"SQLite format 3\x00"
GPKG_APPLICATION_IDS = (b"GPKG", b"GP10", b"GP11")  # header offset 68: GeoPackage 1.2+, 1.0, 1.1
SHAPEFILE_CODE = (9994).to_bytes(4, "big")  # .shp and .shx: file code at offset 0
# dBASE version bytes (offset 0) that shapefile tools write: dBASE III/IV/5/7 with or without memo, FoxPro, Visual
# FoxPro. GDAL (shapelib) reads any of them.
DBASE_VERSIONS = frozenset({0x02, 0x03, 0x04, 0x05, 0x30, 0x31, 0x32, 0x43, 0x63, 0x83, 0x8B, 0xCB, 0xE5, 0xF5, 0xFB})
TEXT_ENCODINGS = ("utf-8-sig", "gb18030")


class WrongType(ValueError):
    """The content is not the format the name claims (or cannot be read as such); both languages."""

    def __init__(self, en: str, zh: str) -> None:
        super().__init__(en)
        self.en, self.zh = en, zh


class Kind(NamedTuple):
    en: str
    zh: str
    binary: bool


def looks_like(data: bytes) -> Kind | None:
    """What the bytes really are (a well-known format, markup, JSON or plain text), for messages; None if unknown."""
    signatures = (
        (b"%PDF-", Kind("a PDF document", "PDF 文档", True)),
        (b"PK\x03\x04", Kind("a zip archive", "zip 压缩包", True)),
        (OLE2_MAGIC, Kind("an old Office (OLE) file", "旧版 Office（OLE）文件", True)),
        (SQLITE_MAGIC, Kind("an SQLite database", "SQLite 数据库", True)),
        (b"\x1f\x8b", Kind("a gzip archive", "gzip 压缩文件", True)),
        (b"\x89PNG", Kind("a PNG image", "PNG 图片", True)),
        (b"\xff\xd8\xff", Kind("a JPEG image", "JPEG 图片", True)),
    )
    for magic, kind in signatures:
        if data.startswith(magic):
            return kind
    head = data[:64].removeprefix(codecs.BOM_UTF8).lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html")):
        return Kind("an HTML page", "HTML 网页", False)
    if head.startswith(b"<"):
        return Kind("XML or HTML markup", "XML/HTML 标记文本", False)
    if head.startswith((b"{", b"[")):
        return Kind("JSON text", "JSON 文本", False)
    text = decode(data[:4096], TEXT_ENCODINGS, partial=True)
    if text is not None and "\x00" not in text:
        return Kind("plain text", "纯文本", False)
    return None


def _refuse(name: str, expected: tuple[str, str], data: bytes, hint: tuple[str, str] = ("", "")) -> WrongType:
    what = looks_like(data)
    seen_en = f": its content is {what.en}" if what else ""
    seen_zh = f"：其内容是{what.zh}" if what else ""
    return WrongType(
        f"{name} is not {expected[0]}{seen_en}{hint[0]}",
        f"{name} 不是{expected[1]}{seen_zh}{hint[1]}",
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
    expected = ("a GeoJSON file (JSON text starting with '{')", "GeoJSON 文件（以“{”开头的 JSON 文本）")
    body = data.removeprefix(codecs.BOM_UTF8).lstrip(b" \t\r\n")
    if not body.startswith(b"{"):
        raise _refuse(name, expected, data)
    try:
        data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise WrongType(
            f"{name} is not UTF-8 text; GeoJSON must be saved as UTF-8",
            f"{name} 不是 UTF-8 文本；GeoJSON 必须以 UTF-8 编码保存",
        ) from None


def geopackage(name: str, data: bytes) -> None:
    """A GeoPackage: the SQLite header and the GeoPackage application_id (GPKG, GP10, GP11) at offset 68."""
    if not data.startswith(SQLITE_MAGIC) or data[68:72] not in GPKG_APPLICATION_IDS:
        kind = ("an SQLite database but not a GeoPackage", "SQLite 数据库而不是 GeoPackage")
        if data.startswith(SQLITE_MAGIC):
            raise WrongType(f"{name} is {kind[0]}", f"{name} 是{kind[1]}")
        raise _refuse(name, ("a GeoPackage (.gpkg)", "GeoPackage（.gpkg）文件"), data)


def shapefile_geometry(name: str, data: bytes) -> None:
    """A Shapefile's .shp or .shx: file code 9994 (big-endian) at offset 0 and a 100-byte header."""
    if len(data) < 100 or not data.startswith(SHAPEFILE_CODE):
        raise _refuse(name, ("a Shapefile part (.shp/.shx)", "Shapefile 组成文件（.shp/.shx）"), data)


def dbase(name: str, data: bytes) -> None:
    """A Shapefile's .dbf: a dBASE version byte and a 32-byte header."""
    if len(data) < 32 or data[0] not in DBASE_VERSIONS:
        raise _refuse(name, ("a dBASE table (.dbf)", "dBASE 属性表（.dbf）"), data)


# ---------------------------------------------------------------- data imports


def xlsx(name: str, data: bytes) -> None:
    """An Excel workbook: a zip holding [Content_Types].xml and xl/workbook.xml."""
    members = _zip_names(data)
    if members is None or not {"[Content_Types].xml", "xl/workbook.xml"} <= members:
        hint = (
            ": save it again as .xlsx in Excel and upload again",
            "：请在 Excel 中重新“另存为”.xlsx 后再上传",
        )
        raise _refuse(name, ("a valid .xlsx file", "有效的 .xlsx 文件"), data, hint)


def csv_text(name: str, data: bytes) -> str:
    """A CSV file's text: UTF-16 with its BOM (Excel's "Unicode text"), else UTF-8 (BOM optional) or GB18030; no NUL
    characters and no binary format."""
    what = looks_like(data)
    if what is not None and what.binary:
        raise WrongType(
            f"{name} is not a text CSV file: its content is {what.en}; upload the .xlsx, or save as CSV in Excel",
            f"{name} 不是文本格式的 CSV 文件：其内容是{what.zh}；请上传 .xlsx，或在 Excel 中“另存为”CSV",
        )
    utf16 = data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    text = decode(data, ("utf-16",) if utf16 else TEXT_ENCODINGS)
    if text is None:
        raise WrongType(
            f"{name}: the text encoding is not recognised: in Excel use Save As “CSV UTF-8 (Comma delimited)” "
            "and upload again",
            f"{name}：无法识别文件的文字编码：请在 Excel 中“另存为”“CSV UTF-8（逗号分隔）”后再上传",
        )
    if "\x00" in text:
        raise WrongType(
            f"{name} is not a text CSV file: upload the .xlsx, or save as CSV in Excel",
            f"{name} 不是文本格式的 CSV 文件：请上传 .xlsx，或在 Excel 中“另存为”CSV",
        )
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
        raise _refuse(name, ("a PDF file (it must start with %PDF-)", "PDF 文件（应以 %PDF- 开头）"), data)


def docx(name: str, data: bytes) -> None:
    members = _zip_names(data)
    if members is None or "word/document.xml" not in members:
        raise _refuse(name, ("a Word .docx file", "Word .docx 文件"), data)


def doc(name: str, data: bytes) -> None:
    if not data.startswith(OLE2_MAGIC):
        raise _refuse(name, ("a Word 97-2003 .doc file", "Word 97-2003 .doc 文件"), data)


def txt(name: str, data: bytes) -> None:
    text = decode(data, TEXT_ENCODINGS)
    if text is None or "\x00" in text:
        raise _refuse(name, ("a text file in UTF-8 or GB18030", "UTF-8 或 GB18030 编码的文本文件"), data)


PLAN_CHECKS = {".pdf": pdf, ".docx": docx, ".doc": doc, ".txt": txt}
