"""Names on the page's map on a phone (375 × 812), by the label rule (assets/map_labels.js): on the progress view of
赤峰市 in English and Chinese every name shown lies, as the browser lays it out, within its own unit's drawn path
and outside every other unit's — tested with the browser's own SVG hit test (isPointInFill) at points all over the
name's box — no two names overlap, and 巴林左旗, at risk, is named."""

from __future__ import annotations

import pytest
from test_label_rule import BAIRIN_LEFT, CHIFENG, TWU, acceptance_store  # noqa: F401  (a fixture)

from water_targets.exports.map_labels import LABEL_RULE

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("acceptance_store")]

FITTED = """() => [...document.querySelectorAll('#map .unit-label')].length > 0
    && [...document.querySelectorAll('#map .unit-label')].every(e => e.style.visibility)"""

# Each name: its unit, whether it shows, its text, and the points of its box (shrunk by the rule's overhang) that
# fall outside its unit's path or inside another unit's; and every pair of shown names that overlap.
CHECK = """(overhang) => {
  const layers = water.state.layers, out = {names: {}, overlaps: []};
  const paths = [...document.querySelectorAll('#map path.map-unit[data-adcode]')];
  const inFill = (path, x, y) => path.isPointInFill(new DOMPoint(x, y).matrixTransform(path.getScreenCTM().inverse()));
  const boxes = [];
  for (const code of Object.keys(layers)) {
    const tip = layers[code].getTooltip && layers[code].getTooltip(), el = tip && tip.getElement();
    if (!el) { continue; }
    const shown = getComputedStyle(el).visibility === 'visible';
    const r = el.getBoundingClientRect(), own = paths.find(p => p.dataset.adcode === code);
    const outside = [], intruding = [];
    if (shown) {
      boxes.push([code, r]);
      const x0 = r.left + overhang, x1 = r.right - overhang, y0 = r.top + overhang, y1 = r.bottom - overhang;
      for (let x = x0; x <= x1 + 0.01; x += Math.max((x1 - x0) / 24, 0.5)) {
        for (let y = y0; y <= y1 + 0.01; y += Math.max((y1 - y0) / 8, 0.5)) {
          if (!inFill(own, x, y)) { outside.push([x, y]); }
          for (const other of paths) {
            if (other !== own && inFill(other, x, y)) { intruding.push(other.dataset.adcode); }
          }
        }
      }
    }
    out.names[code] = {shown, text: el.textContent, outside: outside.length, intruding: [...new Set(intruding)]};
  }
  const apart = (p, q) => p.right - 0.5 <= q.left || q.right - 0.5 <= p.left
    || p.bottom - 0.5 <= q.top || q.bottom - 0.5 <= p.top;
  for (const [a, ra] of boxes) {
    for (const [b, rb] of boxes) {
      if (a < b && !apart(ra, rb)) { out.overlaps.push([a, b]); }
    }
  }
  return out;
}"""


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_phone_progress_names_stay_in_their_units(phone_page, live_server, lang: str) -> None:
    page = phone_page
    page.goto(f"{live_server}/?region={CHIFENG}&indicator={TWU}&view=progress&lang={lang}")
    page.wait_for_function(FITTED)
    assert page.evaluate(f"() => water.progressCell(water.state.current, '{BAIRIN_LEFT}').status") == "at_risk"
    found = page.evaluate(CHECK, LABEL_RULE.overhang_px)
    names = found["names"]
    assert len(names) == 12
    for code, name in names.items():
        assert name["outside"] == 0, (code, name)
        assert name["intruding"] == [], (code, name)
    assert found["overlaps"] == []
    assert names[BAIRIN_LEFT]["shown"], names[BAIRIN_LEFT]
    assert sum(name["shown"] for name in names.values()) >= 8
