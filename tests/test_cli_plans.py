"""`regions search` and `documents add` on a store of its own (DATABASE_URL): one revision per document, clear
refusals that write nothing, and the targets of the new document imported with `import`."""

from __future__ import annotations

import sqlite3

import pytest
from cli_helpers import cli_runner

HEADER = "region,indicator,year,kind,value,comparator,baseline_year,qualifier,doc,section,note\n"


@pytest.fixture(scope="module")
def cli(tmp_path_factory):
    return cli_runner(tmp_path_factory.mktemp("cli-plans") / "cli.db")


def revisions(cli) -> list[tuple]:
    with sqlite3.connect(cli.db) as conn:
        return conn.execute("select id, action, user_name, file_name from revisions order by id").fetchall()


def test_regions_search(cli) -> None:
    found = cli("regions", "search", "包头")
    assert found.returncode == 0, found.stderr
    first = found.stdout.splitlines()[0].split("\t")
    assert first[:4] == ["150200", "包头市", "Baotou City", "city"] and first[4] == "内蒙古自治区 · 包头市"
    county = cli("regions", "search", "150221").stdout.splitlines()
    assert county[0].startswith("150221\t土默特右旗\t")
    assert len(cli("regions", "search", "1502", "--limit", "3").stdout.splitlines()) == 3
    none = cli("regions", "search", "没有这个地方")
    assert none.returncode == 1 and "没有匹配" in none.stderr
    bad = cli("regions", "search", "x" * 101)
    assert bad.returncode == 2 and "Traceback" not in bad.stderr


def test_documents_add_then_import(cli, tmp_path) -> None:
    assert cli("users", "add", "boss", "--role", "admin", "--password-stdin", stdin="a long password\n").returncode == 0
    assert cli("users", "add", "li", "--role", "editor", "--region", "150200", "--password-stdin",
               stdin="a long password\n").returncode == 0
    base = len(revisions(cli))
    common = ["documents", "add", "--region", "150200", "--id", "baotou-2025", "--title", "包头市节水方案（测试）"]
    # Refusals write nothing.
    editor = cli(*common, "--user", "li")
    assert editor.returncode == 2 and "admin" in editor.stderr
    unknown = cli("documents", "add", "--region", "999999", "--id", "x-1", "--title", "t", "--user", "boss")
    assert unknown.returncode == 1 and "unknown region" in unknown.stderr and "nothing was written" in unknown.stderr
    duplicate = cli("documents", "add", "--region", "150400", "--id", "chifeng-2025", "--title", "t", "--user", "boss")
    assert duplicate.returncode == 1 and "已被使用" in duplicate.stderr
    bad_date = cli(*common, "--issued", "2025-4-11x", "--user", "boss")
    assert bad_date.returncode == 1 and "nothing was written" in bad_date.stderr
    exe = tmp_path / "plan.exe"
    exe.write_bytes(b"MZ")
    assert cli(*common, "--file", str(exe), "--user", "boss").returncode == 1
    assert len(revisions(cli)) == base

    added = cli(*common, "--number", "包府发〔2025〕1号", "--issued", "2025-04-11",
                "--url", "https://example.gov.cn/plan.pdf", "--user", "boss")
    assert added.returncode == 0, added.stderr
    assert f"revision {base + 1} written" in added.stdout
    assert revisions(cli)[-1][1:3] == ("document", "boss")

    pdf = tmp_path / "tumed.pdf"
    pdf.write_bytes(b"%PDF-1.4 test fixture")
    county = cli(
        "documents", "add", "--region", "150221", "--id", "tumed-right-2025", "--title", "土默特右旗方案（测试）",
        "--file", str(pdf), "--user", "boss",
    )  # fmt: skip
    assert county.returncode == 0, county.stderr
    assert revisions(cli)[-1][3] == "tumed.pdf"
    with sqlite3.connect(cli.db) as conn:
        (url,) = conn.execute(
            "select url from document_versions where id = 'tumed-right-2025' and rev_to is null"
        ).fetchone()
    assert url == f"/admin/revisions/{base + 2}/file"

    targets = tmp_path / "targets.csv"
    targets.write_text(
        HEADER
        + "包头市,total_water_use,2025,target,9.8765,<=,,,baotou-2025,附件1（测试）,test\n"
        + "土默特右旗,total_water_use,2025,target,0.4321,<=,,,tumed-right-2025,第三章（测试）,test\n",
        encoding="utf-8",
    )
    done = cli("import", str(targets), "--user", "li")  # li edits 包头市 and its counties
    assert done.returncode == 0, done.stderr
    assert f"revision {base + 3} written" in done.stdout
    dumped = tmp_path / "dump"
    assert cli("dump", str(dumped)).returncode == 0
    values = (dumped / "values.csv").read_text(encoding="utf-8")
    assert "150200,total_water_use,2025,target,9.8765" in values and "tumed-right-2025" in values
