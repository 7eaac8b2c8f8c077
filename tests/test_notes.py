"""Notes in English (issue 19): every value's note reads in English from data/indicators/note_texts.csv, loaded
once and checked; its numbers are kept in order, the plan's quoted wording stays in Chinese with an English gloss;
Chinese is unchanged; a malformed table is refused."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from water_targets.indicators import bundled_directory, read_frames
from water_targets.notes import note_texts, note_words

CJK = re.compile(r"[\u4e00-\u9fff]")
FULL_WIDTH = re.compile(r"[\u3000-\u303f\uff00-\uff65]")
QUOTE = re.compile(r"“[^“”]*”|「[^「」]*」|\"[^\"]*\"")
NUMBER = re.compile(r"(?<![A-Za-z])[0-9]+(?:\.[0-9]+)?")
# What English adds around the numbers: its units in words, a section's numbering.
UNIT_WORDS = re.compile(r"× (?:100 million|10,000) |\((?:100 million|10,000) m³\)|10,000 yuan")


def _stored_notes() -> list[str]:
    values = read_frames(bundled_directory()).values
    return sorted(set(values["note"]) - {""})


def _outside_quotes(text: str) -> str:
    return QUOTE.sub("", text)


def test_the_note_table_is_read_once() -> None:
    texts = note_texts()
    assert texts is note_texts()  # cached
    assert set(_stored_notes()) <= set(texts)


@pytest.mark.parametrize("note", _stored_notes())
def test_every_stored_note_reads_in_english(note: str) -> None:
    english = note_words(note, "en")
    assert english != note, f"{note!r} has no English in note_texts.csv"
    plain = _outside_quotes(english)
    assert not CJK.search(plain), english
    assert not FULL_WIDTH.search(plain) and not set("“”") & set(plain), english
    assert note_words(note, "zh") == note


@pytest.mark.parametrize("note", _stored_notes())
def test_numbers_and_quotes_are_kept(note: str) -> None:
    english = note_words(note, "en")
    # Outside the quotes, the same numbers in the same order, once English's unit words are set aside.
    printed = NUMBER.findall(_outside_quotes(note).replace("一、", "1、"))  # 一、主要目标 reads 'Part 1 Main targets'
    assert NUMBER.findall(UNIT_WORDS.sub("", _outside_quotes(english))) == printed, (note, english)
    # Each quote of the plan as printed, followed by its English in parentheses.
    for quote in QUOTE.findall(note):
        assert re.search(re.escape(quote) + r" \(“[^“”]+”\)", english), (quote, english)
        assert not CJK.search(english.split(quote, 1)[1].split(")", 1)[0]), english


def test_a_note_the_table_does_not_know_stays_as_stored() -> None:
    later = "2030年用水总量控制在20亿立方米以内（新导入）"
    assert note_words(later, "en") == later == note_words(later, "zh")
    assert note_words("", "en") == ""
    assert note_words("阿鲁科尔沁旗 用水总量（亿立方米）1.9674；比较符依正文“控制在…以内”", "en") == (
        "Ar Horqin Banner: total water use (100 million m³) 1.9674; comparator per the main text “控制在…以内”"
        " (“kept within …”)"
    )


def test_a_malformed_note_table_is_refused(tmp_path: Path) -> None:
    bad = {  # name: (table, why it is refused)
        "columns": ("note,english\n再生水利用率达到43%以上,Reclaimed water 43% or more\n", "columns must be zh,en"),
        "empty": ("zh,en\n再生水利用率达到43%以上,\n", "both zh and en"),
        "twice": ("zh,en\n再生水利用率达到43%以上,43% or more\n再生水利用率达到43%以上,At least 43%\n", "twice"),
        "lost": ("zh,en\n较2020年下降20%以上,Down 20% or more\n", "numbers"),
        "changed": ("zh,en\n再生水利用率达到43%以上,Reclaimed water utilization rate 34% or more\n", "numbers"),
        "reordered": ("zh,en\n较2020年下降20%以上,Down 20% or more from 2020\n", "numbers"),
        "quote": ("zh,en\n表无“以上”,The table has no “or more”\n", "quotes"),
        "punctuation": ("zh,en\n再生水利用率达到43%以上,Reclaimed water（rate）43% or more\n", "full-width"),
        "percent": ("zh,en\n覆盖率达80％以上,Coverage 80％ or more\n", "full-width"),
    }
    for name, (text, why) in bad.items():
        directory = tmp_path / name
        directory.mkdir()
        (directory / "note_texts.csv").write_text(text, encoding="utf-8")
        with pytest.raises(ValueError, match=rf"note_texts\.csv: .*{why}"):
            note_texts(directory)
    good = tmp_path / "good"
    good.mkdir()
    (good / "note_texts.csv").write_text(
        'zh,en\n表无“以上”，比较符依正文“下降20%以上”,"The table has no “以上” (“or more”), comparator per the main'
        ' text “下降20%以上” (“down 20% or more”)"\n',
        encoding="utf-8",
    )
    assert len(note_texts(good)) == 1
