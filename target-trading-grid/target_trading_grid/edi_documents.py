"""Mart rows to supplychain-edi records, and records to one interchange per partner.

The EDI itself (segments, envelopes, counts, escaping) is the supplychain-edi library's job;
this module decides which document each row becomes and where each column goes. The README's
"Column to segment" section is the same mapping in prose; keep them together.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from supplychain_edi import EdifactEnvelope, X12Envelope, write_edifact, write_x12
from target_trading_grid.profiles import EDIFACT, PartnerProfile

DEMAND_COLUMNS = ("units_purchased", "views", "clicks", "cart_adds", "abandoned_carts")
SPIKE_REFERENCE = "DEMAND-SPIKE"
X12_UNIT = "EA"
EDIFACT_UNIT = "PCE"
# Free text never carries an X12 separator (the writer refuses one rather than corrupt the
# document); EDIFACT text is escaped by the writer instead.
_X12_SEPARATORS = re.compile(r"[*~>^]")


class RowError(ValueError):
    """A row that cannot become EDI as it is; it goes to dead letters with this reason."""


@dataclass(frozen=True)
class Interchange:
    text: str
    control_number: int
    group_control_number: int | None
    timestamp: datetime.datetime
    content_type: str


def _day(value: Any, column: str) -> str:
    text = str(value or "")[:10]
    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        msg = f"{column} must be a date (YYYY-MM-DD), not {value!r}"
        raise RowError(msg) from None
    return text


def _date(day: str) -> dict[str, Any]:
    # A date record, not an ISO string: the EDIFACT writer reads a bare string's dashes as a
    # time of day (see the README's notes on the EDI library).
    return {"date": day, "time": None}


def parse_timestamp(value: Any) -> datetime.datetime:
    """`ready_at` as an aware UTC datetime (the marts write `YYYY-MM-DDTHH:MM:SSZ`)."""
    if isinstance(value, datetime.datetime):
        moment = value
    else:
        text = str(value or "").strip().replace("Z", "+00:00").replace(" ", "T", 1)
        try:
            moment = datetime.datetime.fromisoformat(text)
        except ValueError:
            msg = f"ready_at must be a timestamp, not {value!r}"
            raise RowError(msg) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.UTC)
    return moment.astimezone(datetime.UTC)


def _number(value: Any, column: str) -> int | float:
    if value is None or value == "":
        return 0
    if isinstance(value, bool):
        msg = f"{column} must be a number"
        raise RowError(msg)
    try:
        number = float(value)
    except (TypeError, ValueError):
        msg = f"{column} must be a number, not {value!r}"
        raise RowError(msg) from None
    if number < 0:
        msg = f"{column} must not be negative"
        raise RowError(msg)
    return int(number) if number.is_integer() else round(number, 4)


def _x12_text(value: Any, limit: int) -> str:
    return _X12_SEPARATORS.sub(" ", str(value or ""))[:limit]


def _json(value: Any, column: str) -> Any:
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            msg = f"{column} must be JSON"
            raise RowError(msg) from None
    return value


# --- demand_signals -------------------------------------------------------------------------


def check_demand_row(row: Mapping[str, Any]) -> None:
    for column in ("sku", "region"):
        if not str(row.get(column) or "").strip():
            msg = f"{column} is required"
            raise RowError(msg)
    _day(row.get("period_start"), "period_start")
    for column in (*DEMAND_COLUMNS, "baseline"):
        _number(row.get(column), column)


def product_activity_records(
    rows: Sequence[Mapping[str, Any]], profile: PartnerProfile
) -> list[dict[str, Any]]:
    """852 / SLSRPT: one report per day; a line per sku; each column its activity code, with
    the quantity per region as the location breakdown (852 SDQ, SLSRPT LOC)."""
    unit = EDIFACT_UNIT if profile.dialect == EDIFACT else X12_UNIT
    by_day: dict[str, dict[str, list[Mapping[str, Any]]]] = defaultdict(lambda: defaultdict(list))
    for row in rows:
        by_day[_day(row["period_start"], "period_start")][str(row["sku"])].append(row)
    records = []
    for day in sorted(by_day):
        lines = []
        for number, sku in enumerate(sorted(by_day[day]), 1):
            regions = sorted(by_day[day][sku], key=lambda r: str(r["region"]))
            activities = []
            for column in DEMAND_COLUMNS:
                quantities = [(str(r["region"]), _number(r.get(column), column)) for r in regions]
                activities.append(
                    {
                        "activity": profile.activity_codes[column],
                        "quantity": sum(q for _, q in quantities),
                        "unit": unit,
                        "locations": [
                            {"location_id": region, "id_qualifier": "92", "quantity": quantity}
                            for region, quantity in quantities
                        ],
                    }
                )
            lines.append({"line_number": str(number), "sku": sku, "activities": activities})
        records.append(
            {
                "document_type": "product_activity",
                # XQ01 H: historical, what happened on the day; SLSRPT keeps BGM 73.
                "report_code": None if profile.dialect == EDIFACT else "H",
                "report_number": f"DS-{day.replace('-', '')}",
                "period_start": _date(day),
                "period_end": _date(day),
                "lines": lines,
            }
        )
    return records


def planning_schedule_records(
    rows: Sequence[Mapping[str, Any]], profile: PartnerProfile, issue_date: str
) -> list[dict[str, Any]]:
    """830 / DELFOR: one schedule; a line per sku x region x day whose planning bucket is the
    baseline, with the spike flagged (and, in X12, its level as an immediate bucket)."""
    days = sorted({_day(r["period_start"], "period_start") for r in rows})
    lines = []
    ordered = sorted(
        rows, key=lambda r: (str(r["sku"]), str(r["region"]), str(r["period_start"])[:10])
    )
    for number, row in enumerate(ordered, 1):
        day = _day(row["period_start"], "period_start")
        buckets = [
            {
                "quantity": _number(row.get("baseline"), "baseline"),
                "forecast_type": "D",
                "timing": "D",
                "start_date": _date(day),
            }
        ]
        references: dict[str, Any] = {}
        if row.get("spike") is True:
            references["ZZZ" if profile.dialect == EDIFACT else "ZZ"] = {"value": SPIKE_REFERENCE}
            if profile.dialect != EDIFACT:
                buckets.append(
                    {
                        "quantity": _number(row.get("views"), "views"),
                        "forecast_type": "A",
                        "timing": "D",
                        "start_date": _date(day),
                    }
                )
        lines.append(
            {
                "line_number": str(number),
                "sku": str(row["sku"]),
                "unit": EDIFACT_UNIT if profile.dialect == EDIFACT else X12_UNIT,
                "parties": {"ST": {"id_qualifier": "92", "id": str(row["region"])}},
                "references": references,
                "forecasts": buckets,
            }
        )
    return [
        {
            "document_type": "planning_schedule",
            # Original: BFR01 00 in X12, BGM 1225 9 in EDIFACT.
            "purpose": "9" if profile.dialect == EDIFACT else "00",
            "schedule_reference": f"DS-{days[0].replace('-', '')}-{days[-1].replace('-', '')}",
            "schedule_type": "DL",
            "quantity_type": "A",
            "horizon_start": _date(days[0]),
            "horizon_end": _date(days[-1]),
            "issue_date": _date(issue_date),
            "lines": lines,
        }
    ]


def demand_signal_records(
    rows: Sequence[Mapping[str, Any]], profile: PartnerProfile, issue_date: str
) -> list[dict[str, Any]]:
    document = profile.document_for("demand_signals")
    if document in ("852", "SLSRPT"):
        return product_activity_records(rows, profile)
    return planning_schedule_records(rows, profile, issue_date)


# --- application_advice ---------------------------------------------------------------------


def _their_control_numbers(row: Mapping[str, Any]) -> tuple[str, str, str]:
    """(interchange, group, set) of the partner document, from the row or its document_id
    (`QUAL:ID:interchange:group:set`, the EDI library's id)."""
    parts = str(row.get("document_id") or "").split(":")
    from_id = parts[2:5] if len(parts) >= 5 else ["", "", ""]
    return (
        str(row.get("interchange_control_number") or from_id[0]),
        str(row.get("group_control_number") or from_id[1]),
        str(row.get("set_control_number") or from_id[2]),
    )


def check_advice_row(row: Mapping[str, Any]) -> None:
    status = str(row.get("status") or "TR").upper()
    if status not in ("TA", "TE", "TR"):
        msg = f"status must be TA, TE or TR, not {row.get('status')!r}"
        raise RowError(msg)
    if not (row.get("reference") or row.get("document_id")):
        msg = "reference or document_id is required: the advice must say which document it is about"
        raise RowError(msg)
    errors = _json(row.get("errors"), "errors")
    if errors is not None and not isinstance(errors, list):
        msg = "errors must be a list"
        raise RowError(msg)


def application_advice_records(
    rows: Sequence[Mapping[str, Any]], profile: PartnerProfile
) -> list[dict[str, Any]]:
    """824 / APERAK: one advice per row, about one of the partner's documents."""
    edifact = profile.dialect == EDIFACT
    records = []
    for row in rows:
        status = str(row.get("status") or "TR").upper()
        _, group, set_control = _their_control_numbers(row)
        errors = []
        for error in _json(row.get("errors"), "errors") or []:
            message = str(error.get("message") or "")
            errors.append(
                {
                    "code": str(error.get("code") or ("12" if edifact else "024")),
                    "message": message[:512] if edifact else _x12_text(message, 60),
                }
            )
        reference = str(row.get("reference") or set_control or "")
        qualifier = str(row.get("reference_qualifier") or ("AAK" if edifact else "TN"))
        records.append(
            {
                "document_type": "application_advice",
                "purpose": "9" if edifact else "00",
                "reference": str(row.get("advice_number") or _advice_number(row)),
                "advice_date": _date(parse_timestamp(row["ready_at"]).strftime("%Y-%m-%d")),
                "status": status,
                "lines": [
                    {
                        "status": status,
                        "reference_qualifier": qualifier,
                        "reference": reference,
                        "original_group_control_number": group,
                        "original_set_control_number": set_control,
                        "original_set_code": str(row.get("set_code") or ""),
                        "errors": errors,
                    }
                ],
            }
        )
    return records


def _advice_number(row: Mapping[str, Any]) -> str:
    return "AA" + hashlib.sha256(str(row["message_key"]).encode()).hexdigest()[:12].upper()


# --- functional_acks ------------------------------------------------------------------------

GROUP_STATUSES = ("A", "E", "P", "R")


def _set_acknowledgements(row: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    sets = _json(row.get("set_acknowledgements"), "set_acknowledgements") or []
    if not isinstance(sets, list) or not all(isinstance(s, Mapping) for s in sets):
        msg = "set_acknowledgements must be a list of objects"
        raise RowError(msg)
    return sets


def check_ack_row(row: Mapping[str, Any]) -> None:
    # An X12 group is acknowledged by its GS06; an EDIFACT interchange without groups (the
    # usual case) by its UNB 0020, so a CONTRL row may carry no group control number.
    if not any(
        str(row.get(column) or "").strip()
        for column in ("group_control_number", "interchange_control_number")
    ):
        msg = "group_control_number or interchange_control_number is required"
        raise RowError(msg)
    for entry in _set_acknowledgements(row):
        if not entry.get("set_code") or not entry.get("set_control_number"):
            msg = "every set acknowledgement needs set_code and set_control_number"
            raise RowError(msg)
        if str(entry.get("status") or "A").upper() not in ("A", "E", "R", "M", "W", "X"):
            msg = f"set status {entry.get('status')!r} is not an AK501 / UCM code"
            raise RowError(msg)
    status = str(row.get("group_status") or "").upper()
    if status and status not in GROUP_STATUSES:
        msg = f"group_status must be one of {', '.join(GROUP_STATUSES)}"
        raise RowError(msg)


def _group_status(row: Mapping[str, Any], sets: list[Mapping[str, Any]]) -> str:
    given = str(row.get("group_status") or "").upper()
    if given:
        return given
    statuses = [str(s.get("status") or "A").upper() for s in sets]
    if all(s == "A" for s in statuses):
        return "A"
    if all(s == "R" for s in statuses):
        return "R"
    if any(s == "R" for s in statuses):
        return "P"
    return "E"


def functional_ack_records(
    rows: Sequence[Mapping[str, Any]], profile: PartnerProfile
) -> list[dict[str, Any]]:
    """997 / 999 / CONTRL: one acknowledgement per functional group the partner sent us."""
    records = []
    for row in rows:
        sets = _set_acknowledgements(row)
        lines = []
        for entry in sets:
            lines.append(
                {
                    "set_code": str(entry["set_code"]),
                    "set_control_number": str(entry["set_control_number"]),
                    "status": str(entry.get("status") or "A").upper(),
                    "set_errors": [str(c) for c in entry.get("set_errors") or []],
                    "segment_errors": list(entry.get("segment_errors") or []),
                }
            )
        record: dict[str, Any] = {
            "document_type": "functional_ack",
            "acknowledged_functional_id": str(row.get("functional_id") or ""),
            "acknowledged_group_control_number": str(row.get("group_control_number") or ""),
            "group_status": _group_status(row, sets),
            "lines": lines,
        }
        document = profile.document_for("functional_acks")
        if document == "999":
            record["transaction_set"] = "999"
            if row.get("version"):
                record["acknowledged_version"] = str(row["version"])
        if document == "CONTRL":
            record["acknowledged_interchange_control_number"] = str(
                row.get("interchange_control_number") or ""
            )
            record["acknowledged_sender"] = str(profile.address)
            record["acknowledged_receiver"] = str(profile.our_address)
        records.append(record)
    return records


# --- envelopes ------------------------------------------------------------------------------


def write_interchange(
    records: Sequence[dict[str, Any]],
    profile: PartnerProfile,
    control_number: int,
    group_control_number: int | None,
    timestamp: datetime.datetime,
) -> Interchange:
    """One interchange to the partner; the same arguments always give the same bytes."""
    moment = timestamp.astimezone(datetime.UTC).replace(second=0, microsecond=0)
    if profile.dialect == EDIFACT:
        text = write_edifact(
            records,
            EdifactEnvelope(
                sender_qualifier=profile.our_address.qualifier,
                sender_id=profile.our_address.id,
                receiver_qualifier=profile.address.qualifier,
                receiver_id=profile.address.id,
                interchange_control_number=control_number,
                timestamp=moment,
                directory=f"{profile.version[0]}:{profile.version[1:]}:UN",
                test=profile.is_test,
            ),
        )
        return Interchange(text, control_number, None, moment, "application/edifact")
    text = write_x12(
        records,
        X12Envelope(
            sender_qualifier=profile.our_address.qualifier,
            sender_id=profile.our_address.id,
            receiver_qualifier=profile.address.qualifier,
            receiver_id=profile.address.id,
            interchange_control_number=control_number,
            group_control_number=group_control_number or control_number,
            timestamp=moment,
            version=profile.version,
            usage=profile.usage_indicator,
            application_sender=profile.application_sender,
            application_receiver=profile.application_receiver,
        ),
    )
    return Interchange(text, control_number, group_control_number, moment, "application/edi-x12")
