"""A plan document's text as the extractor reads it: PDF (its text layer, page by page), DOCX (paragraphs and
tables in body order), Word 97–2003 DOC and WPS (converted to DOCX by LibreOffice) or plain text (UTF-8, GB18030 or
Big5), the type judged from the content, not the file name.

The text is kept as read — no NFKC, full-width characters as printed — so that proposals can quote substrings by
their offsets; only line endings, ideographic spaces at line ends and zero-width characters are tidied. Beside it,
`plain` is the same text with traditional characters as simplified ones, character for character (OpenCC), so that
rules written in simplified Chinese read traditional-character plans at the same offsets. A file that cannot be
read raises ExtractError with a message naming it (encrypted, scanned, empty, too large, not a document), in
Chinese and English (its `message`, texts exr_* of water_targets.i18n)."""

from __future__ import annotations

import functools
import io
import os
import re
import shutil
import signal
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from ..filetypes import OLE2_MAGIC, decode, looks_like
from ..i18n import Message, message

MAX_BYTES = 20 * 1024 * 1024
# A PDF whose pages hold fewer non-space characters than this in all is taken as scanned (images only).
MIN_PDF_CHARS = 20
# Share of control characters (other than tab, newline, carriage return, form feed) above which decoded bytes are
# not text but binary that happened to decode.
MAX_CONTROL_SHARE = 0.01
# Seconds LibreOffice may take to convert one DOC or WPS file to DOCX (a cold start with a fresh profile is ~5 s).
SOFFICE_TIMEOUT = 60
# Bytes that are not UTF-8 are GB18030 (which includes GBK and GB2312) unless fewer than this share of the Han
# characters they decode to are common ones (in GB2312 once simplified) — Big5 read as GB18030 gives about half —
# and Big5 gives more.
MIN_COMMON_HAN_SHARE = 0.9
BIG5_ENCODINGS = ("cp950", "big5hkscs")  # Big5 as Windows writes it, then with the Hong Kong characters

_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))
_IDEOGRAPHIC_SPACE_AT_END = re.compile(r"\u3000+(?=\n|\Z)")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")


class ExtractError(ValueError):
    """A file the extractor cannot read; its `message` (a Message, shown in the reader's language) names the file
    and says why (and what to do). `str()` is the English text."""

    def __init__(self, words: Message) -> None:
        self.message = words
        super().__init__(words.en)

    def __reduce__(self) -> tuple:  # pickled with its Message, not its English text
        return type(self), (self.message,)


@dataclass(frozen=True)
class ReadText:
    """The text read from one file. `pages`: the character offset where each page starts (PDF only). `plain`: the
    text with traditional characters as simplified ones, of the same length (an offset in one is the same character
    in the other); the reader fills it in, and it is `text` itself when not given."""

    name: str
    kind: str  # 'pdf' | 'docx' | 'doc' | 'wps' | 'txt'
    text: str
    pages: tuple[int, ...] = ()
    plain: str = ""

    def __post_init__(self) -> None:
        if not self.plain:
            object.__setattr__(self, "plain", self.text)
        elif len(self.plain) != len(self.text):
            raise ValueError(f"{self.name}: plain has {len(self.plain)} characters, text {len(self.text)}")


