"""tap-braze benchmark: Currents throughput and memory, and a 100k-user segment export.

Run from the repository root: `python bench/bench_tap_braze.py [--events 1000000]`.

Currents. It writes custom events (storefront-shaped properties, 1% redelivered in a later
file) as Avro files in Currents' folder layout, then reads them three ways, each in a process of
its own whose CPU time (from wait4) and peak RSS (its own VmHWM) are measured:

- plain fastavro: a bare loop over the files that builds the stream's records and drops them
  (no Singer at all; the reader's ceiling);
- bare SDK tap: a one-stream singer-sdk tap whose `get_records` is that same loop, writing
  Singer messages to /dev/null (the ceiling a Singer tap can reach);
- tap-braze: `currents_custom_events` from the same folder (listing, file state, per-run dedupe),
  writing to /dev/null.

tap-braze also runs on a fifth of the files: equal peak memory on both sizes is flat memory. The
target is tap-braze at 80% or more of the bare tap's events per CPU second.

Users export. An in-process emulator is filled with 10,000 and then 100,000 users through
/users/track, and tap-braze's `users` stream exports the segment each time; equal peak memory
at both sizes shows that the export is streamed, not held.

Times are CPU seconds of the child (user + system), so other load on a shared machine does not
tilt the comparison; wall seconds are printed beside them.
"""

from __future__ import annotations

import argparse
import atexit
import json
import os
import random
import subprocess
import sys
import tempfile
import time
import typing as t
from pathlib import Path

import fastavro

EVENT_TYPE = "users.behaviors.CustomEvent"
INTEGRATION = "dataexport.bench-01.S3.integration.bench"
EVENTS_PER_FILE = 20_000
DUPLICATE_SHARE = 0.01
NAMES = ("product_viewed", "cart_added", "cart_abandoned", "notify_me", "survey_response")


# Writing the Currents corpus ----------------------------------------------------------------


def custom_event_schema() -> dict[str, t.Any]:
    """The emulator's Currents schema for custom events (Braze's published field list)."""
    from grid_braze_sandbox.braze.currents import avro_schema

    return avro_schema(EVENT_TYPE, "S3")


