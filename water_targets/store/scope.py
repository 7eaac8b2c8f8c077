"""Who may change which rows: a change is allowed only when its author may edit the row as it is AND as it will be.

One rule for every write path (API, workbook, admin pages, command line): `revisions.write` enforces it on the
changes it is about to write, and the import check (`imports.pipeline.check`) reports the same refusals row by
row in the preview. Admins may change everything; an editor the rows of their regions and of every unit below
them; indicators and boundaries belong to admins alone.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..i18n import t

if TYPE_CHECKING:
    from ..geo import GeoData
    from .revisions import Change
    from .users import Actor

ADMIN_ONLY = ("indicators", "boundaries")


def row_region(entity: str, row: dict | None) -> str:
    """The region a stored row belongs to ("" for none)."""
    if row is None:
        return ""
    return str(row.get("adcode" if entity == "boundaries" else "region", "") or "")


class OutOfScope(PermissionError):
    """A write touching rows its author may not change; nothing was written."""

    def __init__(self, regions: list[str], geo: GeoData) -> None:
        self.regions = regions
        names_en = ", ".join(region_label(code, geo, "en") for code in regions)
        names_zh = "、".join(region_label(code, geo, "zh") for code in regions)
        self.message_en = t("store_out_of_scope", "en", names=names_en)
        self.message_zh = t("store_out_of_scope", "zh", names=names_zh)
        super().__init__(self.message_en)


def region_label(code: str, geo: GeoData, lang: str) -> str:
    if code == "*":
        return "indicators and boundaries (admins only)" if lang == "en" else "指标和边界（仅限管理员）"
    region = geo.regions.get(code)
    if region is None:
        return code
    return f"{region.name_zh}（{code}）" if lang == "zh" else f"{region.name_en} ({code})"


def refused_row_regions(entity: str, old: dict | None, new: dict | None, actor: Actor, geo: GeoData) -> list[str]:
    """The regions of one row, as it is (`old`) and as it will be (`new`), that the actor may not edit; "*" for an
    admin-only entity. Empty: the change is allowed."""
    if actor.is_admin:
        return []
    if entity in ADMIN_ONLY:
        return ["*"]
    refused: list[str] = []
    for row in (old, new):
        region = row_region(entity, row)
        if row is not None and not actor.may_edit(region, geo) and (region or "?") not in refused:
            refused.append(region or "?")
    return refused


def refused_regions(changes: list[Change], actor: Actor, geo: GeoData) -> list[str]:
    """The regions (old or new side of any change) the actor may not edit; "*" for admin-only entities."""
    return sorted({r for c in changes for r in refused_row_regions(c.entity, c.old, c.new, actor, geo)})


def authorize(changes: list[Change], actor: Actor, geo: GeoData) -> None:
    """Raise OutOfScope unless the actor may make every change (old and new row alike)."""
    refused = refused_regions(changes, actor, geo)
    if refused:
        raise OutOfScope(refused, geo)
