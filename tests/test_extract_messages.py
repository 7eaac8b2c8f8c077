"""A file the extractor cannot read is refused in both languages (ExtractError.message, the exr_* texts of
water_targets/i18n.py): the Chinese names the file and says why in Chinese, with no English sentence left in it;
str() of the error is the English text, as the CLI prints it."""

from __future__ import annotations

import pickle
import re

import pytest
from test_extract_formats import fib, ole_bytes
from test_extract_reading import encrypted_pdf, zip_bytes

from water_targets.extract import ExtractError, read_document
from water_targets.extract import text as reading
from water_targets.i18n import TEXT, Message

HAN = re.compile(r"[\u4e00-\u9fff]")
# Three Latin words in a row: an English phrase (single words such as "PDF", "Word 97–2003" or "LibreOffice" are
# names, not sentences).
ENGLISH_PHRASE = re.compile(r"[A-Za-z]{2,}(?:[ -]+[A-Za-z]{2,}){2,}")


# id: (file name, content, a phrase of the English message)
UNREADABLE = {
    "empty": ("方案.pdf", b"", "the file is empty"),
    "too-large": ("plan.txt", b"\0" * (reading.MAX_BYTES + 1), "larger than the 20 MB"),
    "html-named-pdf": ("page.pdf", b"<!DOCTYPE html><html><body>not a plan</body></html>", "the name says PDF"),
    "encrypted-pdf": ("locked.pdf", encrypted_pdf(), "the PDF is encrypted"),
    "binary-txt": ("picture.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, "it looks like a PNG image"),
    "zip-named-docx": ("archive.docx", zip_bytes({"xl/workbook.xml": "<workbook/>"}), "a zip archive but not a DOCX"),
    "blank-txt": ("blank.txt", b"\n \r\n\t", "the file holds no text"),
    "broken-pdf": ("broken.pdf", b"%PDF-1.7\n" + bytes(range(256)) * 4, "the PDF cannot be read"),
    "excel-named-doc": ("sheet.doc", ole_bytes({"Workbook": b"\x09\x08"}), "it holds an Excel 97–2003 workbook"),
    "encrypted-doc": ("secret.doc", ole_bytes({"WordDocument": fib(0x0100)}), "the DOC file is encrypted"),
}


@pytest.mark.parametrize(("name", "data", "english"), UNREADABLE.values(), ids=UNREADABLE.keys())
def test_a_refusal_is_worded_in_chinese_and_english(name: str, data: bytes, english: str) -> None:
    with pytest.raises(ExtractError) as caught:
        read_document(data, name)
    exc = caught.value
    assert isinstance(exc.message, Message) and exc.message.key.startswith("exr_")
    assert str(exc) == exc.message.en and english in str(exc) and str(exc).startswith(f"{name}: ")
    zh = exc.message.zh
    assert zh.startswith(f"{name}：") and HAN.search(zh.removeprefix(name))
    assert not ENGLISH_PHRASE.search(zh.removeprefix(name)), zh


def test_the_libreoffice_refusals_are_worded_in_chinese_too(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reading, "soffice", lambda: None)
    with pytest.raises(ExtractError) as caught:
        read_document(ole_bytes({"WordDocument": fib()}), "plan.wps")
    words = caught.value.message
    assert str(caught.value).endswith("LibreOffice is not installed here: open it in Word or WPS, save it as DOCX "
                                      "(without a password) and try again")  # fmt: skip
    assert words.zh == (
        "plan.wps：读取 Word 97–2003（DOC）或 WPS 文件需要 LibreOffice，但本系统没有安装 LibreOffice，"
        "请用 Word 或 WPS 打开，另存为 DOCX（不设密码）后重试"
    )


def test_every_reader_text_is_in_both_languages_with_the_same_values() -> None:
    texts = {key: entry for key, entry in TEXT.items() if key.startswith("exr_")}
    assert len(texts) >= 20
    for key, entry in texts.items():
        fields = {lang: set(re.findall(r"\{(\w+)", entry[lang])) for lang in ("zh", "en")}
        assert fields["zh"] == fields["en"], key
        if "name" in fields["zh"]:
            assert entry["zh"].startswith("{name}："), key


def test_the_error_keeps_its_words_when_pickled() -> None:
    with pytest.raises(ExtractError) as caught:
        read_document(b"", "plan.pdf")
    again = pickle.loads(pickle.dumps(caught.value))
    assert isinstance(again, ExtractError) and again.message == caught.value.message
    assert str(again) == "plan.pdf: the file is empty"
