"""Concurrent clients: every request is answered, none deadlocks, nothing is lost."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from braze_http import BrazeHttp


def test_parallel_tracking_sending_and_clock_moves(braze: BrazeHttp) -> None:
    braze.admin("POST", "campaigns", {"name": "restock_notice"})
    braze.track(
        attributes=[{"external_id": f"c{i}", "email": f"c{i}@example.test"} for i in range(50)]
    )

    def track(worker: int) -> list[int]:
        client = braze.with_key(braze.key)
        statuses = []
        for n in range(20):
            event = {"external_id": f"c{n}", "name": f"w{worker}", "time": "2026-01-01T00:00:00Z"}
            group = {"subscription_group_id": f"g{worker}", "subscription_state": "subscribed"}
            statuses.append(
                client.track(
                    events=[event],
                    attributes=[{"external_id": f"c{n}", "subscription_groups": [group]}],
                ).status_code
            )
        return statuses

    def send(_worker: int) -> list[int]:
        client = braze.with_key(braze.key)
        recipients = [{"external_user_id": f"c{i}"} for i in range(50)]
        body = {"campaign_id": "restock_notice", "recipients": recipients}
        return [client.post("/campaigns/trigger/send", body).status_code for _ in range(5)]

    def tick(_worker: int) -> list[int]:
        return [200 for _ in range(10) if braze.admin("POST", "clock", {"advance_seconds": 600})]

    with ThreadPoolExecutor(max_workers=9) as pool:
        futures = [pool.submit(track, w) for w in range(4)]
        futures += [pool.submit(send, w) for w in range(4)]
        futures.append(pool.submit(tick, 0))
        results = [future.result(timeout=60) for future in futures]
    assert [len(r) for r in results] == [20] * 4 + [5] * 4 + [10]
    assert {status for r in results[:4] for status in r} == {201}
    assert {status for r in results[4:8] for status in r} == {201}
    events = braze.user("c0")["custom_events"]
    assert sorted(e["name"] for e in events) == ["w0", "w1", "w2", "w3"]
    assert len(braze.admin("GET", "sends")["sends"]) == 20
