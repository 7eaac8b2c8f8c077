"""Export builders (pure): slide-ready map, progress map and chart figures, the PPTX deck, CSV/XLSX data files.

canvas       the 1920x1080 canvas, Web Mercator paths, paper text, line wrapping
maps         the target map of a view (map_frame is shared with the progress map), unit names, the inset
progress_map the progress map (status colours and print patterns)
charts       the drill-down and ranking charts sized for a slide
deck         the PPTX deck, its value and progress tables, python-pptx helpers
sheets       data CSV/XLSX and the 完成情况一览 workbook, formula-injection guard
columns      Column: one column of an exported table (header, width, getter)
"""

from ..progress_table import notes
from .canvas import Canvas
from .charts import chart_figure, chart_units, ranking_figure
from .deck import deck, progress_slides
from .maps import map_figure, map_frame, map_title, sources_for
from .progress_map import has_progress, place_name, progress_map_figure, progress_years
from .sheets import DATA_COLUMNS, HEADER_ROW, data_csv, data_records, data_xlsx, neutralise, progress_xlsx

__all__ = [
    "DATA_COLUMNS",
    "HEADER_ROW",
    "Canvas",
    "chart_figure",
    "chart_units",
    "data_csv",
    "data_records",
    "data_xlsx",
    "deck",
    "has_progress",
    "map_figure",
    "map_frame",
    "map_title",
    "neutralise",
    "notes",
    "place_name",
    "progress_map_figure",
    "progress_slides",
    "progress_xlsx",
    "progress_years",
    "ranking_figure",
    "sources_for",
]
