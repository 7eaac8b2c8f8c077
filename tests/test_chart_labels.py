"""Exported time charts as a browser draws them (the SVG of /export/chart.svg opened in Chromium): the values
written on the points never overlap one another or another point, and a right axis (a county beside its city)
ticks on round numbers, not on the left axis's grid (24.42, 20.2, 15.97)."""

from __future__ import annotations

import itertools
import math

import pytest

pytestmark = pytest.mark.usefixtures("progress_store")  # the test actual figures: two series per chart

CHARTS = [  # (region, indicator): county charts with a right axis, the city's own, a reduction with a baseline
    ("150426", "total_water_use"),
    ("150402", "total_water_use"),
    ("150421", "total_water_use"),
    ("150400", "total_water_use"),
    ("150400", "gdp_water_intensity_reduction"),
]

BOXES = """() => {
  const box = (el) => { const r = el.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
  // A text's box is its line box: Noto Sans CJK's ascent and descent (1.45 em) are far taller than its digits
  // and Latin letters (about 0.75 em above the baseline). The test reads the letters' band, not the line's.
  const ink = (el) => { const [l, t, r, b] = box(el); const h = b - t; return [l, t + 0.25 * h, r, b - 0.2 * h]; };
  return {
    labels: [...document.querySelectorAll('g.textpoint text')].filter((t) => t.textContent.trim())
      .map((t) => [t.textContent, ...ink(t)]),
    points: [...document.querySelectorAll('g.points path.point')].map(box).filter((b) => b[2] - b[0] > 2),
    right: [...document.querySelectorAll('g.y2tick text')].map((t) => t.textContent),
  };
}"""


def overlap(a, b, slack: float = 1.0) -> bool:
    return min(a[2], b[2]) - max(a[0], b[0]) > slack and min(a[3], b[3]) - max(a[1], b[1]) > slack


@pytest.fixture(scope="module")
def drawn(client, browser):
    out = {}
    page = browser.new_page(viewport={"width": 1700, "height": 1000})
    try:
        for region, indicator in CHARTS:
            for lang in ("zh", "en"):
                response = client.get(f"/export/chart.svg?region={region}&indicator={indicator}&lang={lang}")
                assert response.status_code == 200, (region, indicator, lang)
                page.set_content(response.data.decode("utf-8"))
                out[(region, indicator, lang)] = page.evaluate(BOXES)
    finally:
        page.close()
    return out


def test_point_labels_overlap_no_label_and_no_point(drawn) -> None:
    failures = []
    for key, found in drawn.items():
        labels = found["labels"]
        assert labels, key
        for i, a in enumerate(labels):
            for b in labels[i + 1 :]:
                if overlap(a[1:], b[1:]):
                    failures.append(f"{key}: {a[0]!r} overlaps {b[0]!r}")
            hit = [p for p in found["points"] if overlap(a[1:], p, slack=2.0)]
            if hit:
                failures.append(f"{key}: {a[0]!r} covers a point")
    assert not failures, "\n".join(failures)


def test_a_right_axis_ticks_on_round_numbers(drawn) -> None:
    seen = 0
    for key, found in drawn.items():
        ticks = [float(x.replace(",", "").replace("\u2212", "-")) for x in found["right"] if x.strip()]
        if not ticks:
            continue
        seen += 1
        steps = {round(b - a, 9) for a, b in itertools.pairwise(ticks)}
        assert len(steps) == 1, (key, ticks)
        step = steps.pop()
        mantissa = step / 10 ** math.floor(math.log10(step))
        assert round(mantissa, 6) in (1, 2, 2.5, 5), (key, ticks)
        assert all(abs(v / step - round(v / step)) < 1e-6 for v in ticks), (key, ticks)
    assert seen >= 3  # the county charts have their city on a right axis


def crowded_chart():
    """A reduction index falling slowly, its last labels wide (19.00%（初步数）), as the demo's 运城 chart."""
    import plotly.graph_objects as go

    years = list(range(2015, 2025))
    index = [100, 97.0, 94.4, 91.1, 88.6, 86.5, 85.1, 82.9, 81.7, 81.0]
    labels = ["", "2.98%", "5.59%", "8.94%", "11.40%", "13.53%", "14.89%", "17.10%", "18.29%", "19.00%（初步数）"]
    fig = go.Figure(go.Scatter(x=years, y=index, text=labels, mode="lines+markers+text", textposition="top center",
                               marker={"size": 13}, cliponaxis=False,
                               textfont={"size": 36, "family": "Noto Sans CJK SC"}))  # fmt: skip
    width, height, margin = 1200, 900, {"l": 120, "r": 50, "t": 80, "b": 80}
    fig.update_layout(width=width, height=height, margin=margin, showlegend=False, template="none")
    fig.update_xaxes(range=[2014.5, 2024.8])
    fig.update_yaxes(range=[78, 103])
    return fig, width - margin["l"] - margin["r"], height - margin["t"] - margin["b"]


def test_crowded_labels_are_moved_apart_or_left_off(browser) -> None:
    import plotly.io as pio

    from water_targets.exports.charts import declutter_labels

    def drawn(fig) -> dict:
        page = browser.new_page(viewport={"width": 1300, "height": 1000})
        try:
            page.set_content(pio.to_image(fig, format="svg").decode("utf-8"))
            return page.evaluate(BOXES)
        finally:
            page.close()

    def clashes(found: dict) -> int:
        labels = found["labels"]
        return sum(overlap(a[1:], b[1:]) for i, a in enumerate(labels) for b in labels[i + 1 :])

    fig, plot_w, plot_h = crowded_chart()
    assert clashes(drawn(fig)) > 0  # as plotly places them: 18.29% and 19.00%（初步数） print over each other
    declutter_labels(fig, plot_w, plot_h, 36)
    found = drawn(fig)
    assert clashes(found) == 0
    assert len(found["labels"]) >= 8  # moved, not simply dropped
