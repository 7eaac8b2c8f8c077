"""Price basis (issue 21): intensities per 10,000 yuan at current prices (当年价) are levels of their own year; a
reduction "较2020年下降X%" is measured at comparable prices. A reduction target is judged only against a published
reduction (an actual of the reduction indicator itself, e.g. 内蒙古 2022: 8.9 % at 2020 prices) — never against a
ratio of two current-price levels. Where a unit has only such levels, progress says why its target has no status."""

from __future__ import annotations

import pandas as pd

# The reduction indicators and the current-price level each is about (water_targets.indicators' catalogue ids).
CURRENT_PRICE_LEVEL = {
    "gdp_water_intensity_reduction": "gdp_water_intensity",
    "industrial_water_intensity_reduction": "industrial_water_intensity",
}
# The flag (an i18n key) of a reduction target without a comparable-price figure while current-price levels exist.
ONLY_CURRENT_PRICES = "only_current_prices"


def current_price_years(values: pd.DataFrame, indicator: str) -> dict[str, int]:
    """For a reduction indicator, each unit's first year with an actual level at current prices (figures a reduction
    target is never judged on); empty for any other indicator. Read once per view, not per unit."""
    level = CURRENT_PRICE_LEVEL.get(indicator)
    if level is None:
        return {}
    rows = values[(values["indicator"] == level) & (values["kind"] == "actual")]
    return {region: int(year) for region, year in rows.groupby("region")["year"].min().items()}


def only_current_prices(first_years: dict[str, int], region: str, as_of: int | None) -> bool:
    """Whether the unit has levels at current prices known by `as_of` (`first_years`: current_price_years)."""
    first = first_years.get(region)
    return first is not None and (as_of is None or first <= as_of)
