"""Reading an uploaded boundary file safely: zip members checked, one layer, geopandas + pyogrio."""

from __future__ import annotations

import io
import tempfile
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from pyproj import CRS

if TYPE_CHECKING:
    from .files import BoundaryPreview

MAX_BYTES = 50 * 1024 * 1024  # the file as uploaded
MAX_UNPACKED = 200 * 1024 * 1024  # a zip's members together (zip-bomb guard)
MAX_MEMBERS = 200
SUFFIXES = (".zip", ".gpkg", ".geojson", ".json")
CODE_GUESSES = ("adcode", "code", "dm", "id", "代码", "编码", "行政区划代码", "bm")
NAME_GUESSES = ("name_zh", "name", "mc", "名称", "name_cn", "xzqmc")


class BoundaryRefused(Exception):
    """The file cannot be used; nothing was written. Both languages, for the page and the API."""

    def __init__(self, en: str, zh: str, preview: BoundaryPreview | None = None) -> None:
        super().__init__(en)
        self.message_en, self.message_zh = en, zh
        # Set when the file itself is fine and the units refused could pass with another mapping (fields, parent,
        # "replace"): the page keeps the upload and shows the mapping form again.
        self.preview = preview


def safe_extract(data: bytes, into: Path) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise BoundaryRefused("not a zip file", "不是有效的 zip 文件") from None
    with archive:
        members = [m for m in archive.infolist() if not m.is_dir()]
        if len(members) > MAX_MEMBERS:
            raise BoundaryRefused(f"the zip holds more than {MAX_MEMBERS} files", f"zip 内文件超过 {MAX_MEMBERS} 个")
        if sum(m.file_size for m in members) > MAX_UNPACKED:
            raise BoundaryRefused("the zip unpacks to more than 200 MB", "zip 解压后超过 200 MB")
        for m in members:
            name = m.filename.replace("\\", "/")
            target = (into / name).resolve()
            if name.startswith("/") or ".." in name.split("/") or not target.is_relative_to(into.resolve()):
                raise BoundaryRefused(f"unsafe path in the zip: {m.filename}", f"zip 内路径不安全：{m.filename}")
            target.parent.mkdir(parents=True, exist_ok=True)
            with archive.open(m) as src, target.open("wb") as dst:
                written = 0
                while chunk := src.read(1 << 20):
                    written += len(chunk)
                    if written > m.file_size or written > MAX_UNPACKED:  # a lying header
                        raise BoundaryRefused("the zip unpacks to more than 200 MB", "zip 解压后超过 200 MB")
                    dst.write(chunk)


def read_frame(file_name: str, data: bytes):
    """The file's features as a GeoDataFrame (geopandas + pyogrio); BoundaryRefused for what cannot be read."""
    import geopandas as gpd
    import pyogrio

    if len(data) > MAX_BYTES:
        raise BoundaryRefused(
            f"the file is {len(data) / 1e6:.1f} MB; at most {MAX_BYTES // 2**20} MB",
            f"文件 {len(data) / 1e6:.1f} MB，超过 {MAX_BYTES // 2**20} MB 上限",
        )
    if not data:
        raise BoundaryRefused("the file is empty", "文件为空")
    suffix = Path(file_name).suffix.lower()
    if suffix not in SUFFIXES:
        raise BoundaryRefused(
            "send a zipped Shapefile (.zip), a GeoPackage (.gpkg) or GeoJSON (.geojson/.json)",
            "请上传 zip 压缩的 Shapefile、GeoPackage（.gpkg）或 GeoJSON（.geojson/.json）",
        )
    with tempfile.TemporaryDirectory(prefix="wt-boundary-") as tmp:
        root = Path(tmp)
        if suffix == ".zip":
            safe_extract(data, root / "zip")
            shps = sorted((root / "zip").rglob("*.shp"), key=str)
            if len(shps) != 1:
                found = ", ".join(p.name for p in shps) or "none"
                raise BoundaryRefused(
                    f"the zip must hold exactly one Shapefile (.shp with .shx, .dbf, .prj); found {found}",
                    f"zip 内应恰好有一个 Shapefile（.shp 及 .shx、.dbf、.prj），实际：{found}",
                )
            path = shps[0]
        else:
            path = root / f"upload{suffix}"
            path.write_bytes(data)
        try:
            layers = pyogrio.list_layers(path)
            if len(layers) > 1:
                names = ", ".join(str(name) for name, _ in layers)
                raise BoundaryRefused(
                    f"the file holds several layers ({names}); upload one layer",
                    f"文件含多个图层（{names}），请只上传一个",
                )
            frame = gpd.read_file(path, engine="pyogrio")
        except BoundaryRefused:
            raise
        except Exception as exc:  # pyogrio's DataSourceError, a broken .dbf …
            raise BoundaryRefused(f"cannot read the file: {exc}", f"无法读取文件：{exc}") from None
    return frame


def field_value(value) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def fields_of(frame) -> list[dict]:
    return [
        {"name": str(c), "samples": [field_value(v) for v in frame[c].head(3)]}
        for c in frame.columns
        if c != frame.geometry.name
    ]


def guess_field(names: list[str], guesses: tuple[str, ...]) -> str:
    lower = {n.lower(): n for n in names}
    return next((lower[g] for g in guesses if g in lower), "")


def crs_text(crs: CRS) -> str:
    epsg = crs.to_epsg()
    return f"EPSG:{epsg} {crs.name}" if epsg else crs.name
