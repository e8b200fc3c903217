"""One run of the target: its client, ledger, dead letters, guards and report, and the path a
batch of records takes from the SDK to Braze."""

from __future__ import annotations

import contextlib
import datetime as dt
import threading
import time
import uuid
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

from singer_sdk.exceptions import ConfigValidationError

from target_braze.bookkeeping import DryRunLedger, LedgerRun, open_ledger, settle
from target_braze.client import BrazeClient, BrazeError
from target_braze.dead_letters import DeadLetter, DeadLetterWriter, DryRunRecorder
from target_braze.delivery import DeliveryContext, Dispatcher, Item
from target_braze.guards import GuardError, missing_message_ids, too_old
from target_braze.kinds import DEFAULT_IN_DOUBT, IN_DOUBT_POLICIES, SINK_KINDS, USERS_TRACK_KINDS
from target_braze.packing import UsersTrackPacker
from target_braze.pipeline import DeliveryPipeline
from target_braze.report import RunReport
from target_braze.sinks.base import InvalidRecordError
from target_braze.sinks.users_track import UsersTrackEndpoint

if TYPE_CHECKING:
    import logging

    from target_braze.sinks.base import BrazeSink

DEFAULT_CONCURRENCY = 8
# /users/track records that may wait unsent (read ahead of the requests), unless
# batch_size_rows says otherwise.
USERS_TRACK_BACKLOG = 25_000
# Progress of /users/track streams, which drain in small batches, is logged this often.
PROGRESS_LOG_SECONDS = 10.0


def in_doubt_policies(configured: Mapping[str, str] | None) -> dict[str, str]:
    policies = dict(DEFAULT_IN_DOUBT)
    for kind, policy in (configured or {}).items():
        if kind not in SINK_KINDS or policy not in IN_DOUBT_POLICIES:
            msg = (
                f"in_doubt: {kind!r} → {policy!r} is not valid; kinds are {', '.join(SINK_KINDS)} "
                f"and policies {', '.join(IN_DOUBT_POLICIES)}"
            )
            raise ConfigValidationError(msg)
        policies[kind] = policy
    return policies


