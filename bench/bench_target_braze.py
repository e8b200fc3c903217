"""target-braze benchmark: throughput against the usual script, CPU against the SDK's floor, and
trigger sends against the rate limit. Every figure is compared within the same run.

The Braze sandbox runs in this process and adds 50 ms of latency to every API request, so
requests cost what a round trip to Braze costs. The targets run as real processes.

1. /users/track records/s. The same attributes, events and purchases go through target-braze
   (as one Singer stream each, the way a tap sends them) and through a plain sequential script
   that posts 75 objects per request with `requests`, the way most teams do it today. Target: 10x.
   target-braze runs with `max_concurrent_requests` 16 (TRACK_CONCURRENCY; its default is 8),
   far below what Braze's /users/track limit of 3,000 requests per 3 s allows. The script runs
   once beside each target-braze round, so both see the same machine; the medians count. Two
   ratios are printed: over target-braze's whole run (process start-up, reading and validating
   the input included) and over its sending window (first request in to last answer out, the
   script's own measure: its timer starts as it begins sending). Each target reads its input
   from a file (see run_process). For scale, the no-op target's wall time on the same input is
   printed as a rate too: the SDK reading and validating the records, nothing sent, is a ceiling
   no SDK target can pass on the machine as loaded at that moment.
2. CPU-seconds per record. target-braze and a no-op target on singer-sdk (a BatchSink that drops
   its records, `noop_target/noop_target_braze.py`) read the same input. Target: at most 1.5x.
3. Trigger sends. The sandbox enforces a rate limit on the messaging pool; target-braze sends
   campaign triggers (50 recipients a request) for more than two windows. Throughput as a share
   of the limit, and the 429s that reached it. Target: at least 90%, no 429.

Both targets first run once, untimed, on a few records with Python's bytecode cache in a
temporary folder of their own (see child_environment): an installed package runs from compiled
bytecode, but with PYTHONDONTWRITEBYTECODE set every timed run would compile each module it
imports again, and target-braze imports more modules than the no-op target.

Run from the repository root with the environment that has target-braze and the sandbox
installed: `python bench/bench_target_braze.py`.
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import requests

from grid_braze_sandbox.runtime import running_sandbox

LATENCY_SECONDS = 0.05
RECORDS_PER_STREAM = 15_000  # attributes, events and purchases: 45,000 records
ROUNDS = 3
BASELINE_RECORDS_PER_STREAM = 1_500  # the script is slow; its rate is steady from the start
TRACK_CONCURRENCY = 16  # target-braze's max_concurrent_requests for the /users/track rounds
TRIGGER_LIMIT = 250  # requests per window, in the pool trigger sends to recipients use
TRIGGER_WINDOW_SECONDS = 10.0
TRIGGER_REQUESTS = 2 * TRIGGER_LIMIT + 1  # two full windows, and one request into the third
RECIPIENTS_PER_REQUEST = 50
NOOP_TARGET = Path(__file__).parent / "noop_target" / "noop_target_braze.py"
TIME = "2026-11-27T04:00:00Z"


def schema(stream: str, properties: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "SCHEMA",
        "stream": stream,
        "key_properties": [],
        "schema": {"type": "object", "properties": properties},
    }


def text_type(*kinds: str) -> dict[str, Any]:
    return {"type": [*kinds, "null"]}


def track_records(prefix: str, count: int) -> dict[str, list[dict[str, Any]]]:
    users = [f"{prefix}-{n}" for n in range(count)]
    return {
        "user_attributes": [
            {"external_id": u, "tier": "GOLD", "region": "EU", "message_key": f"a:{u}"}
            for u in users
        ],
        "events": [
            {
                "external_id": u,
                "name": "product_viewed",
                "time": TIME,
                "properties": {"sku": f"SKU-{n % 500}"},
                "message_key": f"e:{u}",
            }
            for n, u in enumerate(users)
        ],
        "purchases": [
            {
                "external_id": u,
                "product_id": f"SKU-{n % 500}",
                "currency": "USD",
                "price": 19.5,
                "time": TIME,
                "properties": {"order_id": f"O-{n}"},
                "message_key": f"p:{u}",
            }
            for n, u in enumerate(users)
        ],
    }


TRACK_SCHEMAS = {
    "user_attributes": {
        "external_id": text_type("string"),
        "tier": text_type("string"),
        "region": text_type("string"),
        "message_key": text_type("string"),
    },
    "events": {
        "external_id": text_type("string"),
        "name": text_type("string"),
        "time": {"type": ["string", "null"], "format": "date-time"},
        "properties": text_type("object"),
        "message_key": text_type("string"),
    },
    "purchases": {
        "external_id": text_type("string"),
        "product_id": text_type("string"),
        "currency": text_type("string"),
        "price": text_type("number"),
        "time": {"type": ["string", "null"], "format": "date-time"},
        "properties": text_type("object"),
        "message_key": text_type("string"),
    },
    "campaign_triggers": {
        "external_id": text_type("string"),
        "campaign_id": text_type("string"),
        "trigger_properties": text_type("object"),
        "message_key": text_type("string"),
    },
}


def singer_text(streams: dict[str, list[dict[str, Any]]]) -> str:
    lines = [schema(name, TRACK_SCHEMAS[name]) for name in streams]
    for name, records in streams.items():
        lines.extend({"type": "RECORD", "stream": name, "record": r} for r in records)
    lines.append({"type": "STATE", "value": {"bookmarks": {"bench": {"done": True}}}})
    return "".join(json.dumps(line) + "\n" for line in lines)


def child_environment(pycache: Path) -> dict[str, str]:
    """The targets' environment: a bytecode cache of their own, written even where the calling
    environment sets PYTHONDONTWRITEBYTECODE."""
    env = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
    return env | {"PYTHONPYCACHEPREFIX": str(pycache)}


def run_process(
    command: list[str], text: str, env: dict[str, str] | None = None
) -> tuple[float, float, str]:
    """Wall seconds, CPU seconds (user + system) of the child, and its stderr.

    The child reads its input from a file. Fed through a pipe by this process, it would wait on
    a writer that shares the interpreter lock with the sandbox's request threads, which a tap
    (a process of its own) never does; the writing would also cost the sandbox CPU."""
    with tempfile.TemporaryFile("w+", encoding="utf-8") as stdin:
        stdin.write(text)
        stdin.seek(0)
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        result = subprocess.run(
            command, stdin=stdin, capture_output=True, text=True, check=False, env=env
        )
        wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        sys.exit(f"{command[-3:]} failed:\n{result.stderr[-3000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, result.stderr


def baseline_script(api_url: str, api_key: str, streams: dict[str, list[dict]]) -> float:
    """The usual loop: 75 objects of one kind per request, one request after another."""
    session = requests.Session()
    headers = {"Authorization": f"Bearer {api_key}", "Content-Type": "application/json"}
    arrays = {"user_attributes": "attributes", "events": "events", "purchases": "purchases"}
    started = time.perf_counter()
    for stream, records in streams.items():
        objects = [{k: v for k, v in r.items() if k != "message_key"} for r in records]
        for start in range(0, len(objects), 75):
            body = {arrays[stream]: objects[start : start + 75]}
            response = session.post(f"{api_url}/users/track", json=body, headers=headers)
            response.raise_for_status()
    return time.perf_counter() - started


class RequestClock:
    """Wraps the sandbox's WSGI app to note when each request to `path` arrived and when its
    answer was ready (wall clock)."""

    def __init__(self, app: Any, path: str) -> None:
        self._app = app
        self._path = path
        self._lock = threading.Lock()
        self.arrivals: list[float] = []
        self.answers: list[float] = []

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        if environ.get("PATH_INFO", "").rstrip("/") != self._path:
            return self._app(environ, start_response)
        with self._lock:
            self.arrivals.append(time.time())
        answer = self._app(environ, start_response)
        with self._lock:
            self.answers.append(time.time())
        return answer


def main() -> None:
    with (
        tempfile.TemporaryDirectory(prefix="bench-target-braze-") as folder,
        tempfile.TemporaryDirectory(prefix="bench-target-braze-pycache-") as pycache,
    ):
        work = Path(folder)
        env = child_environment(Path(pycache))
        with running_sandbox(work / "sandbox") as sandbox:
            settings = sandbox.braze_settings()
            api = settings["api_url"]
            requests.post(f"{api}/_sandbox/faults", json={"latency_seconds": LATENCY_SECONDS})

            def target_config(name: str, **extra: Any) -> Path:
                config = {
                    "api_url": api,
                    "api_key": settings["api_key"],
                    "ledger_url": f"sqlite:///{work / name}.sqlite",
                    "dead_letter_dir": str(work / f"{name}-dead-letters"),
                    **extra,
                }
                path = work / f"{name}.json"
                path.write_text(json.dumps(config))
                return path

            braze = [sys.executable, "-m", "target_braze", "--config"]
            noop = [sys.executable, str(NOOP_TARGET), "--config"]
            noop_config = work / "noop.json"
            noop_config.write_text("{}")

            # Warm-up: both targets once on a few records, so bytecode caches exist for both.
            warm = singer_text(track_records("warm", 10))
            run_process([*braze, str(target_config("warm"))], warm, env)
            run_process([*noop, str(noop_config)], warm, env)

            # 1 and 2: /users/track ---------------------------------------------------------
            streams = track_records("bench", RECORDS_PER_STREAM)
            records = 3 * RECORDS_PER_STREAM
            text = singer_text(streams)
            server = sandbox.braze_server._server  # a timing shim around the app, bench only
            # CPU timings on a shared machine are noisy: each target runs ROUNDS times,
            # interleaved, and the least CPU of each counts. Every target-braze round has a
            # fresh ledger, so it sends everything again.
            braze_cpus, noop_cpus, walls, spans, startups, track_requests = [], [], [], [], [], []
            base_walls, noop_walls = [], []
            for round_number in range(ROUNDS):
                track_clock = RequestClock(server.app, "/users/track")
                server.app = track_clock
                started = time.time()
                wall, cpu, log = run_process(
                    [
                        *braze,
                        str(
                            target_config(
                                f"track-{round_number}", max_concurrent_requests=TRACK_CONCURRENCY
                            )
                        ),
                    ],
                    text,
                    env,
                )
                server.app = track_clock._app
                assert "sent=15000" in log, "every record must reach the sandbox"
                walls.append(wall)
                braze_cpus.append(cpu)
                spans.append(max(track_clock.answers) - min(track_clock.arrivals))
                startups.append(min(track_clock.arrivals) - started)
                track_requests.append(len(track_clock.arrivals))
                noop_wall, noop_cpu, _ = run_process([*noop, str(noop_config)], text, env)
                noop_walls.append(noop_wall)
                noop_cpus.append(noop_cpu)
                base_streams = track_records(f"base{round_number}", BASELINE_RECORDS_PER_STREAM)
                base_walls.append(baseline_script(api, settings["api_key"], base_streams))
            braze_wall, track_span = statistics.median(walls), statistics.median(spans)
            braze_cpu, noop_cpu = min(braze_cpus), min(noop_cpus)
            base_wall = statistics.median(base_walls)
            base_rate = 3 * BASELINE_RECORDS_PER_STREAM / base_wall
            braze_rate = records / braze_wall

            # 3: trigger sends at the rate limit ------------------------------------------------
            requests.post(f"{api}/_sandbox/campaigns", json={"name": "restock_notice"})
            requests.post(
                f"{api}/_sandbox/rate_limits",
                json={
                    "default": {"limit": TRIGGER_LIMIT, "window_seconds": TRIGGER_WINDOW_SECONDS}
                },
            )
            server = sandbox.braze_server._server
            clock = RequestClock(server.app, "/campaigns/trigger/send")
            server.app = clock
            triggers = [
                {
                    "external_id": f"shopper-{n}",
                    "campaign_id": "restock_notice",
                    "trigger_properties": {"sku": f"SKU-{n % 500}", "available_qty": 5},
                    "message_key": f"f6r:SKU-{n % 500}:shopper-{n}:bench",
                }
                for n in range(TRIGGER_REQUESTS * RECIPIENTS_PER_REQUEST)
            ]
            # The wait in this run is the limit's: its 5-minute batches keep the drains whole.
            trigger_text = singer_text({"campaign_triggers": triggers})
            trigger_wall, _, trigger_log = run_process(
                [*braze, str(target_config("triggers"))], trigger_text, env
            )
            server.app = clock._app
            log_rows = requests.get(
                f"{api}/_sandbox/requests", params={"path": "/campaigns/trigger/send"}
            ).json()["requests"]
            statuses = [row["status"] for row in log_rows]
            arrivals = sorted(clock.arrivals)
            span = arrivals[-1] - arrivals[0]
            achieved = (len(arrivals) - 1) / span
            allowed = TRIGGER_LIMIT / TRIGGER_WINDOW_SECONDS

    per_record_braze = braze_cpu / records
    per_record_noop = noop_cpu / records
    print(f"target-braze benchmark (sandbox latency {LATENCY_SECONDS * 1000:.0f} ms per request)")
    print()
    print(f"1. /users/track, {records:,} records (attributes, events, purchases)")
    print(
        f"   target-braze:      {braze_rate:9,.0f} records/s  ({braze_wall:.1f} s wall, start-up "
        f"included; {track_requests[0]} requests, {TRACK_CONCURRENCY} concurrent; median of "
        f"{ROUNDS} runs)"
    )
    print(
        f"   sequential script: {base_rate:9,.0f} records/s  "
        f"({3 * BASELINE_RECORDS_PER_STREAM:,} records, 75 per request; median of {ROUNDS} runs)"
    )
    print(f"   ratio:             {braze_rate / base_rate:9.1f}x   (target: >= 10x)")
    sending_rate = records / track_span
    print(
        f"   while sending:     {sending_rate:9,.0f} records/s  (first request in to last answer "
        f"out, {track_span:.1f} s): {sending_rate / base_rate:.1f}x the script"
    )
    print(
        f"   start-up:          {statistics.median(startups):9.1f} s  before target-braze's "
        f"first request (median)"
    )
    noop_rate = records / statistics.median(noop_walls)
    print(
        f"   no-op SDK target:  {noop_rate:9,.0f} records/s  (reading the same input, nothing "
        f"sent; median of {ROUNDS} runs): {noop_rate / base_rate:.1f}x the script"
    )
    print()
    print(f"2. CPU seconds per record, same input (least of {ROUNDS} runs each)")
    print(f"   target-braze:      {per_record_braze * 1e6:9.1f} us/record  ({braze_cpu:.2f} s)")
    print(f"   no-op SDK target:  {per_record_noop * 1e6:9.1f} us/record  ({noop_cpu:.2f} s)")
    print(f"   ratio:             {per_record_braze / per_record_noop:9.2f}x   (target: <= 1.5x)")
    print()
    print(
        f"3. Trigger sends: {len(triggers):,} recipients in {len(arrivals)} requests, "
        f"limit {TRIGGER_LIMIT} per {TRIGGER_WINDOW_SECONDS:.0f} s"
    )
    print(f"   achieved:          {achieved:9.2f} requests/s  (first to last request)")
    print(f"   allowed:           {allowed:9.2f} requests/s")
    print(f"   share of limit:    {achieved / allowed:9.1%}   (target: >= 90%)")
    print(
        f"   429s at the sandbox: {statuses.count(429)}; in target-braze's log: "
        f"{trigger_log.count('429, waiting')}   (target: 0); run took {trigger_wall:.1f} s"
    )
    print(f"   load average during the run: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")


if __name__ == "__main__":
    main()
