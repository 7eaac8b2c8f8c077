"""Export builders (pure): slide-ready map, progress map and chart figures, the PPTX deck, CSV/XLSX data files.

canvas       the 1920x1080 canvas, Web Mercator paths, paper text, line wrapping
picture_text the text of an exported picture: title block, footnotes, sources (shared by maps and charts)
maps         the target map of a view (map_frame is shared with the progress map), its legend, the inset
map_labels   unit names on a map: inside the unit or called out with a leader line
progress_map the progress map (status colours and print patterns)
charts       the drill-down and ranking charts sized for a slide
deck         the PPTX deck: title, picture slides with alt texts, sources
deck_tables  the deck's value and progress table slides, paged by year group
pptx_text    python-pptx helpers: slide geometry, minimum sizes, text fitting, boxes, cells, language tags
sheets       data CSV/XLSX and the 完成情况一览 workbook, formula-injection guard
columns      Column: one column of an exported table (header, width, getter)
"""

from ..progress_table import notes
from ..regions import place_name
from .canvas import Canvas
from .charts import chart_figure, chart_units, ranking_figure
from .deck import deck
from .deck_tables import progress_slides
from .maps import map_figure, map_frame, map_title
from .picture_text import NO_IMPRINT, Imprint, sources_for
from .progress_map import has_progress, progress_map_figure, progress_view, progress_years
from .sheets import DATA_COLUMNS, HEADER_ROW, data_csv, data_records, data_xlsx, neutralise, progress_xlsx

__all__ = [
    "DATA_COLUMNS",
    "HEADER_ROW",
    "NO_IMPRINT",
    "Canvas",
    "Imprint",
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
    "progress_view",
    "progress_xlsx",
    "progress_years",
    "ranking_figure",
    "sources_for",
]
