"""A plan document's text as the extractor reads it: PDF (its text layer, page by page), DOCX (paragraphs and
tables in body order) or plain text (UTF-8 or GB18030), the type judged from the content, not the file name.

The text is kept as read — no NFKC, full-width characters as printed — so that proposals can quote substrings by
their offsets; only line endings, ideographic spaces at line ends and zero-width characters are tidied. A file that
cannot be read raises ExtractError with a message naming it (encrypted, scanned, empty, too large, not a
document)."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from ..filetypes import OLE2_MAGIC, TEXT_ENCODINGS, decode, looks_like
from ..i18n import message

MAX_BYTES = 20 * 1024 * 1024
# A PDF whose pages hold fewer non-space characters than this in all is taken as scanned (images only).
MIN_PDF_CHARS = 20
# Share of control characters (other than tab, newline, carriage return, form feed) above which decoded bytes are
# not text but binary that happened to decode.
MAX_CONTROL_SHARE = 0.01

_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))
_IDEOGRAPHIC_SPACE_AT_END = re.compile(r"\u3000+(?=\n|\Z)")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


class ExtractError(ValueError):
    """A file the extractor cannot read; the message names the file and says why (and what to do)."""


@dataclass(frozen=True)
class ReadText:
    """The text read from one file. `pages`: the character offset where each page starts (PDF only)."""

    name: str
    kind: str  # 'pdf' | 'docx' | 'txt'
    text: str
    pages: tuple[int, ...] = ()


def normalise(text: str) -> str:
    """Line endings as "\\n", ideographic spaces at line ends and zero-width characters dropped; nothing else."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_ZERO_WIDTH)
    return _IDEOGRAPHIC_SPACE_AT_END.sub("", text)


def read_text(text: str, name: str = "pasted text") -> ReadText:
    """Pasted text as the extractor reads it."""
    return ReadText(name=name, kind="txt", text=normalise(text))


CLAIMS = {".pdf": "pdf", ".docx": "docx", ".txt": "txt", ".text": "txt"}  # a name's type, where it says one


def read_document(data: bytes, name: str) -> ReadText:
    """The text of a PDF, DOCX or TXT file (`name` is used in messages only). Raises ExtractError."""
    if not data:
        raise ExtractError(f"{name}: the file is empty")
    if len(data) > MAX_BYTES:
        raise ExtractError(
            f"{name}: the file is {len(data) / 1024 / 1024:.1f} MB, larger than the {MAX_BYTES // 1024 // 1024} MB "
            "a plan document may have"
        )
    claimed = CLAIMS.get(Path(name).suffix.lower())
    found = "pdf" if data.startswith(b"%PDF") else "docx" if data.startswith(b"PK\x03\x04") else None
    # A file is read only as what its name says it is: a '.pdf' that is not a PDF is refused, not guessed at.
    if claimed is not None and found != (None if claimed == "txt" else claimed):
        raise ExtractError(f"{name}: the name says {claimed.upper()}, but the file is not one")
    if found == "pdf":
        return _read_pdf(data, name)
    if found == "docx":
        return _read_docx(data, name)
    if data.startswith(OLE2_MAGIC):
        raise ExtractError(
            f"{name}: this is a Word 97–2003 (DOC) or WPS file, or a password-protected DOCX, which the extractor "
            "does not read: open it in Word or WPS, save it as DOCX (without a password) and try again"
        )
    return _read_txt(data, name)


def _not_a_document(data: bytes, name: str) -> ExtractError:
    kind = looks_like(data)
    seen = f" (it looks like {message(kind.key).text('en')})" if kind and kind.binary else ""
    return ExtractError(f"{name}: not a document the extractor reads{seen}: give a PDF, DOCX or TXT file")


# ---------------------------------------------------------------- PDF


def _read_pdf(data: bytes, name: str) -> ReadText:
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfplumber.utils.exceptions import PdfminerException

    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            texts = [normalise(page.extract_text() or "") for page in pdf.pages]
    except Exception as exc:  # pdfminer raises many kinds (PSEOF, PDFSyntaxError, KeyError …) for a broken file
        # pdfplumber wraps pdfminer's exception as the first argument of its own
        cause = exc.args[0] if isinstance(exc, PdfminerException) and exc.args else exc
        if isinstance(cause, PDFPasswordIncorrect | PDFEncryptionError):
            raise ExtractError(
                f"{name}: the PDF is encrypted (password-protected): save it without a password and try again"
            ) from exc
        raise ExtractError(f"{name}: the PDF cannot be read ({type(cause).__name__}); it may be damaged") from exc
    if sum(len("".join(t.split())) for t in texts) < MIN_PDF_CHARS:
        raise ExtractError(
            f"{name}: the PDF has no text layer (a scanned document, {len(texts)} page(s) of images); "
            "there is no OCR in this step: give the DOCX or a PDF with text"
        )
    starts, offset = [], 0
    for text in texts:
        starts.append(offset)
        offset += len(text) + 1
    return ReadText(name=name, kind="pdf", text="\n".join(texts), pages=tuple(starts))


# ---------------------------------------------------------------- DOCX


def _read_docx(data: bytes, name: str) -> ReadText:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = set(archive.namelist())
    except (zipfile.BadZipFile, OSError) as exc:
        raise ExtractError(f"{name}: a damaged zip archive, not a readable DOCX") from exc
    if "word/document.xml" not in members:
        raise ExtractError(
            f"{name}: a zip archive but not a DOCX (it has no word/document.xml): give a PDF, DOCX or TXT file"
        )
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises KeyError, ValueError, lxml errors … for a broken package
        raise ExtractError(f"{name}: the DOCX cannot be read ({exc.__class__.__name__}); it may be damaged") from exc
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
    return ReadText(name=name, kind="docx", text=normalise("\n".join(lines)))


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


# ---------------------------------------------------------------- TXT


def _read_txt(data: bytes, name: str) -> ReadText:
    text = decode(data, TEXT_ENCODINGS)
    if text is None or "\x00" in text:
        raise _not_a_document(data, name)
    if len(_CONTROL.findall(text)) > MAX_CONTROL_SHARE * len(text):
        raise _not_a_document(data, name)
    text = normalise(text)
    if not text.strip():
        raise ExtractError(f"{name}: the file holds no text")
    return ReadText(name=name, kind="txt", text=text)