def write_corpus(root: Path, events: int) -> list[Path]:
    rng = random.Random(20261127)
    schema = fastavro.parse_schema(custom_event_schema())
    base_time = 1_790_000_000
    files: list[Path] = []
    redeliver: list[dict[str, t.Any]] = []
    written = 0
    number = 0
    while written < events:
        count = min(EVENTS_PER_FILE, events - written)
        hour = time.strftime("%Y-%m-%d-%H", time.gmtime(base_time + 3600 * (number // 5)))
        folder = root / INTEGRATION / f"event_type={EVENT_TYPE}" / f"date={hour}" / "1" / "bench"
        folder.mkdir(parents=True, exist_ok=True)
        records = []
        for index in range(count):
            name = NAMES[index % len(NAMES)]
            sku = f"SKU-{rng.randrange(2000):05d}"
            properties = {"sku": sku}
            if name in {"cart_added", "cart_abandoned"}:
                properties["cart_id"] = f"cart-{rng.randrange(10**8)}"
            if name == "survey_response":
                properties = {"order_id": f"ORD-{rng.randrange(10**8)}", "score": 2, "comment": "x"}
            records.append(
                {
                    "id": _uuid_text(rng.getrandbits(128)),
                    "user_id": f"{rng.getrandbits(96):024x}",
                    "external_user_id": f"C{rng.randrange(10**6):06d}",
                    "time": base_time + written + index,
                    "app_group_id": "bench-workspace",
                    "name": name,
                    "properties": json.dumps(properties, separators=(",", ":")),
                }
            )
        # Currents delivers at least once: a share of each file comes again in the next one.
        records.extend(redeliver)
        redeliver = rng.sample(records[:count], int(count * DUPLICATE_SHARE))
        path = folder / f"{INTEGRATION}+0+{written}.avro"
        with path.open("wb") as handle:
            fastavro.writer(handle, schema, records)
        files.append(path)
        written += count
        number += 1
    return files


def _uuid_text(bits: int) -> str:
    text = f"{bits:032x}"
    return f"{text[:8]}-{text[8:12]}-4{text[13:16]}-{text[16:20]}-{text[20:]}"


def subset(root: Path, files: list[Path], target: Path, share: float) -> None:
    """Hard links to the first `share` of the files, in the same layout."""
    for path in files[: max(1, int(len(files) * share))]:
        link = target / path.relative_to(root)
        link.parent.mkdir(parents=True, exist_ok=True)
        os.link(path, link)


# The three readers, each run as a child process ---------------------------------------------


def plain_fastavro(root: str) -> int:
    from tap_braze.currents.families import FAMILIES
    from tap_braze.currents.records import converter_for

    convert = converter_for(FAMILIES[1], EVENT_TYPE)
    count = 0
    for path in sorted(Path(root).glob("*/event_type=*/date=*/*/*/*.avro")):
        with path.open("rb") as handle:
            for raw in fastavro.reader(handle):
                convert(raw)
                count += 1
    return count


def bare_sdk_tap(root: str) -> None:
    """A one-stream singer-sdk tap over the plain loop: the same records, nothing else."""
    from singer_sdk import Stream, Tap

    from tap_braze.currents.families import FAMILIES
    from tap_braze.currents.records import converter_for

    family = FAMILIES[1]

    class BareCurrentsStream(Stream):
        name = family.stream_name
        primary_keys = ("id",)
        schema = family.schema()

        def get_records(self, context: t.Any) -> t.Iterable[dict[str, t.Any]]:
            convert = converter_for(family, EVENT_TYPE)
            for path in sorted(Path(root).glob("*/event_type=*/date=*/*/*/*.avro")):
                with path.open("rb") as handle:
                    for raw in fastavro.reader(handle):
                        yield convert(raw)

    class BareTap(Tap):
        name = "tap-bare-currents"
        config_jsonschema: t.ClassVar[dict[str, t.Any]] = {"type": "object", "properties": {}}

        def discover_streams(self) -> list[Stream]:
            return [BareCurrentsStream(self)]

    BareTap(config={}, parse_env_config=False).sync_all()


def tap_braze_currents(root: str) -> None:
    from tap_braze.tap import TapBraze

    tap = TapBraze(config={"currents_url": Path(root).as_uri()}, parse_env_config=False)
    for stream in tap.streams.values():
        stream.selected = stream.name == "currents_custom_events"
    tap.sync_all()


CHILDREN: dict[str, t.Callable[[str], t.Any]] = {
    "plain": plain_fastavro,
    "bare": bare_sdk_tap,
    "tap": tap_braze_currents,
}


class Measured(t.NamedTuple):
    cpu_seconds: float
    wall_seconds: float
    peak_rss_mb: float
    records: int  # RECORD messages written, or the count a plain loop prints


PEAK_FILE_VARIABLE = "BENCH_PEAK_RSS_FILE"


def report_peak_rss_at_exit() -> None:
    """Write this process's own high-water RSS when it exits.

    wait4's `ru_maxrss` would not do: a forked child starts with its parent's resident pages
    counted, so it reports at least the parent's size. `VmHWM` belongs to the exec'd image alone.
    """
    target = os.environ.get(PEAK_FILE_VARIABLE)
    if not target:
        return

    def write() -> None:
        status = Path("/proc/self/status").read_text()
        peak_kb = next(
            int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM")
        )
        Path(target).write_text(str(peak_kb))

    atexit.register(write)


def measure(command: list[str], env: dict[str, str] | None = None) -> Measured:
    """Run a child, counting its records; CPU time from wait4, peak RSS from the child itself."""
    started = time.monotonic()
    with tempfile.TemporaryFile() as out, tempfile.NamedTemporaryFile() as peak:
        env = (env or dict(os.environ)) | {PEAK_FILE_VARIABLE: peak.name}
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.DEVNULL, env=env)
        _, status, usage = os.wait4(process.pid, 0)
        peak_mb = int(Path(peak.name).read_text() or 0) / 1024
        process.returncode = os.waitstatus_to_exitcode(status)
        wall = time.monotonic() - started
        if process.returncode != 0:
            raise RuntimeError(f"{command} failed with {process.returncode}")
        out.seek(0)
        records = 0
        for line in out:
            if line.strip().isdigit():
                records = int(line)
            elif b'"RECORD"' in line[:40]:
                records += 1
    return Measured(usage.ru_utime + usage.ru_stime, wall, peak_mb, records)


def child_command(mode: str, root: Path) -> list[str]:
    return [sys.executable, __file__, "--child", mode, str(root)]


def quiet_env() -> dict[str, str]:
    # The SDK's INFO logs would cost both taps alike; warnings only keeps the runs about reading.
    return os.environ | {"LOGLEVEL": "WARNING"}


# Users export -----------------------------------------------------------------------------------


def seed_users(api_url: str, api_key: str, first: int, last: int) -> None:
    import requests

    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {api_key}"
    tiers, regions = ("BRONZE", "SILVER", "GOLD"), ("NORTH", "SOUTH", "WEST")
    for start in range(first, last, 75):
        attributes = [
            {
                "external_id": f"C{n:07d}",
                "email": f"c{n:07d}@shop.example",
                "first_name": f"Customer {n}",
                "tier": tiers[n % 3],
                "region": regions[n % 3],
            }
            for n in range(start, min(start + 75, last))
        ]
        response = session.post(f"{api_url}/users/track", json={"attributes": attributes})
        response.raise_for_status()


def users_export_command(config: dict[str, t.Any], workdir: Path, name: str) -> list[str]:
    from tap_braze.tap import TapBraze

    config_file = workdir / f"{name}-config.json"
    config_file.write_text(json.dumps(config))
    catalog = TapBraze(config=config, parse_env_config=False).catalog_dict
    for entry in catalog["streams"]:
        for metadata in entry["metadata"]:
            if metadata["breadcrumb"] == []:
                metadata["metadata"]["selected"] = entry["tap_stream_id"] == "users"
    catalog_file = workdir / f"{name}-catalog.json"
    catalog_file.write_text(json.dumps(catalog))
    return [
        sys.executable,
        __file__,
        "--tap-cli",
        "--config",
        str(config_file),
        "--catalog",
        str(catalog_file),
    ]


def bench_users_export(workdir: Path, sizes: tuple[int, ...]) -> list[tuple[int, Measured]]:
    from grid_braze_sandbox.braze.config import BrazeConfig
    from grid_braze_sandbox.runtime import running_sandbox

    results = []
    with running_sandbox(workdir / "sandbox", braze_config=BrazeConfig()) as sandbox:
        config = sandbox.braze_settings()
        seeded = 0
        for size in sizes:
            seed_users(config["api_url"], config["api_key"], seeded, size)
            seeded = size
            command = users_export_command(config, workdir, f"users-{size}")
            measured = measure(command, quiet_env())
            if measured.records != size:
                raise RuntimeError(f"the export of {size} users gave {measured.records} records")
            results.append((size, measured))
    return results


# Report -------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0], allow_abbrev=False)
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--users", type=int, default=100_000)
    parser.add_argument("--child", nargs=2, metavar=("MODE", "ROOT"), help=argparse.SUPPRESS)
    parser.add_argument("--tap-cli", action="store_true", help=argparse.SUPPRESS)
    args, tap_arguments = parser.parse_known_args()
    report_peak_rss_at_exit()
    if args.tap_cli:
        from tap_braze.tap import TapBraze

        sys.argv = ["tap-braze", *tap_arguments]
        TapBraze.cli()
        return
    if args.child:
        mode, root = args.child
        result = CHILDREN[mode](root)
        if mode == "plain":
            print(result)
        return

    with tempfile.TemporaryDirectory(prefix="bench-tap-braze-") as folder:
        workdir = Path(folder)
        big, small = workdir / "currents-all", workdir / "currents-fifth"
        started = time.monotonic()
        files = write_corpus(big, args.events)
        subset(big, files, small, 0.2)
        duplicates = int(EVENTS_PER_FILE * DUPLICATE_SHARE) * (len(files) - 1)
        read_total = args.events + duplicates
        print(
            f"Currents corpus: {args.events:,} events + {duplicates:,} redelivered, "
            f"{len(files)} files ({time.monotonic() - started:.0f} s to write)"
        )

        runs = {}
        for mode in ("plain", "bare", "tap"):
            runs[mode] = measure(child_command(mode, big), quiet_env())
        small_runs = {
            mode: measure(child_command(mode, small), quiet_env()) for mode in ("bare", "tap")
        }

        print()
        print(
            f"{'reader':<16}{'records out':>12}{'CPU s':>8}{'wall s':>8}{'events/CPU s':>14}"
            f"{'peak MB (1/5)':>15}{'peak MB (all)':>15}"
        )
        for mode, label in (
            ("plain", "plain fastavro"),
            ("bare", "bare SDK tap"),
            ("tap", "tap-braze"),
        ):
            measured = runs[mode]
            emitted = measured.records
            rate = read_total / measured.cpu_seconds
            small_peak = f"{small_runs[mode].peak_rss_mb:.0f}" if mode in small_runs else "-"
            print(
                f"{label:<16}{emitted:>12,}{measured.cpu_seconds:>8.1f}{measured.wall_seconds:>8.1f}"
                f"{rate:>14,.0f}{small_peak:>15}{measured.peak_rss_mb:>15.0f}"
            )
        ratio = runs["bare"].cpu_seconds / runs["tap"].cpu_seconds
        ceiling = runs["plain"].cpu_seconds / runs["tap"].cpu_seconds
        growth = runs["tap"].peak_rss_mb / small_runs["tap"].peak_rss_mb
        print()
        print(f"tap-braze / bare SDK tap (events per CPU s): {ratio:.0%} (target: 80% or more)")
        print(f"tap-braze / plain fastavro: {ceiling:.0%}")
        print(
            f"tap-braze peak memory, all files / a fifth of them: {growth:.2f}x "
            "(flat is about 1.0x)"
        )
        print(
            f"tap-braze emitted {runs['tap'].records:,} of {read_total:,} events read: "
            f"{read_total - runs['tap'].records:,} redeliveries dropped"
        )

        print()
        sizes = (max(args.users // 10, 1), args.users)
        results = bench_users_export(workdir, sizes)
        print(f"{'users exported':<16}{'CPU s':>8}{'wall s':>8}{'users/CPU s':>13}{'peak MB':>10}")
        for size, measured in results:
            print(
                f"{size:<16,}{measured.cpu_seconds:>8.1f}{measured.wall_seconds:>8.1f}"
                f"{size / measured.cpu_seconds:>13,.0f}{measured.peak_rss_mb:>10.0f}"
            )
        (small_size, small_export), (big_size, big_export) = results
        print(
            f"peak memory, {big_size:,} / {small_size:,} users: "
            f"{big_export.peak_rss_mb / small_export.peak_rss_mb:.2f}x (flat is about 1.0x)"
        )


if __name__ == "__main__":
    main()
