"""The command line on a store of its own: users, import (dry run, refusal, one revision), revert, clear errors."""

from __future__ import annotations

import pytest
from cli_helpers import cli_runner

HEADER = "region,indicator,year,kind,value,comparator,baseline_year,qualifier,doc,section,note\n"
ROW = "150402,total_water_use,2025,target,{v},<=,,,chifeng-2025,附件 赤峰市2025年节水行动目标分解表,test fixture\n"


@pytest.fixture(scope="module")
def cli(tmp_path_factory):
    return cli_runner(tmp_path_factory.mktemp("cli") / "cli.db")


def test_users_import_revert_from_the_command_line(cli, tmp_path) -> None:
    assert (
        cli(
            "users",
            "add",
            "li",
            "--role",
            "editor",
            "--region",
            "150400",
            "--password-stdin",
            stdin="a long password\n",
        ).returncode
        == 0
    )
    assert (
        cli("users", "add", "boss", "--role", "admin", "--password-stdin", stdin="another password\n").returncode == 0
    )
    bad_role = cli("users", "add", "x", "--role", "king", "--password-stdin", stdin="a long password\n")
    assert bad_role.returncode == 2 and "Traceback" not in bad_role.stderr
    assert "li\teditor\t150400\tactive" in cli("users", "list").stdout
    good = tmp_path / "good.csv"
    good.write_text(HEADER + ROW.format(v="0.9700"), encoding="gb18030")
    dry = cli("import", str(good), "--user", "li", "--dry-run")
    assert dry.returncode == 0 and "1 changed" in dry.stdout and "nothing was written" in dry.stdout
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + ROW.format(v="abc"), encoding="utf-8")
    refused = cli("import", str(bad), "--user", "li")
    assert refused.returncode == 1 and "column value" in refused.stderr and "nothing was written" in refused.stderr
    done = cli("import", str(good), "--user", "li", "--comment", "更正")
    assert done.returncode == 0 and "revision 2 written" in done.stdout
    assert "no changes" in cli("import", str(good), "--user", "li").stdout
    assert cli("revert", "2", "--user", "li").returncode == 2  # an editor may not revert
    assert "revision 3 restores" in cli("revert", "2", "--user", "boss").stdout
    missing = cli("revert", "99", "--user", "boss")
    assert missing.returncode == 2 and "no revision 99" in missing.stderr and "Traceback" not in missing.stderr
    unknown = cli("import", str(tmp_path / "nope.csv"), "--user", "li")
    assert unknown.returncode == 2 and "Traceback" not in unknown.stderr
    token = cli("tokens", "create", "li")
    assert token.returncode == 0 and token.stdout.startswith("wt_")
    assert cli("users", "disable", "li").returncode == 0
    assert cli("import", str(good), "--user", "li").returncode == 2  # a disabled user cannot import
