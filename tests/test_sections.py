"""Sections and units in English (issue 19): a value's section reads as English headings ('Part 3 Key actions, (2)
…') from data/indicators/section_titles.csv, loaded once and checked; no number of a heading is lost; Chinese is
unchanged; an English unit starting with a digit is joined to its value with '×'."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from water_targets.data import get_geo
from water_targets.indicators import bundled_directory, read_frames
from water_targets.model import citation, source_label, unit_suffix, with_unit
from water_targets.schemas import load_dataset
from water_targets.sections import (
    ascii_punctuation,
    chinese_number,
    section_quoted,
    section_titles,
    section_words,
)

CJK = re.compile(r"[\u4e00-\u9fff]")
FULL_WIDTH = set("，。：；（）【】、“”‘’！？《》〔〕\u3000")
CN_NUMBER = "零〇一二两三四五六七八九十百"


def _stored_sections() -> list[str]:
    values = read_frames(bundled_directory()).values
    return sorted(set(values["section"]))


def _numbers(text: str) -> list[str]:
    """The numbers of a heading in order, its Chinese numbering ('三、', '（二）', '第三章') read as digits."""
    text = re.sub(rf"[{CN_NUMBER}]+(?=、|）|\)|章|节|条|款|部分|篇)", lambda m: str(chinese_number(m[0])), text)
    return re.findall(r"[0-9]+", text)


def test_the_title_table_is_read_once_and_is_valid() -> None:
    titles = section_titles()
    assert titles is section_titles()  # cached
    assert titles and all(k and v for k, v in titles.items())
    for zh, en in titles.items():
        assert not FULL_WIDTH & set(en) and not CJK.search(en), en
        assert re.findall(r"[0-9]+", zh) == re.findall(r"[0-9]+", en), (zh, en)


@pytest.mark.parametrize("section", _stored_sections())
def test_every_stored_section_reads_in_english_and_keeps_its_numbers(section: str) -> None:
    english = section_words(section, "en")
    assert not CJK.search(english), f"a title of {section!r} has no translation in section_titles.csv: {english!r}"
    assert not FULL_WIDTH & set(english), english
    assert _numbers(english) == _numbers(section), (section, english)
    assert section_words(section, "zh") == section


def test_headings_are_read_level_by_level() -> None:
    assert section_words("一、主要目标", "en") == "Part 1 Main targets"
    assert section_words("二、主要目标（到2020年底）", "en") == "Part 2 Main targets (by the end of 2020)"
    assert (
        section_words("三、重点行动（二）农业节水增效 4.大力推进节水灌溉", "en")
        == "Part 3 Key actions, (2) Agricultural water saving and efficiency, 4. Vigorously promote water-saving"
        " irrigation"
    )
    # A numbering without a title runs into the next level; a trailing item number stays a number.
    assert section_words("二、重点行动（三）8", "en") == "Part 2 Key actions, (3) 8"
    assert section_words("二、重点任务（七）1.推进再生水综合利用", "en").startswith("Part 2 Key tasks, (7) 1. Promote")
    assert section_words("附件 赤峰市2025年节水行动目标分解表", "en") == (
        "Annex: Breakdown of Chifeng's 2025 water-saving action targets"
    )
    assert section_words("一、工作目标；附件", "en") == "Part 1 Work targets; Annex"


def test_unknown_titles_stay_as_printed_and_keep_every_number() -> None:
    # A document imported later: its numbering is read, its titles are kept with ASCII punctuation.
    section = "第十二章 保障措施（一）加强组织、领导 3.落实2030年目标（2021—2025年）"
    english = section_words(section, "en")
    assert english == "Chapter 12 保障措施, (1) 加强组织, 领导, 3. 落实2030年目标 (2021-2025)"
    assert _numbers(english) == _numbers(section) == ["12", "1", "3", "2030", "2021", "2025"]
    # Nothing known at all: the section as printed with ASCII punctuation, as before section titles existed.
    for printed in ("三", "一；二", "@SUM(A1)", "（未闭合", "其他（说明）"):
        assert section_words(printed, "en") == "; ".join(ascii_punctuation(p) for p in printed.split("；"))
    assert section_words("", "en") == ""


def test_chinese_numbers() -> None:
    cases = {"一": 1, "十": 10, "十二": 12, "二十": 20, "二十三": 23, "一百零五": 105, "两": 2, "28": 28}
    assert {text: chinese_number(text) for text in cases} == cases


def test_quoted_sections_add_the_printed_chinese() -> None:
    assert section_quoted("一、主要目标", "en") == "Part 1 Main targets (一、主要目标)"
    assert section_quoted("一、主要目标；三", "en") == "Part 1 Main targets (一、主要目标); 三"
    assert section_quoted("一、主要目标；三", "zh") == "一、主要目标；三"


def test_english_citations_cite_english_sections_and_chinese_ones_are_unchanged() -> None:
    number, title = "赤政发〔2025〕11号", "赤峰市节水行动实施方案"
    section = "一、工作目标；附件 赤峰市2025年节水行动目标分解表"
    assert citation(number, title, section) == f"{number} {section}"
    assert citation(number, title, section, "en", "Chifeng plan") == (
        "Chifeng plan (赤政发〔2025〕11号), Part 1 Work targets; Annex: Breakdown of Chifeng's 2025 water-saving"
        " action targets"
    )
    dataset = load_dataset(bundled_directory(), get_geo())
    for _, row in dataset.values.iterrows():
        doc = dataset.documents.loc[row["doc"]]
        label = source_label(dataset, row, "en")
        assert not CJK.search(label.replace(doc["number"] or f"《{doc['title']}》", "", 1)), label


def test_a_malformed_title_table_is_refused(tmp_path: Path) -> None:
    bad = {
        "numbers.csv": "zh,en\n赤峰市2025年目标,Chifeng targets\n",
        "twice.csv": "zh,en\n主要目标,Main targets\n主要目标,Targets\n",
        "empty.csv": "zh,en\n主要目标,\n",
        "punctuation.csv": "zh,en\n主要目标,Main（targets）\n",
        "columns.csv": "title,english\n主要目标,Main targets\n",
    }
    for name, text in bad.items():
        directory = tmp_path / name.removesuffix(".csv")
        directory.mkdir()
        (directory / "section_titles.csv").write_text(text, encoding="utf-8")
        with pytest.raises(ValueError, match=r"section_titles\.csv"):
            section_titles(directory)


def test_values_and_units_in_words() -> None:
    assert with_unit("20.23", "亿立方米", "zh") == "20.23 亿立方米"
    assert with_unit("20.23", "100 million m³", "en") == "20.23 × 100 million m³"
    assert with_unit("1.5", "10,000 mu", "en") == "1.5 × 10,000 mu"
    assert with_unit("21.08", "%", "en") == with_unit("21.08", "%", "zh") == "21.08%"
    assert with_unit("0.66", "dimensionless", "en") == with_unit("0.66", "无量纲", "zh") == "0.66"
    assert with_unit("12", "km", "en") == "12 km"
    assert unit_suffix("100 million m³", "en") == " × 100 million m³"


def test_english_units_are_words() -> None:
    indicators = pd.read_csv(bundled_directory() / "indicators.csv", dtype=str, keep_default_na=False)
    units = set(indicators["unit_en"])
    assert {"100 million m³", "10,000 m³", "10,000 mu"} <= units
    assert not [u for u in units if re.search("[⁰¹²⁴-⁹]", u)]  # only m³ keeps a superscript
