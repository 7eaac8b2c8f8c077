"""完成情况一览 callbacks: the status checklist (with counts), the grid's rows and columns, the XLSX link."""

from __future__ import annotations

from urllib.parse import urlencode

from dash import Dash, Input, Output, State, html, no_update

from callbacks import initial
from callbacks.view import grid_options, grid_outputs, register_lazy_grid, shown_revision, view_controls
from layouts import ids
from layouts.cards import PROGRESS_GRID_OPTIONS, progress_grid
from water_targets import cached as cache
from water_targets.i18n import t
from water_targets.progress_table import SEVERITY, notes, status_counts
from water_targets.status import STATUS_STYLE, STATUSES
from water_targets.status_words import status_label

STATUS_WORDS = "params.data.status_label"


def swatch_style(status: str) -> dict:
    """A small square in the status colour, with its print pattern drawn in CSS (dots, stripes, cross)."""
    style = STATUS_STYLE[status]
    ink = style["outline"]
    patterns = {
        "dots": (f"radial-gradient({ink} 1px, transparent 1.6px)", "5px 5px"),
        "stripes": (f"repeating-linear-gradient(45deg, {ink} 0 1px, transparent 1px 5px)", "auto"),
        "cross": (
            f"repeating-linear-gradient(45deg, {ink} 0 1px, transparent 1px 5px), "
            f"repeating-linear-gradient(-45deg, {ink} 0 1px, transparent 1px 5px)",
            "auto",
        ),
    }
    css = {"backgroundColor": style["fill"], "borderColor": ink}
    if style["pattern"] in patterns:
        image, size = patterns[style["pattern"]]
        css.update(backgroundImage=image, backgroundSize=size)
    return css


def status_options(counts: dict[str, int], lang: str) -> list[dict]:
    """One option per status in legend order, always all of them: those without rows disabled and hidden (CSS
    .status-absent). A list of component labels that changes length makes dash-renderer 4.4 fail on the next
    update (recordUiEdit of a label no longer in the layout), which stopped a change of region."""
    return [
        {
            "label": html.Span(
                className="status-option-label" + ("" if s in counts else " status-absent"),
                children=[
                    html.Span(className="status-swatch", style=swatch_style(s), **{"aria-hidden": "true"}),
                    f"{status_label(s, lang)} ",
                    html.Span(str(counts.get(s, 0)), className="status-n"),
                ],
            ),
            "value": s,
            "disabled": s not in counts,
        }
        for s in STATUSES
    ]


def column_defs(lang: str) -> list[dict]:
    """Grid columns: words throughout; the status column sorts worst first and is filled in the status colour."""

    def col(field: str, key: str, width: int, **extra) -> dict:
        head = {"wrapHeaderText": True, "autoHeaderHeight": True}
        return {"field": field, "headerName": t(key, lang), "minWidth": width, "flex": 1, **head, **extra}

    wrap = {"wrapText": True, "autoHeight": True, "cellClass": "wrap-cell"}
    status_cells = {
        "styleConditions": [
            {
                "condition": f"params.data && params.data.status === '{s}'",
                "style": {"backgroundColor": style["fill"], "color": style["ink"], "fontWeight": "600"},
            }
            for s, style in STATUS_STYLE.items()
        ]
    }
    quiet = {"floatingFilter": False}  # short columns: the header's menu filters them
    return [
        col("unit", "progress_unit", 100, **wrap),
        # The status second, beside the unit: on a phone (375 px) the two are what shows before the grid scrolls.
        col(
            "severity",
            "progress_status",
            136,  # "Over the cap" on one line
            valueFormatter={"function": STATUS_WORDS},
            tooltipField="status_label",
            cellStyle=status_cells,
            filter=False,
            maxWidth=170,
        ),
        col("indicator", "indicator", 160, **wrap),
        col("actual", "progress_actual", 120, **wrap),
        col("actual_year", "progress_actual_year", 70, filter="agNumberColumnFilter", maxWidth=100, **quiet),
        col("target", "target", 150, **wrap),
        col("gap", "progress_gap", 160, **wrap),
        col("notes", "progress_notes", 70, maxWidth=120, **quiet),
        col("target_source", "progress_target_source", 170, tooltipField="target_source", **wrap),
        col("actual_source", "progress_actual_source", 130, tooltipField="actual_source", **wrap),
    ]


def grid_rows(rows: list[dict], statuses: list[str], lang: str) -> list[dict]:
    """The cached rows of the chosen statuses, with the sort key of the status column and the flags in words."""
    keep = set(statuses or [])
    return [
        {**r, "severity": SEVERITY.index(r["status"]), "notes": notes(r, lang)} for r in rows if r["status"] in keep
    ]


def status_filter(region: str | None, lang: str, data: dict | None, options: list | None, value: list | None) -> dict:
    """The statuses present in the region with their counts; a status unticked before stays unticked."""
    if not region:
        return no_update
    counts = status_counts(cache.progress_table_rows(shown_revision(data), region, lang))
    # unticked by the reader: a status shown before (not disabled) and not chosen
    hidden = {o["value"] for o in options or [] if not o.get("disabled")} - set(value or [])
    return {"options": status_options(counts, lang), "value": [s for s in counts if s not in hidden]}


def fill_grid(statuses: list | None, _grid: str, region: str | None, lang: str, data: dict | None) -> dict:
    if not region:
        return no_update
    rows = cache.progress_table_rows(shown_revision(data), region, lang)
    return {
        "rows": grid_rows(rows, statuses, lang),
        "columns": column_defs(lang),
        "options": grid_options(PROGRESS_GRID_OPTIONS, lang),
    }


def count_and_link(statuses: list | None, region: str | None, lang: str, data: dict | None) -> dict:
    if not region:
        return no_update
    rev = shown_revision(data)
    rows = cache.progress_table_rows(rev, region, lang)
    chosen = [s for s in status_counts(rows) if s in set(statuses or [])]
    shown = sum(1 for r in rows if r["status"] in chosen)
    params = {"region": region, **({"lang": lang} if lang != "zh" else {}), "asof": rev}
    if chosen and len(chosen) < len(status_counts(rows)):
        params["status"] = ",".join(chosen)
    link = "/export/progress.xlsx?" + urlencode(params, safe=",")
    return {"count": t("progress_shown", lang, n=shown, total=len(rows)), "link": link}


def register(app: Dash) -> None:
    register_lazy_grid(app, ids.PROGRESS_SLOT, progress_grid)

    initial.register(
        app,
        status_filter,
        output={"options": Output(ids.PROGRESS_STATUS, "options"), "value": Output(ids.PROGRESS_STATUS, "value")},
        inputs={
            **view_controls(data=Input, indicator=False),
            "options": State(ids.PROGRESS_STATUS, "options"),
            "value": State(ids.PROGRESS_STATUS, "value"),
        },
    )

    chosen = {"statuses": Input(ids.PROGRESS_STATUS, "value"), **view_controls(State, indicator=False)}
    app.callback(
        output=grid_outputs(ids.PROGRESS_TABLE),
        inputs={**chosen, "_grid": Input(ids.PROGRESS_TABLE, "id")},  # the id fires when the grid is created
    )(fill_grid)

    initial.register(
        app,
        count_and_link,
        output={"count": Output(ids.PROGRESS_COUNT, "children"), "link": Output(ids.PROGRESS_XLSX, "href")},
        inputs=chosen,
    )
