"""The extractor's reading of more formats (water_targets/extract/text.py): Word 97–2003 DOC and WPS files through
LibreOffice, traditional characters read as simplified ones in `plain` at the same offsets, and TXT in GBK or Big5.

The DOC tests make real files with LibreOffice; they are skipped where it is missing, except in CI (CI set), which
must run them (scripts/ensure_system_deps.sh installs libreoffice-writer)."""

from __future__ import annotations

import io
import os
import shutil
import struct
import subprocess
import tempfile
import threading
from pathlib import Path

import pytest

from water_targets.extract import ExtractError, ReadText, read_document
from water_targets.extract import text as reading
from water_targets.extract.text import read_text, simplified

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
needs_soffice = pytest.mark.skipif(
    not SOFFICE and not os.environ.get("CI"), reason="LibreOffice (soffice) missing: scripts/ensure_system_deps.sh"
)

PLAN_LINES = [
    "一、工作目标",
    "到2025年，全市用水总量控制在20.23亿立方米以内，万元地区生产总值用水量较2020年下降16%。",
    "行政区\t用水总量（亿立方米）\t农田灌溉水有效利用系数",
    "红山区\t0.5800\t0.66",
    "附件",
]


def docx_bytes() -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph(PLAN_LINES[0])
    document.add_paragraph(PLAN_LINES[1])
    table = document.add_table(rows=2, cols=3)
    for row, line in zip(table.rows, PLAN_LINES[2:4], strict=True):
        for cell, text in zip(row.cells, line.split("\t"), strict=True):
            cell.text = text
    document.add_paragraph(PLAN_LINES[4])
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def convert(folder: Path, source: Path, to: str) -> bytes:
    """`source` converted by LibreOffice, headless, with a profile of its own; the bytes of the file written."""
    assert SOFFICE, "LibreOffice (soffice) is missing: scripts/ensure_system_deps.sh installs libreoffice-writer"
    command = [SOFFICE, f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless", "--convert-to", to]
    subprocess.run([*command, "--outdir", str(folder), str(source)], check=True, capture_output=True, timeout=180)
    return (folder / f"{source.stem}.{to.split(':')[0]}").read_bytes()


@pytest.fixture(scope="module")
def doc_file(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """A Word 97–2003 file of the plan, as LibreOffice writes it from a DOCX (python-docx)."""
    folder = tmp_path_factory.mktemp("doc")
    (folder / "plan.docx").write_bytes(docx_bytes())
    data = convert(folder, folder / "plan.docx", "doc")
    assert data.startswith(reading.OLE2_MAGIC)
    return data


# ---------------------------------------------------------------- a hand-made OLE2 compound file

FREE, END, FAT_SECTOR, NO_STREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF


def ole_bytes(streams: dict[str, bytes]) -> bytes:
    """A minimal compound file (version 3, 512-byte sectors) holding up to three streams of at most 4096 bytes,
    each padded to 4096 so that it lives in the FAT (not the mini stream): sector 0 the FAT, 1 the directory."""
    assert 1 <= len(streams) <= 3
    header = bytearray(512)
    header[:8] = reading.OLE2_MAGIC
    struct.pack_into("<HHHHH", header, 24, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<IIIIIIIII", header, 40, 0, 1, 1, 0, 4096, END, 0, END, 0)
    struct.pack_into("<109I", header, 76, 0, *([FREE] * 108))

    def entry(name: str, kind: int, child: int = NO_STREAM, right: int = NO_STREAM, start: int = END) -> bytes:
        raw = bytearray(128)
        encoded = name.encode("utf-16-le") + b"\0\0"
        raw[: len(encoded)] = encoded
        struct.pack_into("<HBBIII", raw, 64, len(encoded), kind, 1, NO_STREAM, right, child)
        struct.pack_into("<IQ", raw, 116, start, 0 if kind == 5 else 4096)
        return bytes(raw)

    fat, directory, data = [FAT_SECTOR, END], bytearray(entry("Root Entry", 5, child=1)), bytearray()
    for number, (name, body) in enumerate(streams.items(), start=1):
        start = 2 + len(data) // 512
        fat += [*range(start + 1, start + 8), END]
        directory += entry(name, 2, right=number + 1 if number < len(streams) else NO_STREAM, start=start)
        data += body.ljust(4096, b"\0")
    for _unused in range(len(streams) + 1, 4):  # unused directory entries
        directory += b"\0" * 68 + struct.pack("<III", NO_STREAM, NO_STREAM, NO_STREAM) + b"\0" * 48
    return bytes(header + struct.pack("<128I", *fat, *([FREE] * (128 - len(fat)))) + directory + data)


def fib(flags: int = 0) -> bytes:
    """The start of a WordDocument stream: the FIB's wIdent (Word 97), nFib and the flags at offset 0x0A."""
    return struct.pack("<HHHHHH", 0xA5EC, 0xC1, 0, 0x0804, 0, flags) + b"\x01" * 500


# ---------------------------------------------------------------- DOC and WPS


@needs_soffice
def test_a_doc_file_is_read_through_libreoffice_with_its_table_rows(doc_file: bytes) -> None:
    read = read_document(doc_file, "plan.doc")
    assert read.kind == "doc" and read.name == "plan.doc"
    assert read.text == "\n".join(PLAN_LINES)
    assert "红山区\t0.5800\t0.66" in read.text.splitlines()
    quote = "20.23亿立方米"
    assert read.text[read.text.index(quote) :].startswith(quote) and read.plain == read.text


@needs_soffice
def test_a_wps_file_or_an_ole_file_without_a_type_in_its_name_is_read_too(doc_file: bytes) -> None:
    assert read_document(doc_file, "计划.wps").kind == "wps"
    assert read_document(doc_file, "计划").kind == "doc"  # by the content where the name says nothing
    assert read_document(doc_file, "计划.WPS").text == "\n".join(PLAN_LINES)


@needs_soffice
def test_conversions_at_once_do_not_clash(doc_file: bytes) -> None:
    results: list[object] = [None, None]

    def read(index: int) -> None:
        try:
            results[index] = read_document(doc_file, f"plan{index}.doc").text
        except Exception as exc:  # reported below
            results[index] = exc

    threads = [threading.Thread(target=read, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=240)
    assert results == ["\n".join(PLAN_LINES)] * 2


@needs_soffice
def test_an_ole_file_that_is_not_a_word_document_is_refused_naming_what_it_holds(tmp_path: Path) -> None:
    (tmp_path / "table.csv").write_text("行政区,用水总量\n红山区,0.58\n", encoding="utf-8")
    xls = convert(tmp_path, tmp_path / "table.csv", "xls")
    assert xls.startswith(reading.OLE2_MAGIC)
    with pytest.raises(
        ExtractError, match=r"table\.doc: an Office 97–2003 \(OLE2\) file but not a Word or WPS .*Excel"
    ):
        read_document(xls, "table.doc")


@needs_soffice
def test_a_damaged_word_file_that_libreoffice_opens_empty_is_refused() -> None:
    with pytest.raises(ExtractError, match=r"junk\.doc: no text was read from the DOC file .*save it as DOCX"):
        read_document(ole_bytes({"WordDocument": fib(), "1Table": b"\0" * 64}), "junk.doc")


def test_a_doc_that_is_really_a_zip_is_refused() -> None:
    with pytest.raises(ExtractError, match=r"plan\.doc: the name says DOC, but the file is not one"):
        read_document(b"PK\x03\x04" + b"\0" * 100, "plan.doc")
    with pytest.raises(ExtractError, match=r"plan\.wps: the name says WPS, but the file is not one"):
        read_document("这不是WPS".encode(), "plan.wps")


@pytest.mark.parametrize(
    ("data", "pattern"),
    [
        (
            reading.OLE2_MAGIC + b"\0" * 600,
            r"plan\.doc: a Word 97–2003 \(DOC\) or WPS file that cannot be read .*damaged",
        ),
        (ole_bytes({"Workbook": b"\x09\x08"}), r"plan\.doc: .*not a Word or WPS document \(it holds an Excel 97–2003"),
        (ole_bytes({"Contents": b"?"}), r"plan\.doc: an Office 97–2003 \(OLE2\) file but not a Word or WPS document:"),
        (
            ole_bytes({"EncryptionInfo": b"\x04\x00\x04\x00", "EncryptedPackage": b"\x10"}),
            r"plan\.doc: a password-protected \(encrypted\) DOCX or other Office file: .*DOCX \(without a password\)",
        ),
        (ole_bytes({"WordDocument": fib(0x0100)}), r"plan\.doc: the DOC file is encrypted \(password-protected\)"),
        (ole_bytes({"WordDocument": fib(0x8000)}), r"plan\.doc: the DOC file is encrypted"),
    ],
    ids=["header-only", "excel", "unknown", "encrypted-docx", "encrypted-doc", "obfuscated-doc"],
)
def test_an_ole_file_that_cannot_be_converted_is_refused_before_libreoffice_runs(
    data: bytes, pattern: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(reading, "soffice", lambda: pytest.fail("LibreOffice must not be run"))
    with pytest.raises(ExtractError, match=pattern):
        read_document(data, "plan.doc")


def test_without_libreoffice_a_doc_is_refused_with_the_advice_to_save_it_as_docx(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(reading.shutil, "which", lambda name: None)
    assert reading.soffice() is None
    with pytest.raises(ExtractError, match=r"plan\.doc: .*LibreOffice is not installed here: .*save it as DOCX"):
        read_document(ole_bytes({"WordDocument": fib()}), "plan.doc")


def fake_soffice(tmp_path: Path, body: str) -> str:
    program = tmp_path / "fake-soffice"
    program.write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
    program.chmod(0o755)
    return str(program)


def test_a_conversion_that_takes_too_long_is_stopped_and_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    pids = tmp_path / "pids"
    # a child of its own (as soffice.bin is of the soffice script), then the script itself waits
    program = fake_soffice(tmp_path, f"sleep 60 & echo $! >> {pids}\necho $$ >> {pids}\nwait")
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(reading, "soffice", lambda: program)
    monkeypatch.setattr(reading, "SOFFICE_TIMEOUT", 1)
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    with pytest.raises(ExtractError, match=r"slow\.doc: LibreOffice took more than 1 s .*stopped"):
        read_document(ole_bytes({"WordDocument": fib()}), "slow.doc")
    started = [int(p) for p in pids.read_text().split()]
    assert len(started) == 2
    for pid in started:  # killed (at most a zombie waiting for its parent to reap it), not still sleeping
        status = Path(f"/proc/{pid}/status")
        state = status.read_text().split("State:")[1].split()[0] if status.exists() else "gone"
        assert state in {"gone", "Z"}, (pid, state)
    assert list(scratch.iterdir()) == []  # the private folder (and profile) is removed


def test_a_conversion_that_writes_nothing_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    program = fake_soffice(tmp_path, 'echo "Error: source file could not be loaded"')
    monkeypatch.setattr(reading, "soffice", lambda: program)
    with pytest.raises(ExtractError, match=r"x\.wps: LibreOffice could not convert the WPS file \(Error: source file"):
        read_document(ole_bytes({"WordDocument": fib()}), "x.wps")


def test_the_uploaded_name_never_reaches_the_command_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    argv = tmp_path / "argv"
    program = fake_soffice(tmp_path, f'for a in "$@"; do echo "$a" >> {argv}; done')
    monkeypatch.setattr(reading, "soffice", lambda: program)
    with pytest.raises(ExtractError):
        read_document(ole_bytes({"WordDocument": fib()}), "; rm -rf ~ $(id).doc")
    args = argv.read_text(encoding="utf-8").splitlines()
    assert "--headless" in args and "--convert-to" in args and args[-1].endswith("/document.doc")
    assert any(a.startswith("-env:UserInstallation=file:///") for a in args)
    assert not any("rm -rf" in a for a in args)


# ---------------------------------------------------------------- traditional characters

TRADITIONAL = (
    "二、主要目標\n到２０２５年，全市用水總量控制在20.23億立方米以內，萬元國內生產總值用水量較2020年下降１６％，"
    "農田灌溉水有效利用係數提高到０．５８以上。「節水型社會」建設覆蓋率達到80%。"
)
SIMPLIFIED = (
    "二、主要目标\n到２０２５年，全市用水总量控制在20.23亿立方米以内，万元国内生产总值用水量较2020年下降１６％，"
    "农田灌溉水有效利用系数提高到０．５８以上。「节水型社会」建设覆盖率达到80%。"
)


def test_a_traditional_passage_is_read_as_simplified_in_plain_at_the_same_offsets() -> None:
    read = read_document(TRADITIONAL.encode("utf-8"), "hk.txt")
    assert read.text == TRADITIONAL  # as printed
    assert read.plain == SIMPLIFIED and len(read.plain) == len(read.text)
    start = read.plain.index("用水总量")
    assert read.text[start : start + 4] == "用水總量"
    assert read_text(TRADITIONAL).plain == SIMPLIFIED


def test_simplified_text_and_full_width_forms_are_left_as_they_are() -> None:
    assert simplified(SIMPLIFIED) == SIMPLIFIED
    full_width = "０１２３４５６７８９％．，ＡＢＣａｂｃ（一）：；"
    assert simplified(full_width) == full_width
    assert simplified("") == "" and simplified("abc 123") == "abc 123"
    plan = "到2025年，全市用水总量控制在20.23亿立方米以内。"
    assert read_document(plan.encode(), "plan.txt").plain == plan


def test_a_docx_in_traditional_characters_has_its_plain_text_too() -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("用水總量控制在20.23億立方米以內")
    out = io.BytesIO()
    document.save(out)
    read = read_document(out.getvalue(), "tw.docx")
    assert read.text == "用水總量控制在20.23億立方米以內" and read.plain == "用水总量控制在20.23亿立方米以内"


def test_where_a_phrase_rule_changes_a_line_s_length_that_line_is_mapped_character_by_character(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    class Converter:
        """OpenCC's t2s as a stand-in whose phrase rule for 總量 gives three characters."""

        def convert(self, text: str) -> str:
            return text.translate(str.maketrans("總億內", "总亿内")).replace("总量", "总用量")

    monkeypatch.setattr(reading, "_t2s", Converter)
    reading._simplified_character.cache_clear()
    try:
        text = "用水總量\n20.23億立方米以內"
        assert simplified(text) == "用水总量\n20.23亿立方米以内"
    finally:
        reading._simplified_character.cache_clear()


def test_plain_is_the_text_unless_given_and_then_of_the_same_length() -> None:
    assert ReadText(name="a", kind="txt", text="用水總量").plain == "用水總量"
    assert ReadText(name="a", kind="txt", text="用水總量", plain="用水总量").plain == "用水总量"
    with pytest.raises(ValueError, match="plain has 3 characters, text 4"):
        ReadText(name="a", kind="txt", text="用水總量", plain="用水总")


# ---------------------------------------------------------------- TXT encodings


def test_a_gbk_file_is_read_as_gbk() -> None:
    plan = "（一）用水总量控制。到2025年，全市用水总量控制在20.23亿立方米以内，万元GDP用水量下降１６％。"
    read = read_document(plan.encode("gbk"), "plan.txt")
    assert read.text == plan and read.plain == plan


def test_traditional_characters_saved_in_gbk_are_read_as_gbk_not_big5() -> None:
    read = read_document(TRADITIONAL.encode("gbk"), "plan.txt")
    assert read.text == TRADITIONAL and read.plain == SIMPLIFIED


@pytest.mark.parametrize("encoding", ["big5", "cp950", "big5hkscs"])
def test_a_big5_file_is_read_as_big5(encoding: str) -> None:
    data = TRADITIONAL.encode(encoding)
    assert data.decode("gb18030")  # Big5 bytes are valid GB18030 too: only as mojibake
    read = read_document(data, "tw.txt")
    assert read.text == TRADITIONAL and read.plain == SIMPLIFIED


def test_a_short_big5_line_is_read_as_big5() -> None:
    assert read_document("用水總量".encode("big5"), "x.txt").text == "用水總量"
