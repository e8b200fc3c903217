"""A no-op target on singer-sdk 0.54: a BatchSink that drops its records.

bench_target_braze.py feeds it the same input as target-braze. Its CPU time per record is the
floor any SDK target pays (reading, parsing, validating, batching), so the ratio between the two
is the cost target-braze adds on top. It lives in a folder of its own so that `make bench`, which
runs every `bench/*.py`, does not start it as a benchmark.
"""

from __future__ import annotations

from singer_sdk import BatchSink, Target
from singer_sdk import typing as th
from typing_extensions import override


class DropSink(BatchSink):
    @override
    def process_batch(self, context: dict) -> None:
        context["records"] = []


class NoopTarget(Target):
    name = "target-noop"
    config_jsonschema = th.PropertiesList().to_dict()
    default_sink_class = DropSink


if __name__ == "__main__":
    NoopTarget.cli()