class Runtime:
    def __init__(self, config: Mapping[str, Any], logger: logging.Logger) -> None:
        self.logger = logger
        self.run_id = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ-") + uuid.uuid4().hex[:8]
        self.report = RunReport(logger)
        self.dry_run = bool(config.get("dry_run"))
        self.paused = bool(config.get("paused"))
        self.max_message_age_hours = config.get("max_message_age_hours")
        self.max_sends_per_run = config.get("max_sends_per_run")
        self.policies = in_doubt_policies(config.get("in_doubt"))
        self.users_track_endpoint = UsersTrackEndpoint.from_setting(
            int(config.get("max_objects_per_request") or 75)
        )
        concurrency = int(config.get("max_concurrent_requests") or DEFAULT_CONCURRENCY)
        self.executor = ThreadPoolExecutor(concurrency, thread_name_prefix="braze-request")
        self.client: BrazeClient | None = None
        self.recorder: DryRunRecorder | None = None
        self._held = contextlib.ExitStack()  # the ledger, held for the whole run
        self.ledger: LedgerRun | DryRunLedger
        if self.dry_run:
            self.recorder = DryRunRecorder(config["dry_run_path"])
            self.ledger = DryRunLedger()
            logger.info("Dry run: requests are written to a file, nothing is sent")
        else:
            if not config.get("api_url") or not config.get("api_key"):
                msg = "api_url and api_key are required (unless dry_run is set)"
                raise ConfigValidationError(msg)
            try:
                self.client = BrazeClient(
                    config["api_url"],
                    config["api_key"],
                    report=self.report,
                    logger=logger,
                    pool_size=concurrency,
                )
            except BrazeError as error:
                raise ConfigValidationError(str(error)) from None
            self.ledger = open_ledger(config["ledger_url"], self._held)
        self.dead_letters = DeadLetterWriter(config["dead_letter_dir"], self.run_id)
        self.report.in_doubt_at_start = settle(self.ledger, self.policies)
        self.report.log_in_doubt_at_start()
        self.context = DeliveryContext(
            client=self.client,
            ledger=self.ledger,
            dead_letters=self.dead_letters,
            report=self.report,
            logger=logger,
            executor=self.executor,
            in_doubt_policy=self.policies.__getitem__,
            dry_run=self.recorder,
        )
        self.dispatcher = Dispatcher(self.context)
        backlog = int(config.get("batch_size_rows") or USERS_TRACK_BACKLOG)
        self.packer = UsersTrackPacker(
            self.users_track_endpoint,
            self.dispatcher,
            self.executor,
            slots=concurrency,
            backlog=backlog,
        )
        # The /users/track sinks hand over their records in batches of this many: enough for
        # every slot to carry a full request, few enough that sending starts at once.
        self.users_track_drain_size = min(
            backlog, concurrency * self.users_track_endpoint.per_array
        )
        self._progress_logged_at = time.monotonic()
        self.pipeline = DeliveryPipeline()
        self._sinks: dict[str, BrazeSink] = {}
        self._unverified_ids: set[tuple[str, str]] = set()
        self._ids_lock = threading.Lock()  # records arrive while a batch is being checked
        self._verified_ids: set[tuple[str, str]] = set()
        self._catalogs: set[str] | None = None
        self.held = 0
        self.users_track_waiting = 0  # records the three /users/track sinks hold together
        self._closed = False

    # Sinks ----------------------------------------------------------------------------------

    def register(self, sink: BrazeSink) -> None:
        self._sinks[sink.stream_name] = sink

    def active_sinks(self) -> list[BrazeSink]:
        return list(self._sinks.values())

    def noticed(self, sink: BrazeSink, record: dict[str, Any]) -> None:
        """Called per record as it arrives: remember the campaigns and Canvases it will need."""
        for pair in sink.message_ids(record):
            if pair not in self._verified_ids:
                with self._ids_lock:
                    self._unverified_ids.add(pair)

    # Delivery -------------------------------------------------------------------------------

    def deliver(self, batches: list[tuple[BrazeSink, list[dict[str, Any]]]]) -> None:
        """Hand a batch to the background pipeline; the SDK goes on reading meanwhile."""
        self.pipeline.submit(lambda: self.deliver_now(batches))

    def wait(self) -> None:
        """Every batch handed over so far is delivered (or its failure is raised here)."""
        self.pipeline.submit(self.packer.drain)  # partial /users/track requests too
        self.pipeline.wait()

    def deliver_now(self, batches: list[tuple[BrazeSink, list[dict[str, Any]]]]) -> None:
        """Deliver records of one sink (or of the /users/track sinks packed together)."""
        if self.paused:
            held = sum(len(records) for _, records in batches)
            for sink, records in batches:
                self.report.add(sink.stream_name, "records", len(records))
            self.held += held
            self.logger.warning("paused: %d record(s) held back, nothing sent", held)
            return
        users_track = batches[0][0].kind in USERS_TRACK_KINDS
        if not users_track:
            # /users/track objects handed over before this batch are answered first (a trigger
            # may need the profile they create).
            self.packer.drain()
        # Every id the input has used so far, before this batch sends anything.
        self._verify_message_ids()
        now = dt.datetime.now(dt.UTC)
        items: list[Item] = []
        for sink, records in batches:
            self.report.add(sink.stream_name, "records", len(records))
            for record in records:
                try:
                    item = sink.prepare(record)
                except InvalidRecordError as error:
                    self._dead_record(sink, record, f"invalid record: {error}")
                    continue
                reason = too_old(sink.kind, record, self.max_message_age_hours, now)
                if reason:
                    self._dead_record(sink, record, reason)
                    continue
                items.append(item)
        items = self._drop_settled(items)
        items = self._drop_unchanged_attributes(items)
        self._check_send_budget(items)
        if users_track:
            self.packer.add(items)  # sent as slots free up, packed with what waits
            if time.monotonic() - self._progress_logged_at >= PROGRESS_LOG_SECONDS:
                self._log_progress(batches)
            return
        if not items:
            self._log_progress(batches)
            return
        planner = batches[0][0]
        planner.before_sending(items)
        for wave in planner.plan(items):
            self.dispatcher.deliver_wave(wave)
        self._log_progress(batches)

    def _log_progress(self, batches: list[tuple[BrazeSink, list[dict[str, Any]]]]) -> None:
        self._progress_logged_at = time.monotonic()
        for sink, _ in batches:
            self.report.log_stream(sink.stream_name)

    def _dead_record(self, sink: BrazeSink, record: dict[str, Any], reason: str) -> None:
        key = record.get(sink.message_key_field)
        self.dead_letters.write(
            [
                DeadLetter(
                    stream=sink.stream_name,
                    schema=sink.original_schema,
                    key_properties=list(sink.key_properties),
                    record=record,
                    reason=reason,
                    message_key=None if key is None else str(key),
                )
            ]
        )
        self.report.add(sink.stream_name, "dead_letters")

    def _drop_settled(self, items: list[Item]) -> list[Item]:
        """Skip keys the ledger has settled, keys still waiting or in flight, and repeats of
        one key within the batch."""
        by_kind: dict[str, list[str]] = {}
        for item in items:
            if item.ledger_key is not None:
                by_kind.setdefault(item.kind, []).append(item.ledger_key)
        settled: dict[str, set[str]] = {}
        for kind, keys in by_kind.items():
            # The packer first: a key it lets go of is in the ledger by then.
            outstanding = self.packer.outstanding_keys(kind, keys)
            settled[kind] = outstanding | self.ledger.delivered(keys, kind=kind)
        seen: set[tuple[str, str]] = set()
        kept = []
        for item in items:
            if item.ledger_key is not None:
                marker = (item.kind, item.ledger_key)
                if item.ledger_key in settled[item.kind] or marker in seen:
                    self.report.add(item.stream, "already_delivered")
                    continue
                seen.add(marker)
            kept.append(item)
        return kept

    def _drop_unchanged_attributes(self, items: list[Item]) -> list[Item]:
        """Braze bills data points: an attribute record equal to the last one sent is skipped."""
        identities = [i.identity for i in items if i.identity is not None]
        if not identities:
            return items
        # Hashes still on their way first: a hash the packer lets go of is in the ledger by then.
        latest = self.packer.queued_hashes(identities)
        unknown = [i for i in identities if i not in latest]
        if unknown:
            latest.update(self.ledger.remembered(unknown))
        kept = []
        for item in items:
            if item.identity is not None:
                if latest.get(item.identity) == item.value_hash:
                    self.report.add(item.stream, "unchanged")
                    continue
                latest[item.identity] = item.value_hash or ""
            kept.append(item)
        return kept

    def _check_send_budget(self, items: list[Item]) -> None:
        if self.max_sends_per_run is None:
            return
        sends = sum(1 for i in items if i.counts_as_send)
        already = self.context.sends[0]
        if sends and already + sends > self.max_sends_per_run:
            msg = (
                f"max_sends_per_run is {self.max_sends_per_run}: this batch would send {sends} "
                f"message(s) after {already}; nothing of it was sent"
            )
            raise GuardError(msg)

    def _verify_message_ids(self) -> None:
        with self._ids_lock:
            wanted = self._unverified_ids - self._verified_ids
        if not wanted:
            return
        if self.client is None:
            self.logger.info("Dry run: campaign and Canvas ids are not checked")
            self._verified_ids |= wanted
            return
        missing = missing_message_ids(self.client, wanted)
        if missing:
            msg = f"Unknown in Braze, so nothing was sent: {', '.join(missing)}"
            raise GuardError(msg)
        self._verified_ids |= wanted
        with self._ids_lock:
            self._unverified_ids -= wanted

    def ensure_catalog(self, stream: str, name: str, fields: list[dict[str, str]]) -> None:
        """Create a missing catalog from the stream's schema before its first items."""
        if self.client is None:
            if self.recorder is not None:
                body = {"catalogs": [{"name": name, "fields": fields}]}
                self.recorder.record("POST", "/catalogs (if missing)", body, stream)
            return
        if self._catalogs is None:
            reply = self.client.request(
                "GET", "/catalogs", family="catalogs_management", stream=stream
            )
            if not reply.ok:
                msg = f"GET /catalogs: HTTP {reply.status}: {reply.message}"
                raise BrazeError(msg)
            self._catalogs = {str(c.get("name")) for c in reply.body.get("catalogs") or []}
        if name in self._catalogs:
            return
        description = f"Created by target-braze from stream {stream}"[:250]
        body = {"catalogs": [{"name": name, "description": description, "fields": fields}]}
        reply = self.client.request(
            "POST", "/catalogs", body, family="catalogs_management", stream=stream
        )
        already = "catalog-name-already-exists" in reply.message
        if not reply.ok and not already:
            msg = f"POST /catalogs ({name}): HTTP {reply.status}: {reply.message}"
            raise BrazeError(msg)
        self.logger.info("Catalog %r created from the schema of stream %r", name, stream)
        self._catalogs.add(name)

    # End of run -----------------------------------------------------------------------------

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        with contextlib.suppress(BaseException):  # a failure was already raised to the run
            self.pipeline.wait()
        self.pipeline.stop()
        self.report.log_summary()
        if self.paused:
            self.logger.warning(
                "paused: %d record(s) were held back; no state was emitted, so they come again",
                self.held,
            )
        self.executor.shutdown(wait=True)
        self.dead_letters.close()
        if self.recorder is not None:
            self.recorder.close()
        if self.client is not None:
            self.client.close()
        self._held.close()  # lets go of the ledger
