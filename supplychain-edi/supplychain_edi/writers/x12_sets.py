"""Transaction-set bodies (ST and SE excluded), one writer per set, from normalised records.

Each writer emits what its reader reads, so a record written and read back is the
same record (tests/test_roundtrip.py holds them to that).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from supplychain_edi.writers.fields import EdiWriteError, ccyymmdd, code, hhmm, num, text

Segments = list[list[str]]


def references(refs: Mapping[str, Any] | None, tag: str = "REF") -> Segments:
    out: Segments = []
    for qualifier, ref in (refs or {}).items():
        value = text(ref.get("value") if isinstance(ref, Mapping) else ref)
        description = text(ref.get("description")) if isinstance(ref, Mapping) else ""
        if tag == "L11":
            out.append(["L11", value, qualifier, description])
        else:
            out.append([tag, qualifier, value, description])
    return out


def dates(values: Mapping[str, Any] | None, skip: Iterable[str] = ()) -> Segments:
    skipped = set(skip)
    return [
        ["DTM", qualifier, ccyymmdd(value), hhmm(value)]
        for qualifier, value in (values or {}).items()
        if qualifier not in skipped and value
    ]


def parties(found: Mapping[str, Any] | None) -> Segments:
    out: Segments = []
    for role, party in (found or {}).items():
        out.append(
            [
                "N1",
                role,
                text(party.get("name")),
                code(party.get("id_qualifier")),
                text(party.get("id")),
            ]
        )
        if party.get("street"):
            out.append(["N3", text(party["street"])])
        if any(party.get(k) for k in ("city", "region", "postal_code", "country")):
            out.append(
                [
                    "N4",
                    text(party.get("city")),
                    text(party.get("region")),
                    text(party.get("postal_code")),
                    text(party.get("country")),
                ]
            )
    return out


def product_pairs(line: Mapping[str, Any]) -> list[str]:
    """Qualifier/id pairs from `product_ids`, or from the flat columns when there are none."""
    ids = line.get("product_ids") or []
    pairs: list[str] = []
    if ids:
        for entry in ids:
            pairs += [code(entry.get("qualifier")), text(entry.get("id"))]
        return pairs
    for qualifier, key in (("VP", "vendor_item"), ("BP", "buyer_item"), ("UP", "upc")):
        if line.get(key):
            pairs += [qualifier, text(line[key])]
    if not pairs and line.get("sku"):
        pairs += ["VP", text(line["sku"])]
    return pairs


def description(line: Mapping[str, Any]) -> Segments:
    value = text(line.get("description"))
    if not value:
        return []
    # PID05 holds 80 characters; a longer text goes in several PIDs, cut at spaces.
    pieces: list[str] = []
    words = " ".join(value.split())
    while len(words) > 80:
        cut = words.rfind(" ", 0, 81)
        cut = cut if cut > 0 else 80
        pieces.append(words[:cut])
        words = words[cut:].lstrip()
    pieces.append(words)
    return [["PID", "F", "", "", "", piece] for piece in pieces if piece]


def _lines(record: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    return list(record.get("lines") or [])


def write_850(record: Mapping[str, Any], version: str) -> Segments:
    out: Segments = [
        [
            "BEG",
            code(record.get("purpose")) or "00",
            code(record.get("order_type")) or "SA",
            text(record.get("po_number")),
            text(record.get("release_number")),
            ccyymmdd(record.get("order_date")),
        ]
    ]
    if not record.get("po_number"):
        raise EdiWriteError("an 850 needs po_number")
    if record.get("currency"):
        out.append(["CUR", "BY", text(record["currency"])])
    refs = dict(record.get("references") or {})
    if record.get("customer_order_number") and "CO" not in refs:
        refs["CO"] = {"value": record["customer_order_number"]}
    out += references(refs)
    header_dates = dict(record.get("dates") or {})
    for key, qualifier in (("requested_delivery_date", "002"), ("requested_ship_date", "010")):
        if record.get(key) and qualifier not in header_dates:
            header_dates[qualifier] = record[key]
    out += dates(header_dates)
    out += parties(record.get("parties"))
    for line in _lines(record):
        out.append(
            [
                "PO1",
                text(line.get("line_number")),
                num(line.get("quantity")),
                code(line.get("unit")) or "EA",
                num(line.get("unit_price")),
                "",
                *product_pairs(line),
            ]
        )
        out += description(line)
        line_dates = dict(line.get("dates") or {})
        if line.get("requested_delivery_date") and "002" not in line_dates:
            line_dates["002"] = line["requested_delivery_date"]
        out += dates(line_dates)
    out.append(["CTT", str(len(_lines(record)))])
    return out


def _ack_segments(line: Mapping[str, Any]) -> Segments:
    acks = line.get("acks") or []
    if not acks and line.get("status"):
        acks = [
            {
                "status": line.get("status"),
                "quantity": line.get("acknowledged_quantity"),
                "unit": line.get("acknowledged_unit") or line.get("unit"),
                "date_qualifier": line.get("schedule_date_qualifier"),
                "date": line.get("schedule_date"),
            }
        ]
    return [
        [
            "ACK",
            code(a.get("status")),
            num(a.get("quantity")),
            code(a.get("unit")),
            code(a.get("date_qualifier")) if a.get("date") else "",
            ccyymmdd(a.get("date")),
        ]
        for a in acks
    ]


def write_855(record: Mapping[str, Any], version: str) -> Segments:
    out: Segments = [
        [
            "BAK",
            code(record.get("purpose")) or "00",
            code(record.get("acknowledgement_type")) or "AD",
            text(record.get("po_number")),
            ccyymmdd(record.get("order_date")),
            "",
            "",
            "",
            text(record.get("seller_order_number")),
            ccyymmdd(record.get("acknowledgement_date")),
        ]
    ]
    if record.get("currency"):
        out.append(["CUR", "SE", text(record["currency"])])
    out += references(record.get("references"))
    out += dates(record.get("dates"))
    out += parties(record.get("parties"))
    for line in _lines(record):
        out.append(
            [
                "PO1",
                text(line.get("line_number")),
                num(line.get("ordered_quantity")),
                code(line.get("unit")) or "EA",
                num(line.get("unit_price")),
                "",
                *product_pairs(line),
            ]
        )
        out += _ack_segments(line)
        out += description(line)
        out += dates(line.get("dates"))
    out.append(["CTT", str(len(_lines(record)))])
    return out


def write_856(record: Mapping[str, Any], version: str) -> Segments:
    when = record.get("asn_date")
    out: Segments = [
        [
            "BSN",
            code(record.get("purpose")) or "00",
            text(record.get("asn_number")),
            ccyymmdd(when),
            hhmm(when) or "0000",
            text(record.get("structure_code")) or "0001",
        ]
    ]
    hl = 1
    out.append(["HL", "1", "", "S", "1"])
    if record.get("packaging_code") or record.get("lading_quantity") is not None:
        out.append(
            [
                "TD1",
                text(record.get("packaging_code")),
                num(record.get("lading_quantity")),
                "",
                "",
                "",
                "G" if record.get("gross_weight") is not None else "",
                num(record.get("gross_weight")),
                text(record.get("weight_unit")),
            ]
        )
    if record.get("carrier_scac") or record.get("carrier_name"):
        out.append(
            [
                "TD5",
                "",
                "2",
                text(record.get("carrier_scac")),
                text(record.get("transport_method")),
                text(record.get("carrier_name")),
            ]
        )
    refs = dict(record.get("references") or {})
    for qualifier, key in (("BM", "bol_number"), ("CN", "pro_number")):
        if record.get(key) and qualifier not in refs:
            refs[qualifier] = {"value": record[key]}
    out += references(refs)
    shipment_dates = dict(record.get("dates") or {})
    for key, qualifier in (
        ("shipped_date", "011"),
        ("estimated_delivery_date", "017"),
        ("current_schedule_delivery_date", "067"),
    ):
        if record.get(key) and qualifier not in shipment_dates:
            shipment_dates[qualifier] = record[key]
    out += dates(shipment_dates)
    out += parties(record.get("parties"))
    orders: dict[str, list[Mapping[str, Any]]] = {}
    for line in _lines(record):
        orders.setdefault(text(line.get("po_number") or record.get("po_number")), []).append(line)
    item_count = 0
    for po_number, lines in orders.items():
        hl += 1
        order_hl = hl
        out.append(["HL", str(order_hl), "1", "O", "1"])
        po_date = next((ln.get("po_date") for ln in lines if ln.get("po_date")), None)
        out.append(["PRF", po_number, "", "", ccyymmdd(po_date)])
        for line in lines:
            hl += 1
            item_count += 1
            out.append(["HL", str(hl), str(order_hl), "I", "0"])
            out.append(["LIN", text(line.get("line_number")), *product_pairs(line)])
            out.append(
                [
                    "SN1",
                    "",
                    num(line.get("shipped_quantity")),
                    code(line.get("unit")) or "EA",
                    "",
                    num(line.get("ordered_quantity")),
                    code(line.get("ordered_unit")),
                ]
            )
            out += description(line)
            out += dates(line.get("dates"))
            out += [["MAN", "GM", text(c)] for c in line.get("container_ids") or []]
    out.append(["CTT", str(hl)])
    return out


def _sac(entries: Iterable[Mapping[str, Any]]) -> Segments:
    return [
        [
            "SAC",
            code(e.get("indicator")),
            text(e.get("code")),
            "",
            "",
            num(e.get("amount"), 2),
            "",
            num(e.get("percent")),
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            text(e.get("description")),
        ]
        for e in entries
    ]


def write_810(record: Mapping[str, Any], version: str) -> Segments:
    out: Segments = [
        [
            "BIG",
            ccyymmdd(record.get("invoice_date")),
            text(record.get("invoice_number")),
            ccyymmdd(record.get("po_date")),
            text(record.get("po_number")),
            text(record.get("release_number")),
            text(record.get("change_order_sequence")),
            code(record.get("invoice_type")),
            code(record.get("purpose")),
        ]
    ]
    if record.get("currency"):
        out.append(["CUR", "SE", text(record["currency"])])
    refs = dict(record.get("references") or {})
    for qualifier, key in (
        ("SI", "asn_number"),
        ("BM", "bol_number"),
        ("CN", "pro_number"),
        ("VN", "seller_order_number"),
    ):
        if record.get(key) and not any(
            q in refs for q in ({"SI": ("SI", "MA")}.get(qualifier, (qualifier,)))
        ):
            refs[qualifier] = {"value": record[key]}
    out += references(refs)
    out += parties(record.get("parties"))
    terms = record.get("terms")
    if terms:
        out.append(
            [
                "ITD",
                text(terms.get("type_code")),
                "",
                num(terms.get("discount_percent")),
                "",
                num(terms.get("discount_days")),
                "",
                num(terms.get("net_days")),
                "",
                "",
                "",
                "",
                text(terms.get("description")),
            ]
        )
    header_dates = dict(record.get("dates") or {})
    if record.get("shipped_date") and "011" not in header_dates:
        header_dates["011"] = record["shipped_date"]
    out += dates(header_dates)
    for line in _lines(record):
        out.append(
            [
                "IT1",
                text(line.get("line_number")),
                num(line.get("quantity")),
                code(line.get("unit")) or "EA",
                num(line.get("unit_price")),
                "",
                *product_pairs(line),
            ]
        )
        out += description(line)
        out += dates(line.get("dates"))
        out += _sac(line.get("allowances_charges") or [])
    total = record.get("total_amount")
    if total is None:
        raise EdiWriteError("an 810 needs total_amount (TDS01)")
    out.append(["TDS", num(total, 2), num(record.get("amount_subject_to_discount"), 2)])
    if record.get("tax_amount") is not None:
        out.append(["TXI", "TX", num(record["tax_amount"])])
    out += _sac(record.get("allowances_charges") or [])
    out.append(["CTT", str(len(_lines(record)))])
    return out


def _sdq(unit: Any, locations: list[Mapping[str, Any]]) -> Segments:
    out: Segments = []
    for start in range(0, len(locations), 10):
        chunk = locations[start : start + 10]
        qualifier = text(chunk[0].get("id_qualifier")) or "92"
        pairs: list[str] = []
        for location in chunk:
            pairs += [text(location.get("location_id")), num(location.get("quantity"))]
        out.append(["SDQ", code(unit) or "EA", qualifier, *pairs])
    return out


def write_846(record: Mapping[str, Any], version: str) -> Segments:
    when = record.get("report_date")
    out: Segments = [
        [
            "BIA",
            code(record.get("purpose")) or "00",
            code(record.get("report_type")) or "SI",
            text(record.get("report_number")),
            ccyymmdd(when),
            hhmm(when),
        ]
    ]
    out += references(record.get("references"))
    out += dates(record.get("dates"))
    out += parties(record.get("parties"))
    for line in _lines(record):
        out.append(["LIN", text(line.get("line_number")), *product_pairs(line)])
        out += description(line)
        if line.get("unit_price") is not None:
            out.append(["CTP", "", "", num(line["unit_price"])])
        quantities = list(line.get("quantities") or [])
        if not quantities and line.get("available_quantity") is not None:
            quantity_dates = {}
            if line.get("available_date"):
                quantity_dates["018"] = line["available_date"]
            quantities = [
                {
                    "qualifier": "33",
                    "quantity": line["available_quantity"],
                    "unit": "EA",
                    "dates": quantity_dates,
                    "locations": [],
                }
            ]
        in_quantities = {q for entry in quantities for q in (entry.get("dates") or {})}
        line_dates = dict(line.get("dates") or {})
        if line.get("available_date") and "018" not in line_dates:
            line_dates["018"] = line["available_date"]
        out += dates(line_dates, skip=in_quantities)
        for entry in quantities:
            out.append(
                [
                    "QTY",
                    code(entry.get("qualifier")),
                    num(entry.get("quantity")),
                    code(entry.get("unit")),
                ]
            )
            out += dates(entry.get("dates"))
            out += _sdq(entry.get("unit"), list(entry.get("locations") or []))
    out.append(["CTT", str(len(_lines(record)))])
    return out


def write_852(record: Mapping[str, Any], version: str) -> Segments:
    out: Segments = [
        [
            "XQ",
            code(record.get("report_code")) or "H",
            ccyymmdd(record.get("period_start")),
            ccyymmdd(record.get("period_end")),
        ]
    ]
    out += references(record.get("references"), tag="N9")
    out += dates(record.get("dates"))
    out += parties(record.get("parties"))
    for line in _lines(record):
        out.append(["LIN", text(line.get("line_number")), *product_pairs(line)])
        out += description(line)
        if line.get("unit_price") is not None:
            out.append(["CTP", "", "", num(line["unit_price"])])
        activities = list(line.get("activities") or [])
        if not activities and line.get("quantity_sold") is not None:
            activities = [{"activity": "QS", "quantity": line["quantity_sold"], "unit": "EA"}]
        out += dates(line.get("dates"))
        for activity in activities:
            out.append(
                [
                    "ZA",
                    code(activity.get("activity")),
                    num(activity.get("quantity")),
                    code(activity.get("unit")) or "EA",
                ]
            )
            out += _sdq(activity.get("unit"), list(activity.get("locations") or []))
    out.append(["CTT", str(len(_lines(record)))])
    return out


def write_830(record: Mapping[str, Any], version: str) -> Segments:
    out: Segments = [
        [
            "BFR",
            code(record.get("purpose")) or "00",
            text(record.get("schedule_reference")),
            text(record.get("release_number")),
            code(record.get("schedule_type")) or "DL",
            code(record.get("quantity_type")) or "A",
            ccyymmdd(record.get("horizon_start")),
            ccyymmdd(record.get("horizon_end")),
            ccyymmdd(record.get("issue_date")),
            "",
            "",
            text(record.get("po_number")),
        ]
    ]
    out += references(record.get("references"))
    out += dates(record.get("dates"))
    out += parties(record.get("parties"))
    for line in _lines(record):
        out.append(["LIN", text(line.get("line_number")), *product_pairs(line)])
        if line.get("unit"):
            out.append(["UIT", code(line["unit"])])
        out += description(line)
        out += references(line.get("references"))
        out += parties(line.get("parties"))
        out += dates(line.get("dates"))
        for bucket in line.get("forecasts") or []:
            out.append(
                [
                    "FST",
                    num(bucket.get("quantity")),
                    code(bucket.get("forecast_type")) or "D",
                    code(bucket.get("timing")) or "D",
                    ccyymmdd(bucket.get("start_date")),
                    ccyymmdd(bucket.get("end_date")),
                ]
            )
    out.append(["CTT", str(len(_lines(record)))])
    return out


def write_870(record: Mapping[str, Any], version: str) -> Segments:
    out: Segments = [
        [
            "BSR",
            code(record.get("report_type")) or "2",
            text(record.get("order_item_code")) or "PP",
            text(record.get("report_number")),
            ccyymmdd(record.get("report_date")),
        ]
    ]
    out += references(record.get("references"))
    out += dates(record.get("dates"))
    out += parties(record.get("parties"))
    orders: dict[str, list[Mapping[str, Any]]] = {}
    for line in _lines(record):
        orders.setdefault(text(line.get("po_number") or record.get("po_number")), []).append(line)
    hl = 0
    for po_number, lines in orders.items():
        hl += 1
        order_hl = hl
        out.append(["HL", str(order_hl), "", "O"])
        out.append(["PRF", po_number])
        for line in lines:
            hl += 1
            out.append(["HL", str(hl), str(order_hl), "I"])
            out.append(
                [
                    "PO1",
                    text(line.get("line_number")),
                    num(line.get("ordered_quantity")),
                    code(line.get("unit")),
                    num(line.get("unit_price")),
                    "",
                    *product_pairs(line),
                ]
            )
            out += description(line)
            out.append(["ISR", code(line.get("status")), ccyymmdd(line.get("status_date"))])
            for quantity in line.get("quantities") or []:
                out.append(
                    [
                        "QTY",
                        code(quantity.get("qualifier")),
                        num(quantity.get("quantity")),
                        code(quantity.get("unit")),
                    ]
                )
            out += dates(line.get("dates"))
    out.append(["CTT", str(hl)])
    return out


def write_214(record: Mapping[str, Any], version: str) -> Segments:
    b10_shipment = record.get("shipment_id") or record.get("bol_number")
    out: Segments = [
        [
            "B10",
            text(record.get("pro_number")),
            text(record.get("shipment_id") or record.get("bol_number")),
            text(record.get("carrier_scac")),
        ]
    ]
    refs = dict(record.get("references") or {})
    for qualifier, key in (("PO", "po_number"), ("BM", "bol_number"), ("SI", "asn_number")):
        if qualifier == "BM" and record.get(key) == b10_shipment:
            continue  # already B1002
        if record.get(key) and qualifier not in refs:
            refs[qualifier] = {"value": record[key]}
    out += references(refs, tag="L11")
    out += parties(record.get("parties"))
    events = list(record.get("lines") or [])
    if not events and record.get("status"):
        events = [
            {
                "status": record["status"],
                "status_reason": record.get("status_reason"),
                "status_date": record.get("status_date"),
            }
        ]
    for number, event in enumerate(events, 1):
        when = event.get("status_date")
        out.append(["LX", str(number)])
        out.append(
            [
                "AT7",
                code(event.get("status")),
                code(event.get("status_reason")) or "NS",
                text(event.get("appointment_status")),
                code(event.get("appointment_reason")),
                ccyymmdd(when),
                hhmm(when),
                text(event.get("time_code")),
            ]
        )
        if any(event.get(k) for k in ("city", "region", "country")):
            out.append(
                [
                    "MS1",
                    text(event.get("city")),
                    text(event.get("region")),
                    text(event.get("country")),
                ]
            )
        out += references(event.get("references"), tag="L11")
    return out


def write_824(record: Mapping[str, Any], version: str) -> Segments:
    when = record.get("advice_date")
    out: Segments = [
        [
            "BGN",
            code(record.get("purpose")) or "00",
            text(record.get("reference")),
            ccyymmdd(when),
            hhmm(when),
        ]
    ]
    out += parties(record.get("parties"))
    for line in _lines(record):
        original = line.get("original_date")
        out.append(
            [
                "OTI",
                code(line.get("status")),
                code(line.get("reference_qualifier")),
                text(line.get("reference")),
                text(line.get("application_sender")),
                text(line.get("application_receiver")),
                ccyymmdd(original),
                hhmm(original),
                text(line.get("original_group_control_number")),
                text(line.get("original_set_control_number")),
                code(line.get("original_set_code")),
            ]
        )
        out += references(line.get("references"))
        out += dates(line.get("dates"))
        for error in line.get("errors") or []:
            out.append(
                [
                    "TED",
                    code(error.get("code")) or "024",
                    text(error.get("message")),
                    text(error.get("segment")),
                    num(error.get("position")),
                    text(error.get("element_position")),
                    text(error.get("element_reference")),
                    text(error.get("bad_value")),
                ]
            )
        out += [["NTE", "GEN", text(note)] for note in line.get("notes") or []]
    return out


def write_997(
    record: Mapping[str, Any], version: str, tags: tuple[str, str, str] = ("AK3", "AK4", "AK5")
) -> Segments:
    segment_tag, element_tag, status_tag = tags
    ak1 = [
        "AK1",
        code(record.get("acknowledged_functional_id")),
        text(record.get("acknowledged_group_control_number")),
    ]
    if version >= "005010" and record.get("acknowledged_version"):
        ak1.append(text(record["acknowledged_version"]))
    out: Segments = [ak1]
    for line in _lines(record):
        ak2 = ["AK2", code(line.get("set_code")), text(line.get("set_control_number"))]
        out.append(ak2)
        for error in line.get("segment_errors") or []:
            out.append(
                [
                    segment_tag,
                    text(error.get("segment")),
                    num(error.get("position")),
                    text(error.get("loop")),
                    code(error.get("code")),
                ]
            )
            for element in error.get("element_errors") or []:
                position = num(element.get("position"))
                if element.get("component_position") is not None:
                    position += ">" + num(element["component_position"])
                out.append(
                    [
                        element_tag,
                        position,
                        text(element.get("element_reference")),
                        code(element.get("code")),
                        text(element.get("bad_value")),
                    ]
                )
        out.append(
            [
                status_tag,
                code(line.get("status")) or "A",
                *[code(c) for c in (line.get("set_errors") or [])][:5],
            ]
        )
    lines = _lines(record)
    accepted = record.get("sets_accepted")
    if accepted is None:
        accepted = sum(1 for ln in lines if code(ln.get("status")) in ("A", "E"))
    out.append(
        [
            "AK9",
            code(record.get("group_status")) or "A",
            num(
                record.get("sets_included")
                if record.get("sets_included") is not None
                else len(lines)
            ),
            num(
                record.get("sets_received")
                if record.get("sets_received") is not None
                else len(lines)
            ),
            num(accepted),
            *[code(c) for c in (record.get("group_errors") or [])][:5],
        ]
    )
    return out


def write_999(record: Mapping[str, Any], version: str) -> Segments:
    """999 has the 997's shape with IK3/IK4/IK5, and always names the version in AK103."""
    return write_997({"acknowledged_version": version, **record}, "005010", ("IK3", "IK4", "IK5"))


