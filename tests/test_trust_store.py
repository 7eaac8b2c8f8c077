"""Issue 16's storage on SQLite and on a real PostgreSQL server: sessions ended by generation, sign-in back-off per
(client, account), password changes, token expiry and revocation, parallel sign-ins, and a head revision that a
reader sees as soon as another instance (another engine) has written."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import create_engine, select, update
from store_helpers import current_value, ready_store, set_values

from water_targets.data import begin_request, end_request, forget_head, get_geo, head_revision
from water_targets.store.models import api_tokens, audit_log, sign_in_failures
from water_targets.store.users import (
    UserError,
    actor_for_token,
    add_user,
    change_password,
    create_token,
    end_sessions,
    get_actor,
    list_tokens,
    revoke_token,
    sign_in,
    unlock_user,
)

PASSWORD = "correct horse battery"


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request, tmp_path):
    if request.param == "sqlite":
        return ready_store(f"sqlite:///{tmp_path}/trust.db")
    return ready_store(request.getfixturevalue("pg_url"))


def test_sessions_end_by_generation(engine) -> None:
    actor = add_user(engine, "li", "editor", PASSWORD, ["150400"], get_geo())
    assert get_actor(engine, actor.id).session_gen == 0
    end_sessions(engine, actor, "10.0.0.1")
    assert get_actor(engine, actor.id).session_gen == 1
    changed = change_password(engine, "li", "river-stone-lantern-9", current=PASSWORD)
    assert changed.session_gen == 2
    with pytest.raises(UserError, match="current password is wrong"):
        change_password(engine, "li", "another-river-stone-8", current=PASSWORD)
    assert sign_in(engine, "li", PASSWORD, "10.0.0.1").actor is None
    assert sign_in(engine, "li", "river-stone-lantern-9", "10.0.0.1").actor.name == "li"


def test_back_off_is_per_client_and_account(engine) -> None:
    add_user(engine, "wang", "admin", PASSWORD, [], get_geo())
    for _ in range(5):
        assert sign_in(engine, "wang", "wrong-password-x", "10.0.0.2").reason == "wrong"
    assert sign_in(engine, "wang", PASSWORD, "10.0.0.2").reason == "locked"
    assert sign_in(engine, "wang", PASSWORD, "10.0.0.3").actor is not None  # from elsewhere: not locked out
    with engine.connect() as conn:
        row = conn.execute(select(sign_in_failures).where(sign_in_failures.c.client == "10.0.0.2")).one()
    assert row.failures == 5
    assert unlock_user(engine, "wang") == 1
    assert sign_in(engine, "wang", PASSWORD, "10.0.0.2").actor is not None
    assert sign_in(engine, "nobody", PASSWORD, "10.0.0.2").reason == "unknown"


def test_tokens_expire_and_are_revoked_one_by_one(engine) -> None:
    add_user(engine, "zhao", "editor", PASSWORD, ["150400"], get_geo())
    first, second = create_token(engine, "zhao", "a", 5), create_token(engine, "zhao", "b", 5)
    assert actor_for_token(engine, first).name == actor_for_token(engine, second).name == "zhao"
    ids = {t["name"]: t["id"] for t in list_tokens(engine, "zhao")}
    revoke_token(engine, ids["a"])
    assert actor_for_token(engine, first) is None and actor_for_token(engine, second) is not None
    with engine.begin() as conn:
        conn.execute(update(api_tokens).where(api_tokens.c.id == ids["b"])
                     .values(expires_at=datetime.now(UTC) - timedelta(minutes=1)))  # fmt: skip
    assert actor_for_token(engine, second) is None


def test_parallel_sign_ins_all_land_and_are_audited(engine) -> None:
    for i in range(20):
        add_user(engine, f"p{i}", "editor", PASSWORD, ["150400"], get_geo())
    with ThreadPoolExecutor(20) as pool:
        results = list(pool.map(lambda i: sign_in(engine, f"p{i}", PASSWORD, f"10.1.0.{i}"), range(20)))
    assert all(r.actor is not None for r in results)
    with engine.connect() as conn:
        audited = {r.user_name for r in conn.execute(select(audit_log).where(audit_log.c.action == "sign_in"))}
    assert {f"p{i}" for i in range(20)} <= audited


def test_a_reader_sees_another_instances_write_at_once(engine) -> None:
    other = create_engine(engine.url.render_as_string(hide_password=False))  # another instance's connection
    token = begin_request()
    try:
        before = head_revision(engine)
        row = current_value(other, "150402", "total_water_use", "2025")
        set_values(other, [{**row, "value": "0.9333"}])
        assert head_revision(engine) == before  # one look per request: a request sees one state
        forget_head()
        assert head_revision(engine) == before + 1
    finally:
        end_request(token)
    set_values(other, [{**row, "value": "0.9334"}])
    assert head_revision(engine) == before + 2  # outside a request, every call looks
    other.dispose()
