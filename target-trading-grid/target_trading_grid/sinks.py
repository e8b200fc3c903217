"""The five sinks: three write EDI interchanges, two call Active Community.

Every record passes the same gate first (`GridSink.process_record`): it needs a message key,
must not look personal, and must be usable as it is. A record that fails goes to dead letters
with the reason; the run goes on. Failures of the destination itself (the mailbox or the API
down after retries) stop the run with a non-zero exit and no state, so nothing is lost.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

from singer_sdk.sinks import BatchSink
from typing_extensions import override

from supplychain_edi import EdiWriteError, parse
from target_trading_grid.active_community import (
    CASE_STATUSES,
    DECISIONS,
    ActiveCommunity,
    RecordRefusedError,
)
from target_trading_grid.delivery import interchange_file_name
from target_trading_grid.edi_documents import (
    Interchange,
    RowError,
    application_advice_records,
    check_ack_row,
    check_advice_row,
    check_demand_row,
    demand_signal_records,
    functional_ack_records,
    parse_timestamp,
    write_interchange,
)
from target_trading_grid.ledger import (
    attempt_marker,
    group_counter,
    interchange_counter,
    interchange_key,
)
from target_trading_grid.privacy import personal_findings
from target_trading_grid.profiles import X12, PartnerProfile
from target_trading_grid.services import RunServices

logger = logging.getLogger(__name__)

# Columns the marts carry for bookkeeping; never checked as content, never sent as such.
BOOKKEEPING_COLUMNS = ("message_key", "flow", "ready_at")


class GridSink(BatchSink):
    """Shared gate and bookkeeping; subclasses say what a usable row is and how to send it."""

    # One interchange per partner per drain: a large batch keeps a normal run to one drain.
    max_size = 100_000
    required_columns: ClassVar[tuple[str, ...]] = ("message_key",)

    def __init__(
        self,
        target: Any,
        stream_name: str,
        schema: dict,
        key_properties: Sequence[str] | None,
    ) -> None:
        super().__init__(target, stream_name, schema, key_properties)
        self.services: RunServices = target.services

    def refuse(self, record: Mapping[str, Any], reasons: list[str]) -> None:
        self.services.dead_letters.write(
            self.stream_name, self.schema, list(self.key_properties or []), record, reasons
        )

    def check_row(self, record: Mapping[str, Any]) -> None:
        """Raise RowError when the row cannot be sent as it is."""

    @override
    def process_record(self, record: dict, context: dict) -> None:
        missing = [c for c in self.required_columns if record.get(c) in (None, "")]
        if missing:
            self.refuse(record, [f"missing required column(s): {', '.join(missing)}"])
            return
        content = {
            k: v
            for k, v in record.items()
            if k not in BOOKKEEPING_COLUMNS and not k.startswith("_")
        }
        findings = personal_findings(content, self.services.allowed_personal_fields)
        if findings:
            self.refuse(record, [f"privacy guard: {finding}" for finding in findings])
            return
        try:
            self.check_row(record)
        except RowError as exc:
            self.refuse(record, [str(exc)])
            return
        super().process_record(record, context)


class EdiInterchangeSink(GridSink):
    """Rows grouped per partner into one interchange, with the target's control numbers."""

    required_columns = ("message_key", "partner_id", "ready_at")

    def profile_for(self, record: Mapping[str, Any]) -> PartnerProfile | None:
        return self.services.profiles.get(str(record.get("partner_id")))

    def build_records(
        self, rows: Sequence[Mapping[str, Any]], profile: PartnerProfile
    ) -> list[dict[str, Any]]:
        raise NotImplementedError

    @override
    def process_record(self, record: dict, context: dict) -> None:
        if record.get("partner_id") and self.profile_for(record) is None:
            self.refuse(
                record,
                [f"no partner profile for {record['partner_id']!r} in the partners setting"],
            )
            return
        if record.get("ready_at"):
            try:
                parse_timestamp(record["ready_at"])
            except RowError as exc:
                self.refuse(record, [str(exc)])
                return
        super().process_record(record, context)

    @override
    def process_batch(self, context: dict) -> None:
        by_partner: dict[str, dict[str, dict]] = defaultdict(dict)
        for record in context.get("records", []):
            # The last copy of a key wins; one key is one row of one interchange.
            by_partner[str(record["partner_id"])][str(record["message_key"])] = record
        for partner in sorted(by_partner):
            self.send_to_partner(
                self.services.profiles[partner], list(by_partner[partner].values())
            )

    def _settle_in_doubt(self, profile: PartnerProfile, rows: list[dict]) -> list[dict]:
        """Rows a crashed run was sending: delivered if their interchange reached the network."""
        ledger = self.services.ledger
        document = profile.document_for(self.stream_name)
        partner = str(profile.address)
        numbers = self.services.transport.delivered_control_numbers(
            partner=partner, receiver_id=profile.address.id, document=document
        )
        settled: set[str] = set()
        for number in sorted(numbers):
            marker = attempt_marker(partner, number)
            remaining = {
                str(r["message_key"]): marker for r in rows if str(r["message_key"]) not in settled
            }
            if not remaining:
                break
            matched = ledger.unchanged_many(remaining)
            if matched:
                ledger.mark_delivered(matched, kind=self.stream_name)
                settled |= matched
                logger.info(
                    "%d %s row(s) for %s went out in interchange %d before the last run stopped",
                    len(matched),
                    self.stream_name,
                    partner,
                    number,
                )
        self.services.count(self.services.skipped, self.stream_name, len(settled))
        return [r for r in rows if str(r["message_key"]) not in settled]

    def send_to_partner(self, profile: PartnerProfile, rows: list[dict]) -> None:
        ledger = self.services.ledger
        partner = str(profile.address)
        keys = [str(r["message_key"]) for r in rows]
        delivered = ledger.delivered(keys)
        if delivered:
            self.services.count(self.services.skipped, self.stream_name, len(delivered))
            rows = [r for r in rows if str(r["message_key"]) not in delivered]
        if rows and self.services.in_doubt.get(self.stream_name):
            rows = self._settle_in_doubt(profile, rows)
        if not rows:
            return
        rows = self._writable_rows(rows, profile)
        if not rows:
            return
        keys = [str(r["message_key"]) for r in rows]
        document = profile.document_for(self.stream_name)
        key = interchange_key(self.stream_name, partner, document, keys)
        control_number = ledger.number_for(key, interchange_counter(partner))
        group_number = (
            ledger.number_for(key, group_counter(partner)) if profile.dialect == X12 else None
        )
        interchange = self._write(rows, profile, control_number, group_number)
        name = interchange_file_name(
            interchange.timestamp.strftime("%Y%m%d%H%M%S"),
            profile.address.id,
            document,
            control_number,
        )
        marker = attempt_marker(partner, control_number)
        # Order matters for a crash at any point: the marker first (it names the interchange),
        # then pending, then the bytes, then delivered.
        ledger.remember_many(dict.fromkeys(keys, marker))
        ledger.mark_pending(keys, kind=self.stream_name)
        self.services.transport.deliver(
            name,
            interchange.text.encode("utf-8"),
            partner=partner,
            content_type=interchange.content_type,
            idempotency_key=f"{partner}:{control_number}",
            our_address=str(profile.our_address),
        )
        ledger.mark_delivered(keys, kind=self.stream_name)
        self.services.count(self.services.sent, self.stream_name, len(keys))

    def _write(
        self,
        rows: Sequence[Mapping[str, Any]],
        profile: PartnerProfile,
        control_number: int,
        group_number: int | None,
    ) -> Interchange:
        # The interchange is dated by its newest row, not by the clock, so that building it
        # again after a failed attempt gives the same bytes.
        timestamp = max(parse_timestamp(r["ready_at"]) for r in rows)
        records = self.build_records(rows, profile)
        interchange = write_interchange(records, profile, control_number, group_number, timestamp)
        self.check_interchange(interchange, profile, len(records))
        return interchange

    def _writable_rows(self, rows: list[dict], profile: PartnerProfile) -> list[dict]:
        """The rows that can be written, found before any control number is drawn: when the
        whole interchange cannot be written, each row is tried alone and the ones that fail go
        to dead letters, so one bad value does not hold back the partner's other rows."""
        try:
            self._write(rows, profile, 1, 1)
        except (RowError, EdiWriteError):
            pass
        else:
            return rows
        writable = []
        document = profile.document_for(self.stream_name)
        for row in rows:
            try:
                self._write([row], profile, 1, 1)
            except (RowError, EdiWriteError) as exc:
                self.refuse(row, [f"cannot write {document} for {profile.address}: {exc}"])
            else:
                writable.append(row)
        return writable

    def check_interchange(
        self, interchange: Interchange, profile: PartnerProfile, documents: int
    ) -> None:
        """Read what was written before it leaves: it must parse, and say test or production
        exactly as the profile does (ISA15 / UNB 0035)."""
        read = parse(interchange.text)
        errors = [r for r in read if r.get("document_type") == "document_error"]
        if errors:
            raise EdiWriteError(
                f"the written interchange does not read back: {errors[0].get('message')}"
            )
        if len(read) != documents:
            raise EdiWriteError(f"wrote {documents} documents but {len(read)} read back")
        for record in read:
            if bool(record.get("is_test")) != profile.is_test:
                raise EdiWriteError("the test indicator does not match the partner profile's usage")


