"""Upserts, kinds, policy maps, and one run shared by threads; on SQLite and a real Postgres."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from delivery_ledger import Ledger, schema
from sqlalchemy import event, func, select


@pytest.fixture(params=["sqlite", "postgresql"])
def ledger_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'ledger.sqlite'}"
    return request.getfixturevalue("postgres_url")  # tests keep apart by scope


@pytest.fixture
def scope(request: pytest.FixtureRequest) -> str:
    return f"test:{request.node.name}"


def _statements(ledger: Ledger) -> list[str]:
    seen: list[str] = []

    def note(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        seen.append(statement.split()[0].upper())

    event.listen(ledger.engine, "before_cursor_execute", note)
    return seen


def test_a_state_change_is_one_upsert_not_a_delete_and_an_insert(
    ledger_url: str, scope: str
) -> None:
    ledger = Ledger(ledger_url, scope)
    keys = [f"k{n}" for n in range(1_200)]
    with ledger.run() as run:
        statements = _statements(ledger)
        run.mark_pending(keys, kind="events")
        run.mark_delivered(keys, kind="events")
        run.remember_many({"user:1": "a", "user:2": "b"})
        run.remember_many({"user:1": "c"})
        assert "DELETE" not in statements
        assert statements.count("INSERT") == 4  # one statement a call, whatever the size

        assert run.delivered(keys, kind="events") == set(keys)
        assert run.in_doubt() == 0
        assert run.remembered(["user:1", "user:2", "user:3"]) == {"user:1": "c", "user:2": "b"}
        with ledger.engine.connect() as connection:
            rows = connection.execute(
                select(func.count()).where(schema.deliveries.c.scope == scope)
            ).scalar_one()
        assert rows == len(keys)


def test_each_kind_has_its_own_key_space(ledger_url: str, scope: str) -> None:
    with Ledger(ledger_url, scope).run() as run:
        run.mark_pending(["same-key"], kind="events")
        run.mark_delivered(["same-key"], kind="campaign_triggers")
        assert run.delivered(["same-key"], kind="events") == set()
        assert run.delivered(["same-key"], kind="campaign_triggers") == {"same-key"}
        assert run.delivered(["same-key"]) == {"same-key"}  # no kind: any kind
        assert run.in_doubt(kind="events") == 1

        run.forget(["same-key"], kind="events")
        assert run.in_doubt() == 0
        assert run.delivered(["same-key"], kind="campaign_triggers") == {"same-key"}
        run.forget(["same-key"])  # no kind: every kind
        assert run.delivered(["same-key"]) == set()


def test_unconfirmed_keys_are_never_sent_again(ledger_url: str, scope: str) -> None:
    with Ledger(ledger_url, scope).run() as run:
        run.mark_pending(["m1"], kind="campaign_triggers")
        run.mark_unconfirmed(["m1"], kind="campaign_triggers")  # the answer was lost
    with Ledger(ledger_url, scope).run() as rerun:
        assert rerun.in_doubt() == 0
        assert rerun.delivered(["m1"], kind="campaign_triggers") == {"m1"}


def test_in_doubt_is_settled_per_kind_by_a_policy_map(ledger_url: str, scope: str) -> None:
    with Ledger(ledger_url, scope).run() as run:
        run.mark_pending(["m1", "m2"], kind="campaign_triggers")
        run.mark_pending(["e1", "e2", "e3"], kind="events")
        run.mark_pending(["x1"], kind="retired_sink")
        run.mark_delivered(["d1"], kind="events")

    policies = {"campaign_triggers": "at_most_once", "events": "at_least_once"}
    with Ledger(ledger_url, scope).run() as rerun:
        # A kind in doubt without a policy is an error, and nothing is settled.
        with pytest.raises(ValueError, match="retired_sink"):
            rerun.settle_in_doubt(policies)
        assert rerun.in_doubt() == 6
        with pytest.raises(ValueError, match="at_most_once or at_least_once"):
            rerun.settle_in_doubt({"events": "exactly_once"})  # type: ignore[dict-item]

        counts = rerun.settle_in_doubt(policies, default="at_least_once")
        assert counts == {"campaign_triggers": 2, "events": 3, "retired_sink": 1}
        assert rerun.in_doubt() == 0
        assert rerun.delivered(["m1", "m2", "e1", "e2", "e3", "x1", "d1"]) == {"m1", "m2", "d1"}
        assert rerun.settle_in_doubt(policies) == {}


def test_the_threads_of_one_run_share_it(ledger_url: str, scope: str) -> None:
    """Eight threads, like a target's concurrent requests: no lock errors, nothing lost."""
    ledger = Ledger(ledger_url, scope)
    requests = [[f"r{r}:k{n}" for n in range(75)] for r in range(160)]

    with ledger.run() as run:

        def request(keys: list[str]) -> int:
            kind = "events" if keys[0].startswith("r1") else "purchases"
            assert run.delivered(keys, kind=kind) == set()
            run.mark_pending(keys, kind=kind)
            run.remember_many(dict.fromkeys(keys[:5], "v1"))
            run.mark_delivered(keys, kind=kind)
            assert run.remembered(keys[:5]) == dict.fromkeys(keys[:5], "v1")
            return run.number_for(keys[0], "interchange")

        with ThreadPoolExecutor(8) as pool:
            numbers = list(pool.map(request, requests))

        every_key = [key for keys in requests for key in keys]
        assert run.delivered(every_key) == set(every_key)
        assert run.in_doubt() == 0
    assert sorted(numbers) == list(range(1, len(requests) + 1))  # none handed out twice


def test_other_databases_delete_and_insert(tmp_path: Path) -> None:
    """Databases without ON CONFLICT get the same results from a delete and an insert."""
    ledger = Ledger(f"sqlite:///{tmp_path / 'ledger.sqlite'}", "fallback")
    with ledger.run() as run:
        run._deliveries._sql = None  # as for a database without an upsert
        run._contents._sql = None
        keys = [f"k{n}" for n in range(1_100)]
        run.mark_pending(keys, kind="events")
        run.mark_delivered(keys[:600], kind="events")
        run.remember_many({"u1": "a"})
        run.remember_many({"u1": "b", "u2": "c"})
        assert run.delivered(keys, kind="events") == set(keys[:600])
        assert run.in_doubt(kind="events") == 500
        assert run.remembered(["u1", "u2"]) == {"u1": "b", "u2": "c"}


def test_a_transaction_is_one_commit_and_all_or_nothing(ledger_url: str, scope: str) -> None:
    ledger = Ledger(ledger_url, scope)
    with ledger.run() as run:
        commits: list[str] = []
        event.listen(ledger.engine, "commit", lambda _conn: commits.append("commit"))
        with run.transaction():
            run.mark_delivered(["e1"], kind="events")
            run.mark_delivered(["p1"], kind="purchases")
            run.remember_many({"user:1": "a"})
            with run.transaction():  # nested: part of the outer one
                run.mark_pending(["t1"], kind="campaign_triggers")
        assert commits == ["commit"]

        def failing_request() -> None:
            with run.transaction():
                run.mark_pending(["e2"], kind="events")
                raise RuntimeError("request failed")

        with pytest.raises(RuntimeError, match="request failed"):
            failing_request()
        assert run.in_doubt() == 1  # t1 only: e2 was rolled back
        assert run.delivered(["e1", "p1", "e2"]) == {"e1", "p1"}
        assert run.remembered(["user:1"]) == {"user:1": "a"}
