"""Page layout of the dashboard (components only; behaviour lives in callbacks/)."""

from .page import build_layout, page_layout

__all__ = ["build_layout", "page_layout"]