class DemandSignalSink(EdiInterchangeSink):
    """demand_signals (flow 4): 852 / 830 / SLSRPT / DELFOR as the partner's profile says."""

    required_columns = ("message_key", "partner_id", "ready_at", "sku", "region", "period_start")

    @override
    def check_row(self, record: Mapping[str, Any]) -> None:
        check_demand_row(record)

    @override
    def build_records(
        self, rows: Sequence[Mapping[str, Any]], profile: PartnerProfile
    ) -> list[dict[str, Any]]:
        issue = max(parse_timestamp(r["ready_at"]) for r in rows).strftime("%Y-%m-%d")
        return demand_signal_records(rows, profile, issue)


class ApplicationAdviceSink(EdiInterchangeSink):
    """application_advice: an 824 or APERAK about a partner document we rejected."""

    @override
    def check_row(self, record: Mapping[str, Any]) -> None:
        check_advice_row(record)

    @override
    def build_records(
        self, rows: Sequence[Mapping[str, Any]], profile: PartnerProfile
    ) -> list[dict[str, Any]]:
        return application_advice_records(rows, profile)


class FunctionalAckSink(EdiInterchangeSink):
    """functional_acks: our 997 / 999 / CONTRL for each functional group a partner sent us."""

    required_columns = ("message_key", "partner_id", "ready_at")

    @override
    def check_row(self, record: Mapping[str, Any]) -> None:
        check_ack_row(record)

    @override
    def build_records(
        self, rows: Sequence[Mapping[str, Any]], profile: PartnerProfile
    ) -> list[dict[str, Any]]:
        return functional_ack_records(rows, profile)


