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


def only_current_prices(values: pd.DataFrame, region: str, indicator: str, as_of: int | None) -> bool:
    """Whether the unit has actual levels at current prices of the indicator's level (up to `as_of`) — figures a
    reduction target is never judged on."""
    level = CURRENT_PRICE_LEVEL.get(indicator)
    if level is None:
        return False
    rows = values[(values["indicator"] == level) & (values["region"] == region) & (values["kind"] == "actual")]
    if as_of is not None:
        rows = rows[rows["year"] <= as_of]
    return not rows.empty
