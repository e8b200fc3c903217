"""TargetBraze: users, events, purchases, messages and catalogs to Braze."""

from __future__ import annotations

import gc
from functools import cached_property
from typing import IO

from singer_sdk import Sink, Target
from singer_sdk import typing as th
from singer_sdk.contrib.msgspec import MsgSpecReader
from typing_extensions import override

from target_braze.kinds import DEFAULT_IN_DOUBT, SINK_KINDS
from target_braze.runtime import DEFAULT_CONCURRENCY, Runtime
from target_braze.sinks import SINK_CLASSES

# Records, items and requests allocate many small containers, and CPython's cyclic collector
# would run hundreds of times a run, walking every object of the SDK and of its imports each
# time it reaches the oldest generation: about a tenth of the target's CPU. Those are frozen
# (they live as long as the process anyway), and the youngest generation is collected after
# this many allocations instead of 700.
GC_FIRST_THRESHOLD = 20_000


class UnknownStreamError(ValueError):
    """A stream that maps to no Braze sink."""


class TargetBraze(Target):
    """Delivers each stream to the Braze endpoint its sink kind names."""

    name = "target-braze"
    # msgspec decodes each input line several times faster than the json module.
    message_reader_class = MsgSpecReader

    config_jsonschema = th.PropertiesList(
        th.Property(
            "api_url",
            th.URIType(),
            title="REST endpoint",
            description="Your instance's REST endpoint, e.g. https://rest.iad-03.braze.com.",
        ),
        th.Property(
            "api_key",
            th.StringType(),
            secret=True,
            title="REST API key",
            description="Needs the permissions listed in the README, and no more.",
        ),
        th.Property(
            "stream_kinds",
            th.ObjectType(additional_properties=th.StringType()),
            title="Stream kinds",
            description=(
                "Stream name → sink kind, for streams not named after their sink. Kinds: "
                + ", ".join(SINK_KINDS)
                + "."
            ),
        ),
        th.Property(
            "message_key_field",
            th.StringType(),
            default="message_key",
            description="Column that identifies a record once; without it, a hash of the record.",
        ),
        th.Property(
            "max_objects_per_request",
            th.IntegerType(),
            default=75,
            description=(
                "/users/track: 75 sends up to 75 attributes, 75 events and 75 purchases per "
                "request; a lower value is a combined cap (50 for the newer MAU contracts)."
            ),
        ),
        th.Property(
            "update_existing_only",
            th.BooleanType(),
            default=False,
            description="Set Braze's _update_existing_only: never create a user profile.",
        ),
        th.Property(
            "merge_objects",
            th.BooleanType(),
            default=False,
            description="Set Braze's _merge_objects: nested attribute objects are merged.",
        ),
        th.Property(
            "ledger_url",
            th.StringType(),
            secret=True,
            default="sqlite:///.target-braze/ledger.sqlite",
            title="Ledger URL",
            description="SQLAlchemy URL of the delivery ledger (may carry a password).",
        ),
        th.Property(
            "dead_letter_dir",
            th.StringType(),
            default=".target-braze/dead-letters",
            title="Dead-letter folder",
            description="Where records Braze rejected are kept, as Singer messages to replay.",
        ),
        th.Property(
            "in_doubt",
            th.ObjectType(additional_properties=th.StringType()),
            title="In-doubt policy",
            description=(
                "Sink kind → at_most_once or at_least_once, for records a crash left pending. "
                "Defaults: "
                + ", ".join(f"{kind} {policy}" for kind, policy in DEFAULT_IN_DOUBT.items())
                + "."
            ),
        ),
        th.Property(
            "max_message_age_hours",
            th.IntegerType(),
            title="Maximum message age",
            description=(
                "Trigger and event records whose time (or ready_at) is older go to dead "
                "letters instead of Braze."
            ),
        ),
        th.Property(
            "max_sends_per_run",
            th.IntegerType(),
            title="Maximum sends per run",
            description="A batch that would pass this many campaign and Canvas messages fails.",
        ),
        th.Property(
            "paused",
            th.BooleanType(),
            default=False,
            description="Send nothing and emit no state, so the next run gets the records again.",
        ),
        th.Property(
            "dry_run",
            th.BooleanType(),
            default=False,
            description="Write the requests to dry_run_path instead of sending them.",
        ),
        th.Property(
            "dry_run_path",
            th.StringType(),
            default="target-braze-dry-run.jsonl",
            description="The file a dry run writes its requests to (one JSON line each).",
        ),
        th.Property(
            "max_concurrent_requests",
            th.IntegerType(),
            default=DEFAULT_CONCURRENCY,
            description="Requests in flight at once; each endpoint family is paced on its own.",
        ),
    ).to_dict()

    @override
    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        # Sinks drain one after another: the requests of one drain already run concurrently,
        # and the /users/track sinks pack their records into shared requests.
        self.max_parallelism = 1

    @cached_property
    def runtime(self) -> Runtime:
        """Created with the first sink, so --about and refused streams never touch Braze."""
        return Runtime(self.config, self.logger)

    def sink_kind(self, stream_name: str) -> str:
        configured = (self.config.get("stream_kinds") or {}).get(stream_name)
        kind = configured or stream_name
        if kind in SINK_CLASSES:
            return kind
        if configured:
            msg = (
                f"stream_kinds maps stream {stream_name!r} to {configured!r}, which is not a "
                f"sink kind; kinds are: {', '.join(SINK_KINDS)}"
            )
        else:
            msg = (
                f"Stream {stream_name!r} maps to no Braze sink. Name the stream after a sink "
                f"kind ({', '.join(SINK_KINDS)}) or map it in the stream_kinds setting."
            )
        raise UnknownStreamError(msg)

    @override
    def get_sink_class(self, stream_name: str) -> type[Sink]:
        return SINK_CLASSES[self.sink_kind(stream_name)]

    @override
    def listen(self, file_input: IO[str] | None = None) -> None:
        gc.freeze()
        gc.set_threshold(GC_FIRST_THRESHOLD, *gc.get_threshold()[1:])
        try:
            super().listen(file_input)
        finally:
            # After a failure too: the report is logged and the ledger lock let go.
            if "runtime" in self.__dict__:
                self.runtime.close()

    @override
    def process_endofpipe(self) -> None:
        super().process_endofpipe()
        if "runtime" in self.__dict__:
            self.runtime.wait()  # a failure in the last batch fails the run
            self.runtime.close()

    @override
    def _write_state_message(self, state: dict) -> None:
        # State tells the tap where to resume: a paused or dry run delivered nothing, so it
        # must not move the bookmark.
        if "runtime" in self.__dict__:
            # Batches are delivered in the background: state waits until they all are, and
            # is never written when one failed (the failure is raised here).
            self.runtime.wait()
            if self.runtime.paused or self.runtime.dry_run:
                self.logger.info("State not emitted: the run is paused or a dry run")
                return
        super()._write_state_message(state)


if __name__ == "__main__":
    TargetBraze.cli()