class ActiveCommunitySink(GridSink):
    """One API call (or two) per row, each marked pending before and delivered after."""

    def send_row(self, community: ActiveCommunity, row: Mapping[str, Any], key: str) -> None:
        raise NotImplementedError

    @override
    def process_batch(self, context: dict) -> None:
        rows = {str(r["message_key"]): r for r in context.get("records", [])}
        if not rows:
            return
        ledger = self.services.ledger
        delivered = ledger.delivered(rows)
        self.services.count(self.services.skipped, self.stream_name, len(delivered))
        community = ActiveCommunity(self.services.api)
        for key, row in rows.items():
            if key in delivered:
                continue
            ledger.mark_pending([key], kind=self.stream_name)
            try:
                self.send_row(community, row, key)
            except RecordRefusedError as exc:
                ledger.forget([key])
                self.refuse(row, [f"Active Community refused it: {exc}"])
                continue
            ledger.mark_delivered([key], kind=self.stream_name)
            self.services.count(self.services.sent, self.stream_name)


class PartnerCaseUpdateSink(ActiveCommunitySink):
    """partner_case_updates (flow 7a): a comment on the case, or a new case when there is none;
    a `status` column also moves the case to that status."""

    required_columns = ("message_key", "partner_id")

    @override
    def check_row(self, record: Mapping[str, Any]) -> None:
        status = record.get("status")
        if status and str(status).upper() not in CASE_STATUSES:
            msg = f"status must be one of {', '.join(CASE_STATUSES)}"
            raise RowError(msg)
        if not record.get("case_id") and not record.get("partner_id"):
            msg = "a new case needs partner_id"
            raise RowError(msg)

    @override
    def send_row(self, community: ActiveCommunity, row: Mapping[str, Any], key: str) -> None:
        case_id = str(row.get("case_id") or "")
        if not case_id:
            case_id = community.create_case(row, key)
        community.add_comment(case_id, row, key)
        if row.get("status"):
            community.set_case_status(case_id, str(row["status"]).upper())


class DocumentDecisionSink(ActiveCommunitySink):
    """document_decisions: approve or reject an Active Community document."""

    required_columns = ("message_key", "document_id", "decision")

    @override
    def check_row(self, record: Mapping[str, Any]) -> None:
        if str(record.get("decision") or "").upper() not in DECISIONS:
            msg = "decision must be APPROVE(D) or REJECT(ED)"
            raise RowError(msg)

    @override
    def send_row(self, community: ActiveCommunity, row: Mapping[str, Any], key: str) -> None:
        community.decide_document(
            str(row["document_id"]), str(row["decision"]), row.get("note") or row.get("reason"), key
        )


SINKS_BY_STREAM: dict[str, type[GridSink]] = {
    "demand_signals": DemandSignalSink,
    "partner_case_updates": PartnerCaseUpdateSink,
    "document_decisions": DocumentDecisionSink,
    "application_advice": ApplicationAdviceSink,
    "functional_acks": FunctionalAckSink,
}
