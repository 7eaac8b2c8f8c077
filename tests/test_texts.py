"""The text table (water_targets/i18n.py): every entry in both languages, and English
written with ASCII punctuation (issue 12) — Chinese words may be quoted in English, Chinese punctuation may not."""

from __future__ import annotations

from water_targets.i18n import TEXT

FULL_WIDTH = set("，。：；（）【】、“”‘’！？《》〔〕\u3000")


def test_every_entry_has_both_languages() -> None:
    assert [key for key, entry in TEXT.items() if not (entry.get("zh") and entry.get("en"))] == []


def test_english_texts_use_ascii_punctuation() -> None:
    offenders = {key: entry["en"] for key, entry in TEXT.items() if set(entry["en"]) & FULL_WIDTH}
    assert offenders == {}
