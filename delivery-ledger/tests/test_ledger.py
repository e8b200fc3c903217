"""The ledger's promises, on SQLite and on a real PostgreSQL server."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from delivery_ledger import Ledger, LedgerBusyError


@pytest.fixture(params=["sqlite", "postgresql"])
def ledger_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'ledger.sqlite'}"
    url = request.getfixturevalue("postgres_url")
    # A scope per test keeps tests on the shared server apart.
    return url


@pytest.fixture
def scope(request: pytest.FixtureRequest) -> str:
    return f"test:{request.node.name}"


def test_delivered_keys_are_skipped_on_the_next_run(ledger_url: str, scope: str) -> None:
    ledger = Ledger(ledger_url, scope)
    with ledger.run() as run:
        run.mark_pending(["f1:C1:OPEN:u1", "f1:C1:OPEN:u2"], kind="campaign_triggers")
        run.mark_delivered(["f1:C1:OPEN:u1", "f1:C1:OPEN:u2"], kind="campaign_triggers")

    with Ledger(ledger_url, scope).run() as rerun:
        assert rerun.delivered(["f1:C1:OPEN:u1", "f1:C1:OPEN:u3"]) == {"f1:C1:OPEN:u1"}
        assert rerun.in_doubt() == 0


def test_pending_records_of_a_dead_run_are_in_doubt_and_resolved_by_policy(
    ledger_url: str, scope: str
) -> None:
    with Ledger(ledger_url, scope).run() as run:
        run.mark_pending(["m1", "m2"], kind="campaign_triggers")
        run.mark_pending(["e1", "e2", "e3"], kind="events")
        # ...and the run dies before the answers come.

    with Ledger(ledger_url, scope).run() as rerun:
        assert rerun.in_doubt() == 5
        assert rerun.in_doubt(kind="events") == 3
        # Customer messages: at most once. Events: at least once.
        assert rerun.resolve_in_doubt("at_most_once", kind="campaign_triggers") == 2
        assert rerun.resolve_in_doubt("at_least_once", kind="events") == 3

        assert rerun.in_doubt() == 0
        assert rerun.delivered(["m1", "m2", "e1", "e2", "e3"]) == {"m1", "m2"}


def test_forgotten_keys_may_be_sent_again(ledger_url: str, scope: str) -> None:
    with Ledger(ledger_url, scope).run() as run:
        run.mark_pending(["k1"])
        run.forget(["k1"])
        assert run.delivered(["k1"]) == set()
        assert run.in_doubt() == 0


def test_a_second_run_of_the_same_scope_is_refused(ledger_url: str, scope: str) -> None:
    with Ledger(ledger_url, scope).run():
        with (
            pytest.raises(LedgerBusyError, match="cannot interleave"),
            Ledger(ledger_url, scope).run(),
        ):
            pass
        with Ledger(ledger_url, scope + ":other").run():
            pass  # another scope in the same database runs freely


def test_a_killed_run_does_not_block_the_rerun(ledger_url: str, scope: str, tmp_path: Path) -> None:
    holder = textwrap.dedent(
        f"""
        import sys, time
        from delivery_ledger import Ledger
        with Ledger({ledger_url!r}, {scope!r}).run() as run:
            run.mark_pending(["in-flight"])
            print("holding", flush=True)
            time.sleep(60)
        """
    )
    with subprocess.Popen([sys.executable, "-c", holder], stdout=subprocess.PIPE, text=True) as p:
        assert p.stdout.readline().strip() == "holding"
        with pytest.raises(LedgerBusyError):
            Ledger(ledger_url, scope).run().__enter__()
        p.kill()  # SIGKILL: no cleanup code runs
        p.wait()

    with Ledger(ledger_url, scope).run() as rerun:
        assert rerun.in_doubt() == 1


def test_control_numbers_are_never_reused_and_stable_per_key(ledger_url: str, scope: str) -> None:
    with Ledger(ledger_url, scope).run() as run:
        first = run.number_for("interchange:A", "ZZ:ACME:isa13")
        second = run.number_for("interchange:B", "ZZ:ACME:isa13")
        again = run.number_for("interchange:A", "ZZ:ACME:isa13")
        other_partner = run.number_for("interchange:A", "ZZ:OTHER:isa13")
        run.forget(["interchange:A"])  # forgetting a delivery never frees its number

    with Ledger(ledger_url, scope).run() as rerun:
        third = rerun.number_for("interchange:C", "ZZ:ACME:isa13")
        retry = rerun.number_for("interchange:B", "ZZ:ACME:isa13")

    assert (first, second, again, third, retry) == (1, 2, 1, 3, 2)
    assert other_partner == 1


def test_an_exhausted_counter_says_so(ledger_url: str, scope: str) -> None:
    with Ledger(ledger_url, scope).run() as run:
        assert run.number_for("a", "gs06", start=9, maximum=10) == 9
        assert run.number_for("b", "gs06", start=9, maximum=10) == 10
        with pytest.raises(OverflowError, match="never reused"):
            run.number_for("c", "gs06", start=9, maximum=10)


def test_unchanged_content_is_recognised(ledger_url: str, scope: str) -> None:
    with Ledger(ledger_url, scope).run() as run:
        assert not run.unchanged("user:u1", "digest-1")
        run.remember_many({"user:u1": "digest-1", "user:u2": "digest-2"})
        assert run.unchanged("user:u1", "digest-1")
        assert run.unchanged_many({"user:u1": "digest-1", "user:u2": "digest-9"}) == {"user:u1"}
        run.remember("user:u2", "digest-9")
        assert run.unchanged("user:u2", "digest-9")


def test_large_batches_cross_the_statement_limits(ledger_url: str, scope: str) -> None:
    keys = [f"f2:order-{n}:RESCHEDULED:doc:{n}" for n in range(2_345)]
    with Ledger(ledger_url, scope).run() as run:
        run.mark_pending(keys)
        run.mark_delivered(keys)
        assert run.delivered(keys) == set(keys)


def test_no_key_is_stored_in_the_clear(tmp_path: Path) -> None:
    database = tmp_path / "ledger.sqlite"
    with Ledger(f"sqlite:///{database}", "target-braze").run() as run:
        run.mark_delivered(["f1:C9:OPEN:customer-4711@example.com"])
        run.remember("customer-4711@example.com", "abc")
        run.number_for("customer-4711@example.com", "isa13")

    assert b"customer-4711" not in database.read_bytes()
