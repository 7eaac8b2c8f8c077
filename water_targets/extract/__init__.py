"""From a plan document to proposed, cited target rows (issue 20): text.py reads a PDF, DOCX or TXT file as text,
outline.py finds its section tree, rules.py proposes one row per number with its quote and offsets. No network and
no downloaded model at run time; `python -m water_targets extract` is the command line (docs/extract.md)."""

from __future__ import annotations

from . import outline
from .text import ExtractError, ReadText, read_document, read_text

__all__ = ["ExtractError", "ReadText", "outline", "read_document", "read_text"]
