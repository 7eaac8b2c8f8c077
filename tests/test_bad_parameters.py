"""Bad parameters of the API and the exports: each is answered with a JSON error whose status and message name the
problem. On the bundled targets plus the fictitious actuals of tests/progress_data.py, which the progress views
need (the other answers do not depend on them)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.usefixtures("progress_store")

API_VALUES = "/api/v1/values?"
VALUES = f"{API_VALUES}indicator=total_water_use&region=150426"
PROGRESS = "/export/progress.xlsx?region=150400"
TWU = "region=150400&indicator=total_water_use"
CHIFENG = f"{TWU}&year=2025"


@pytest.mark.parametrize(
    ("path", "status", "fragment"),
    [
        # /api/v1/values
        (f"{API_VALUES}region=150426", 400, "missing parameter 'indicator'"),
        (f"{API_VALUES}indicator=total_water_use", 400, "exactly one of 'region' or 'parent'"),
        (f"{API_VALUES}indicator=nope&region=150426", 404, "unknown indicator"),
        (f"{API_VALUES}indicator=total_water_use&region=150499", 404, "unknown region"),
        (f"{VALUES}&year=20x5", 400, "integer"),
        (f"{VALUES}&year=3025", 400, "integer"),
        (f"{VALUES}&format=xml", 400, "json or csv"),
        (f"{VALUES}&year=%C2%B2", 400, "integer"),  # '²' is a digit to str.isdigit
        (f"{VALUES}&year=%D9%A2%D9%A0%D9%A2%D9%A5", 400, "integer"),  # Arabic-Indic 2025
        # the exports of a view
        (f"/export/map.png?{CHIFENG}&width=5000", 400, "200-4000"),
        (f"/export/map.png?{CHIFENG}&height=abc", 400, "200-4000"),
        ("/export/map.png?region=999&indicator=total_water_use", 400, "region"),
        ("/export/map.png?region=150400&indicator=nope", 404, "unknown indicator"),
        (f"/export/map.png?{TWU}&year=2030", 400, "no values"),
        (f"/export/map.png?{CHIFENG}&lang=fr", 400, "lang"),
        (f"/export/map.gif?{CHIFENG}", 404, "map.png"),
        ("/export/chart.png?region=150426&indicator=pipe_leakage_rate", 404, "no values"),
        # (a missing region or indicator is the page's default view: tests/test_exports.py)
        ("/export/chart.svg?region=abc&indicator=pipe_leakage_rate", 400, "region"),
        ("/export/deck.pptx?region=150400&indicator=nonsense", 404, "nonsense"),
        (f"/export/data.csv?{TWU}&year=20x", 400, "integer"),
        # 完成情况一览 and the progress map
        (f"{PROGRESS}&status=junk", 400, "unknown status 'junk'"),
        ("/export/progress.xlsx?region=999", 400, "region"),
        (f"{PROGRESS}&lang=fr", 400, "lang"),
        (f"{PROGRESS}&asof=999999", 404, "999999"),
        (f"/export/map.svg?{TWU}&view=junk", 400, "view"),
        (f"/export/map.svg?{TWU}&view=progress&year=2019", 400, "no assessment"),
        ("/export/map.png?region=150222&indicator=total_water_use&view=progress", 404, "no targets"),
        ("/export/map.png?region=150400&indicator=nope&view=progress", 404, "unknown indicator"),
    ],
)
def test_bad_parameters_are_json_errors(client, path: str, status: int, fragment: str) -> None:
    resp = client.get(path)
    assert resp.status_code == status
    assert fragment in resp.get_json()["error"]