def normalise(text: str) -> str:
    """Line endings as "\\n", ideographic spaces at line ends and zero-width characters dropped; nothing else."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_ZERO_WIDTH)
    return _IDEOGRAPHIC_SPACE_AT_END.sub("", text)


def simplified(text: str) -> str:
    """`text` with each traditional character as its simplified one (OpenCC's t2s), of the same length: where a
    phrase rule would change the length of a line (rare), that line is mapped character by character. Only Han
    characters change; full-width digits, letters and punctuation stay as printed."""
    if not _HAN.search(text):
        return text
    converter = _t2s()
    converted = converter.convert(text)
    if _aligned(text, converted):
        return converted
    lines = []
    for line in text.split("\n"):
        converted = converter.convert(line)
        lines.append(converted if _aligned(line, converted) else "".join(map(_simplified_character, line)))
    return "\n".join(lines)


@functools.cache
def _t2s():  # an opencc.OpenCC, imported here: reading a text without Han characters needs no OpenCC
    import opencc

    return opencc.OpenCC("t2s")


def _aligned(text: str, converted: str) -> bool:
    """Whether `converted` is `text` character for character: the same length, changed only where both are Han."""
    return len(converted) == len(text) and all(
        _HAN.fullmatch(a) and _HAN.fullmatch(b) for a, b in zip(text, converted, strict=True) if a != b
    )


@functools.lru_cache(maxsize=65536)
def _simplified_character(character: str) -> str:
    converted = _t2s().convert(character)
    return converted if len(converted) == 1 and _aligned(character, converted) else character


def _read(name: str, kind: str, text: str, pages: tuple[int, ...] = ()) -> ReadText:
    return ReadText(name=name, kind=kind, text=text, pages=pages, plain=simplified(text))


def read_text(text: str, name: str = "pasted text") -> ReadText:
    """Pasted text as the extractor reads it."""
    return _read(name, "txt", normalise(text))


# A name's type, where it says one; 'ole': an OLE2 compound file (Word 97–2003 or WPS).
CLAIMS = {".pdf": "pdf", ".docx": "docx", ".doc": "ole", ".wps": "ole", ".txt": "txt", ".text": "txt"}
CLAIM_WORDS = {"pdf": "PDF", "docx": "DOCX", "txt": "TXT"}


def read_document(data: bytes, name: str) -> ReadText:
    """The text of a PDF, DOCX, DOC, WPS or TXT file (`name` is used in messages only). Raises ExtractError."""
    if not data:
        raise ExtractError(message("exr_empty", name=name))
    if len(data) > MAX_BYTES:
        mb, limit = f"{len(data) / 1024 / 1024:.1f}", MAX_BYTES // 1024 // 1024
        raise ExtractError(message("exr_too_large", name=name, mb=mb, limit=limit))
    suffix = Path(name).suffix.lower()
    claimed = CLAIMS.get(suffix)
    found = (
        "pdf" if data.startswith(b"%PDF")
        else "docx" if data.startswith(b"PK\x03\x04")
        else "ole" if data.startswith(OLE2_MAGIC)
        else None
    )  # fmt: skip
    # A file is read only as what its name says it is: a '.pdf' that is not a PDF is refused, not guessed at.
    if claimed is not None and found != (None if claimed == "txt" else claimed):
        said = CLAIM_WORDS.get(claimed, suffix[1:].upper())
        raise ExtractError(message("exr_name_mismatch", name=name, said=said))
    if found == "pdf":
        return _read_pdf(data, name)
    if found == "docx":
        return _read_docx(data, name)
    if found == "ole":
        return _read_doc(data, name, "wps" if suffix == ".wps" else "doc")
    return _read_txt(data, name)


def _not_a_document(data: bytes, name: str) -> ExtractError:
    kind = looks_like(data)
    seen = message("exr_looks_like", what=message(kind.key)) if kind and kind.binary else ""
    return ExtractError(message("exr_not_document", name=name, seen=seen))


# ---------------------------------------------------------------- PDF


def _read_pdf(data: bytes, name: str) -> ReadText:
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfplumber.utils.exceptions import PdfminerException

    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            texts = []
            for page in pdf.pages:
                texts.append(normalise(page.extract_text() or ""))
                # Drop the page's parsed objects (pdfplumber keeps every page's otherwise): memory stays at about
                # one page's, ~40 MB rather than ~220 MB for 57 pages, and the collector has less to walk.
                page.close()
    except Exception as exc:  # pdfminer raises many kinds (PSEOF, PDFSyntaxError, KeyError …) for a broken file
        # pdfplumber wraps pdfminer's exception as the first argument of its own
        cause = exc.args[0] if isinstance(exc, PdfminerException) and exc.args else exc
        if isinstance(cause, PDFPasswordIncorrect | PDFEncryptionError):
            raise ExtractError(message("exr_pdf_encrypted", name=name)) from exc
        raise ExtractError(message("exr_pdf_damaged", name=name, error=type(cause).__name__)) from exc
    if sum(len("".join(t.split())) for t in texts) < MIN_PDF_CHARS:
        raise ExtractError(message("exr_pdf_scanned", name=name, pages=len(texts)))
    starts, offset = [], 0
    for text in texts:
        starts.append(offset)
        offset += len(text) + 1
    return _read(name, "pdf", "\n".join(texts), tuple(starts))


# ---------------------------------------------------------------- DOCX


def _read_docx(data: bytes, name: str, kind: str = "docx") -> ReadText:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = set(archive.namelist())
    except (zipfile.BadZipFile, OSError) as exc:
        raise ExtractError(message("exr_zip_damaged", name=name)) from exc
    if "word/document.xml" not in members:
        raise ExtractError(message("exr_zip_not_docx", name=name))
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises KeyError, ValueError, lxml errors … for a broken package
        raise ExtractError(message("exr_docx_damaged", name=name, error=exc.__class__.__name__)) from exc
    lines: list[str] = []

    def walk(parent: object) -> None:
        for child in parent.iterchildren():  # type: ignore[attr-defined]
            tag = child.tag.rsplit("}", 1)[-1]
            if tag == "p":
                lines.append(Paragraph(child, document).text)
            elif tag == "tbl":
                lines.extend(_table_lines(Table(child, document)))
            elif tag == "sdt":  # a content control: its paragraphs and tables are in sdtContent
                for content in child.iterchildren():
                    if content.tag.endswith("}sdtContent"):
                        walk(content)

    walk(document.element.body)
    return _read(name, kind, normalise("\n".join(lines)))


def _table_lines(table: object) -> list[str]:
    """Each row as one line, its cells joined by a tab; a merged cell once; a cell's paragraphs joined as one."""
    lines = []
    for row in table.rows:  # type: ignore[attr-defined]
        cells, seen = [], []
        for cell in row.cells:
            if any(cell._tc is tc for tc in seen):  # a horizontally merged cell is listed once per column it spans
                continue
            seen.append(cell._tc)
            cells.append("".join(p.text for p in cell.paragraphs))
        lines.append("\t".join(cells))
    return lines


# ---------------------------------------------------------------- DOC and WPS

# What an OLE2 file that is not a Word document holds, by the stream that tells (for the refusal).
_OLE_HOLDS = (
    ("Workbook", "exr_ole_excel"),
    ("Book", "exr_ole_excel95"),
    ("PowerPoint Document", "exr_ole_powerpoint"),
    ("__substg1.0_0037001F", "exr_ole_outlook"),
    ("VisioDocument", "exr_ole_visio"),
)
_SAVE_AS_DOCX = message("exr_save_as_docx")  # the advice closing each refusal of a DOC or WPS file


def _read_doc(data: bytes, name: str, kind: str) -> ReadText:
    """A Word 97–2003 (DOC) or WPS file, which is an OLE2 compound file holding a WordDocument stream: checked with
    olefile (not encrypted, really a Word document), converted to DOCX by LibreOffice, read as a DOCX."""
    _check_word_ole(data, name)
    read = _read_docx(_soffice_to_docx(data, name, kind), name, kind)
    if not read.text.strip():  # LibreOffice opens a damaged Word file as an empty document
        raise ExtractError(message("exr_doc_no_text", name=name, kind=kind.upper(), save=_SAVE_AS_DOCX))
    return read


def _check_word_ole(data: bytes, name: str) -> None:
    import olefile

    try:
        with olefile.OleFileIO(data) as ole:
            if ole.exists("EncryptionInfo") or ole.exists("EncryptedPackage"):
                raise ExtractError(message("exr_office_encrypted", name=name, save=_SAVE_AS_DOCX))
            if not ole.exists("WordDocument"):
                what = next((key for stream, key in _OLE_HOLDS if ole.exists(stream)), None)
                holds = message("exr_ole_holds", what=message(what)) if what else ""
                raise ExtractError(message("exr_ole_not_word", name=name, holds=holds))
            with ole.openstream("WordDocument") as stream:
                fib = stream.read(12)
    except ExtractError:
        raise
    except Exception as exc:  # olefile raises OSError, struct.error, IndexError … for a damaged file
        raise ExtractError(message("exr_doc_damaged", name=name, error=type(exc).__name__, save=_SAVE_AS_DOCX)) from exc
    # The FIB's flags (offset 0x0A): fEncrypted 0x0100, fObfuscated 0x8000 (XOR-obfuscated).
    if len(fib) >= 12 and int.from_bytes(fib[10:12], "little") & 0x8100:
        raise ExtractError(message("exr_doc_encrypted", name=name, save=_SAVE_AS_DOCX))


def soffice() -> str | None:
    """LibreOffice's command, if installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def _soffice_to_docx(data: bytes, name: str, kind: str) -> bytes:
    """The DOCX that LibreOffice, headless, writes for a DOC or WPS file. Each conversion has its own folder and its
    own LibreOffice profile, so that conversions running at once do not share (or wait on) one; the program runs
    without a shell, the uploaded file under a fixed name, and is killed (its whole process group) after
    SOFFICE_TIMEOUT seconds. No macro runs: LibreOffice's default security level (high) runs no unsigned document
    macro, and a Word file's VBA is not loaded as executable code by default."""
    program = soffice()
    if program is None:
        raise ExtractError(message("exr_no_soffice", name=name, save=_SAVE_AS_DOCX))
    with tempfile.TemporaryDirectory(prefix="water-targets-doc-", ignore_cleanup_errors=True) as folder:
        source = Path(folder) / f"document.{kind}"
        source.write_bytes(data)
        command = [
            program, f"-env:UserInstallation={(Path(folder) / 'profile').as_uri()}", "--headless", "--invisible",
            "--nologo", "--nodefault", "--norestore", "--nolockcheck", "--convert-to", "docx:MS Word 2007 XML",
            "--outdir", str(Path(folder) / "out"), str(source),
        ]  # fmt: skip
        process = subprocess.Popen(
            command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, cwd=folder,
            start_new_session=True,
        )  # fmt: skip
        try:
            # returns once every process of the conversion has let go of its output: none is left running
            output, _ = process.communicate(timeout=SOFFICE_TIMEOUT)
        except subprocess.TimeoutExpired:
            _kill_group(process)
            raise ExtractError(
                message("exr_soffice_timeout", name=name, seconds=SOFFICE_TIMEOUT, save=_SAVE_AS_DOCX)
            ) from None
        result = Path(folder) / "out" / "document.docx"
        if process.returncode != 0 or not result.is_file() or result.stat().st_size == 0:
            errors = [line for line in output.decode("utf-8", "replace").splitlines() if line.startswith("Error")]
            said = " ".join(" ".join(errors).split())[:200]  # e.g. 'Error: source file could not be loaded'
            said_so = message("exr_soffice_said", said=said) if said else ""
            raise ExtractError(
                message("exr_soffice_failed", name=name, kind=kind.upper(), said=said_so, save=_SAVE_AS_DOCX)
            )
        return result.read_bytes()


def _kill_group(process: subprocess.Popen) -> None:
    """Kill the process group that `process` leads (it was started with start_new_session, and is not reaped yet,
    so the group's id is still its own), then reap it."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    process.communicate()


# ---------------------------------------------------------------- TXT


def _read_txt(data: bytes, name: str) -> ReadText:
    text = _decode_text(data)
    if text is None or "\x00" in text:
        raise _not_a_document(data, name)
    if len(_CONTROL.findall(text)) > MAX_CONTROL_SHARE * len(text):
        raise _not_a_document(data, name)
    text = normalise(text)
    if not text.strip():
        raise ExtractError(message("exr_no_text", name=name))
    return _read(name, "txt", text)


def _decode_text(data: bytes) -> str | None:
    """UTF-8 (BOM optional); else GB18030, unless its Han characters look like Big5 read as GB18030 (few common
    ones) and Big5 reads the bytes with more — Big5 bytes are nearly always valid GB18030 too, as mojibake."""
    text = decode(data, ("utf-8-sig",))
    if text is not None:
        return text
    text = decode(data, ("gb18030",))
    share = _common_han_share(text) if text is not None else 0.0
    if share >= MIN_COMMON_HAN_SHARE:
        return text
    big5 = decode(data, BIG5_ENCODINGS)
    if big5 is not None and _common_han_share(big5) > share:
        return big5
    return text


def _common_han_share(text: str, sample: int = 20000) -> float:
    """The share of Han characters (in the first `sample` characters) that are common ones: in GB2312 once
    simplified. 1.0 when there are none."""
    han = _HAN.findall(simplified(text[:sample]))
    return sum(map(_in_gb2312, han)) / len(han) if han else 1.0


@functools.lru_cache(maxsize=65536)
def _in_gb2312(character: str) -> bool:
    try:
        character.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True