def write_180(record: Mapping[str, Any], version: str) -> Segments:
    when = record.get("return_date")
    out: Segments = [
        [
            "BGN",
            code(record.get("purpose")) or "00",
            text(record.get("rma_number")),
            ccyymmdd(when),
            hhmm(when),
        ]
    ]
    if record.get("reason") or record.get("disposition"):
        out.append(["RDR", code(record.get("reason")), code(record.get("disposition"))])
    if record.get("po_number"):
        out.append(["PRF", text(record["po_number"])])
    refs = dict(record.get("references") or {})
    if record.get("invoice_number") and "IV" not in refs:
        refs["IV"] = {"value": record["invoice_number"]}
    out += references(refs, tag="N9")
    out += dates(record.get("dates"))
    out += parties(record.get("parties"))
    for line in _lines(record):
        pairs = product_pairs(line)
        first_pair, extra = pairs[:2] or ["", ""], pairs[2:]
        out.append(
            [
                "BLI",
                *first_pair,
                num(line.get("quantity")),
                code(line.get("unit")) or "EA",
                num(line.get("unit_price")),
                "",
                "",
                *extra,
            ]
        )
        out += references(line.get("references"), tag="N9")
        out += description(line)
        if line.get("reason") or line.get("disposition"):
            out.append(["RDR", code(line.get("reason")), code(line.get("disposition"))])
        if line.get("po_number"):
            out.append(["PRF", text(line["po_number"])])
        out += dates(line.get("dates"))
        for quantity in line.get("quantities") or []:
            out.append(
                [
                    "QTY",
                    code(quantity.get("qualifier")),
                    num(quantity.get("quantity")),
                    code(quantity.get("unit")),
                ]
            )
        out += [["NTE", "GEN", text(note)] for note in line.get("notes") or []]
    return out


SET_WRITERS: dict[str, Callable[[Mapping[str, Any], str], Segments]] = {
    "850": write_850,
    "855": write_855,
    "856": write_856,
    "810": write_810,
    "846": write_846,
    "852": write_852,
    "830": write_830,
    "870": write_870,
    "214": write_214,
    "824": write_824,
    "997": write_997,
    "999": write_999,
    "180": write_180,
}
