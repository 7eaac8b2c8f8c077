"""Region catalog and boundaries from data/geo/ (built by scripts/build_geo.py), loaded once."""

from __future__ import annotations

import csv
import json
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path

from .settings import SETTINGS

COUNTRY = "100000"
# The five regions of the mission, in the order the UI lists them.
FOCUS_ORDER = ("150400", "140600", "140800", "450700", "150222")


@dataclass(frozen=True)
class Region:
    adcode: str
    name_zh: str
    name_en: str
    level: str
    parent: str
    focus: bool

    def name(self, lang: str) -> str:
        return self.name_en if lang == "en" else self.name_zh

    def as_dict(self) -> dict:
        return asdict(self)


class GeoData:
    """Catalog of units and their GeoJSON features, indexed by adcode and by parent."""

    def __init__(self, geo_dir: Path) -> None:
        self.geo_dir = geo_dir
        path = geo_dir / "regions.csv"
        with path.open(encoding="utf-8") as f:
            self.regions: dict[str, Region] = {
                row["adcode"]: Region(
                    adcode=row["adcode"],
                    name_zh=row["name_zh"],
                    name_en=row["name_en"],
                    level=row["level"],
                    parent=row["parent"],
                    focus=row["focus"] == "true",
                )
                for row in csv.DictReader(f)
            }
        self.features: dict[str, dict] = {}
        self.extra_features: list[dict] = []  # features without a catalog unit (maritime boundary line)
        for file in sorted(geo_dir.glob("*.geojson")):
            for feat in json.loads(file.read_text(encoding="utf-8"))["features"]:
                code = feat["properties"]["adcode"]
                if code:
                    self.features[code] = feat
                else:
                    self.extra_features.append(feat)
        missing = sorted(set(self.regions) - set(self.features))
        if missing:
            raise ValueError(f"{path}: no boundary in {geo_dir} for adcode(s) {', '.join(missing)}")

    def children(self, parent: str) -> list[Region]:
        return [r for r in self.regions.values() if r.parent == parent]

    def lineage(self, adcode: str) -> list[str]:
        """The unit and every unit above it, nearest first (a county, its city, its province, China)."""
        out: list[str] = []
        while adcode in self.regions and adcode not in out:
            out.append(adcode)
            adcode = self.regions[adcode].parent
        return out

    def focus_regions(self) -> list[Region]:
        return [self.regions[c] for c in FOCUS_ORDER]

    def city_of(self, adcode: str) -> Region:
        """The unit whose counties form the map for this region (a county maps within its city)."""
        region = self.regions[adcode]
        return self.regions[region.parent] if region.level == "county" else region

    def collection(self, adcodes: list[str]) -> dict:
        feats = [self.features[c] for c in adcodes]
        if COUNTRY in adcodes:
            feats += self.extra_features
        return {"type": "FeatureCollection", "features": feats}


@lru_cache(maxsize=1)
def get_geo() -> GeoData:
    return GeoData(SETTINGS.data_dir / "geo")
