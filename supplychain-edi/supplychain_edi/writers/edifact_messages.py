"""EDIFACT message bodies (UNH and UNT excluded), one writer per message, from records.

Like the X12 writers, each emits what its reader reads back.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from supplychain_edi.writers.fields import EdiWriteError, ccyymmdd, code, hhmm, num, text

Element = str | list[str]
Segments = list[list[Element]]


def dtm(qualifier: str, value: Any) -> list[Element]:
    day, time = ccyymmdd(value), hhmm(value)
    if time:
        return ["DTM", [qualifier, day + time[:4], "203"]]
    return ["DTM", [qualifier, day, "102"]]


def dates(values: Mapping[str, Any] | None, skip: Iterable[str] = ()) -> Segments:
    skipped = set(skip)
    return [dtm(q, v) for q, v in (values or {}).items() if v and q not in skipped]


def references(refs: Mapping[str, Any] | None) -> Segments:
    out: Segments = []
    for qualifier, ref in (refs or {}).items():
        value = text(ref.get("value") if isinstance(ref, Mapping) else ref)
        extra = text(ref.get("description")) if isinstance(ref, Mapping) else ""
        out.append(["RFF", [qualifier, value, extra]])
    return out


def parties(found: Mapping[str, Any] | None) -> Segments:
    out: Segments = []
    for role, party in (found or {}).items():
        out.append(
            [
                "NAD",
                role,
                [text(party.get("id")), "", code(party.get("id_qualifier"))],
                "",
                text(party.get("name")),
                text(party.get("street")),
                text(party.get("city")),
                text(party.get("region")),
                text(party.get("postal_code")),
                text(party.get("country")),
            ]
        )
    return out


def lin(line: Mapping[str, Any], number: int) -> Segments:
    """LIN with the first item id, PIA with the rest (five per PIA)."""
    ids = [(code(e.get("qualifier")), text(e.get("id"))) for e in line.get("product_ids") or []]
    if not ids:
        for qualifier, key in (("SA", "vendor_item"), ("IN", "buyer_item"), ("UP", "upc")):
            if line.get(key):
                ids.append((qualifier, text(line[key])))
        if not ids and line.get("sku"):
            ids.append(("SA", text(line["sku"])))
    head: list[Element] = ["LIN", text(line.get("line_number")) or str(number), ""]
    if ids:
        head.append([ids[0][1], ids[0][0]])
    out: Segments = [head]
    rest = ids[1:]
    for start in range(0, len(rest), 5):
        out.append(
            ["PIA", "1", *[[value, qualifier] for qualifier, value in rest[start : start + 5]]]
        )
    if line.get("description"):
        out += description(text(line["description"]))
    return out


def description(value: str) -> Segments:
    words = " ".join(value.split())
    pieces: list[str] = []
    while len(words) > 35:
        cut = words.rfind(" ", 0, 36)
        cut = cut if cut > 0 else 35
        pieces.append(words[:cut])
        words = words[cut:].lstrip()
    pieces.append(words)
    return [["IMD", "F", "", ["", "", "", piece]] for piece in pieces if piece]


def qty(qualifier: str, value: Any, unit: Any) -> list[Element]:
    return ["QTY", [qualifier, num(value), code(unit)]]


def bgm(document: str, number: Any, function: Any = "9", response: Any = "") -> list[Element]:
    return ["BGM", document, text(number), code(function) or "9", code(response)]


def _lines(record: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    return list(record.get("lines") or [])


def write_orders(record: Mapping[str, Any]) -> Segments:
    if not record.get("po_number"):
        raise EdiWriteError("an ORDERS needs po_number")
    out: Segments = [
        bgm(code(record.get("order_type")) or "220", record["po_number"], record.get("purpose"))
    ]
    header_dates = dict(record.get("dates") or {})
    for key, qualifier in (
        ("order_date", "137"),
        ("requested_delivery_date", "2"),
        ("requested_ship_date", "10"),
    ):
        if record.get(key) and qualifier not in header_dates:
            header_dates[qualifier] = record[key]
    out += dates(header_dates)
    refs = dict(record.get("references") or {})
    if record.get("customer_order_number") and "CO" not in refs and "CR" not in refs:
        refs["CO"] = {"value": record["customer_order_number"]}
    out += references(refs)
    out += parties(record.get("parties"))
    if record.get("currency"):
        out.append(["CUX", ["2", text(record["currency"]), "9"]])
    for number, line in enumerate(_lines(record), 1):
        out += lin(line, number)
        out.append(qty("21", line.get("quantity"), line.get("unit")))
        line_dates = dict(line.get("dates") or {})
        if line.get("requested_delivery_date") and "2" not in line_dates:
            line_dates["2"] = line["requested_delivery_date"]
        out += dates(line_dates)
        if line.get("unit_price") is not None:
            out.append(["PRI", ["AAA", num(line["unit_price"])]])
    out.append(["UNS", "S"])
    out.append(["CNT", ["2", str(len(_lines(record)))]])
    return out


def write_ordrsp(record: Mapping[str, Any]) -> Segments:
    out: Segments = [
        bgm(
            "231",
            record.get("seller_order_number"),
            record.get("purpose"),
            record.get("acknowledgement_type"),
        )
    ]
    header_dates = dict(record.get("dates") or {})
    for key, qualifier in (("acknowledgement_date", "137"), ("order_date", "4")):
        if record.get(key) and qualifier not in header_dates:
            header_dates[qualifier] = record[key]
    out += dates(header_dates)
    refs = dict(record.get("references") or {})
    if record.get("po_number") and "ON" not in refs:
        refs["ON"] = {"value": record["po_number"]}
    out += references(refs)
    out += parties(record.get("parties"))
    if record.get("currency"):
        out.append(["CUX", ["2", text(record["currency"]), "9"]])
    for number, line in enumerate(_lines(record), 1):
        head = lin(line, number)
        head[0][2] = code(line.get("line_action"))
        out += head
        out.append(qty("21", line.get("ordered_quantity"), line.get("unit")))
        out.append(qty("113", line.get("acknowledged_quantity"), line.get("unit")))
        if line.get("backorder_quantity"):
            out.append(qty("83", line["backorder_quantity"], line.get("unit")))
        line_dates = dict(line.get("dates") or {})
        if line.get("schedule_date") and not line_dates:
            line_dates[code(line.get("schedule_date_qualifier")) or "67"] = line["schedule_date"]
        out += dates(line_dates)
        if line.get("unit_price") is not None:
            out.append(["PRI", ["AAA", num(line["unit_price"])]])
    out.append(["UNS", "S"])
    out.append(["CNT", ["2", str(len(_lines(record)))]])
    return out


def write_desadv(record: Mapping[str, Any]) -> Segments:
    out: Segments = [bgm("351", record.get("asn_number"), record.get("purpose"))]
    header_dates = dict(record.get("dates") or {})
    for key, qualifier in (
        ("asn_date", "137"),
        ("shipped_date", "11"),
        ("estimated_delivery_date", "17"),
    ):
        if record.get(key) and qualifier not in header_dates:
            header_dates[qualifier] = record[key]
    out += dates(header_dates)
    refs = dict(record.get("references") or {})
    for qualifier, key in (("ON", "po_number"), ("CN", "pro_number")):
        if record.get(key) and qualifier not in refs:
            refs[qualifier] = {"value": record[key]}
    # The bill of lading goes in TDT's conveyance reference unless the sender used RFF+BM.
    bol_in_tdt = "" if "BM" in refs else text(record.get("bol_number"))
    out += references(refs)
    out += parties(record.get("parties"))
    if record.get("carrier_scac") or record.get("carrier_name") or bol_in_tdt:
        out.append(
            [
                "TDT",
                "20",
                bol_in_tdt,
                text(record.get("transport_method")),
                "",
                [text(record.get("carrier_scac")), "", "", text(record.get("carrier_name"))],
            ]
        )
    out.append(["CPS", "1"])
    if record.get("lading_quantity") is not None:
        out.append(["PAC", num(record["lading_quantity"]), "", text(record.get("packaging_code"))])
    for number, line in enumerate(_lines(record), 1):
        out += lin(line, number)
        out.append(qty("12", line.get("shipped_quantity"), line.get("unit")))
        if line.get("ordered_quantity") is not None:
            out.append(qty("21", line["ordered_quantity"], line.get("unit")))
        out += [["GIN", "BJ", c] for c in line.get("container_ids") or []]
        out += dates(line.get("dates"))
        if line.get("po_number"):
            out.append(["RFF", ["ON", text(line["po_number"]), text(line.get("line_number"))]])
    return out


def write_invoic(record: Mapping[str, Any]) -> Segments:
    document = code(record.get("invoice_type"))
    if document not in ("380", "381", "383"):
        document = "381" if record.get("is_credit") else "380"
    out: Segments = [bgm(document, record.get("invoice_number"), record.get("purpose"))]
    header_dates = dict(record.get("dates") or {})
    for key, qualifier in (("invoice_date", "137"), ("po_date", "4"), ("shipped_date", "11")):
        if record.get(key) and qualifier not in header_dates:
            header_dates[qualifier] = record[key]
    out += dates(header_dates)
    refs = dict(record.get("references") or {})
    for qualifier, key in (
        ("ON", "po_number"),
        ("AAK", "asn_number"),
        ("BM", "bol_number"),
        ("CN", "pro_number"),
        ("VN", "seller_order_number"),
    ):
        if record.get(key) and qualifier not in refs:
            refs[qualifier] = {"value": record[key]}
    out += references(refs)
    out += parties(record.get("parties"))
    if record.get("currency"):
        out.append(["CUX", ["2", text(record["currency"]), "4"]])
    terms = record.get("terms")
    if terms:
        out.append(
            [
                "PAT",
                text(terms.get("type_code")) or "1",
                ["", "", "", text(terms.get("description"))],
                ["5", "3", "D", num(terms.get("net_days"))],
            ]
        )
    for number, line in enumerate(_lines(record), 1):
        out += lin(line, number)
        out.append(qty("47", line.get("quantity"), line.get("unit")))
        out += dates(line.get("dates"))
        if line.get("amount") is not None:
            out.append(["MOA", ["203", num(line["amount"])]])
        if line.get("unit_price") is not None:
            out.append(["PRI", ["AAA", num(line["unit_price"])]])
    out.append(["UNS", "S"])
    if record.get("line_items_total") is not None:
        out.append(["MOA", ["79", num(record["line_items_total"])]])
    if record.get("tax_amount") is not None:
        out.append(["MOA", ["124", num(record["tax_amount"])]])
    out.append(["MOA", ["139", num(record.get("total_amount"))]])
    out.append(["CNT", ["2", str(len(_lines(record)))]])
    return out


def write_invrpt(record: Mapping[str, Any]) -> Segments:
    out: Segments = [
        bgm(
            code(record.get("report_type")) or "35",
            record.get("report_number"),
            record.get("purpose"),
        )
    ]
    header_dates = dict(record.get("dates") or {})
    if record.get("report_date") and "137" not in header_dates:
        header_dates["137"] = record["report_date"]
    out += dates(header_dates)
    out += references(record.get("references"))
    out += parties(record.get("parties"))
    for number, line in enumerate(_lines(record), 1):
        out += lin(line, number)
        quantities = list(line.get("quantities") or [])
        if not quantities and line.get("available_quantity") is not None:
            quantities = [
                {
                    "qualifier": "33",
                    "quantity": line["available_quantity"],
                    "unit": "PCE",
                    "dates": {},
                    "locations": [],
                }
            ]
        in_quantities = {q for entry in quantities for q in (entry.get("dates") or {})}
        line_dates = dict(line.get("dates") or {})
        if line.get("available_date") and not line_dates:
            line_dates["44"] = line["available_date"]
        out += dates(line_dates, skip=in_quantities)
        for entry in quantities:
            locations = entry.get("locations") or []
            if locations:
                out.append(["LOC", "18", text(locations[0].get("location_id"))])
            out.append(qty(code(entry.get("qualifier")), entry.get("quantity"), entry.get("unit")))
            out += dates(entry.get("dates"))
        if line.get("unit_price") is not None:
            out.append(["PRI", ["AAA", num(line["unit_price"])]])
    out.append(["UNS", "S"])
    return out


def write_slsrpt(record: Mapping[str, Any]) -> Segments:
    """Location-first, as SLSRPT is: one LOC group per location, the items sold there under it."""
    out: Segments = [bgm(code(record.get("report_code")) or "73", record.get("report_number"))]
    header_dates = dict(record.get("dates") or {})
    if record.get("period_start") and "90" not in header_dates:
        header_dates["90"] = record["period_start"]
    if record.get("period_end") and "91" not in header_dates:
        header_dates["91"] = record["period_end"]
    out += dates(header_dates)
    out += references(record.get("references"))
    out += parties(record.get("parties"))
    by_location: dict[str, list[tuple[Mapping[str, Any], str, Any, Any]]] = {}
    for line in _lines(record):
        activities = list(line.get("activities") or [])
        if not activities and line.get("quantity_sold") is not None:
            activities = [
                {
                    "activity": "153",
                    "quantity": line["quantity_sold"],
                    "unit": "PCE",
                    "locations": [],
                }
            ]
        for activity in activities:
            qualifier = code(activity.get("activity"))
            qualifier = {"QS": "153", "QA": "145"}.get(qualifier, qualifier)
            locations = activity.get("locations") or []
            if not locations:
                by_location.setdefault("", []).append(
                    (line, qualifier, activity.get("quantity"), activity.get("unit"))
                )
            for location in locations:
                by_location.setdefault(text(location.get("location_id")), []).append(
                    (line, qualifier, location.get("quantity"), activity.get("unit"))
                )
    number = 0
    for location, entries in by_location.items():
        if location:
            out.append(["LOC", "162", location])
        for line, qualifier, quantity, unit in entries:
            number += 1
            out += lin(line, number)
            out.append(qty(qualifier, quantity, unit))
            if line.get("unit_price") is not None:
                out.append(["PRI", ["AAA", num(line["unit_price"])]])
    out.append(["UNS", "S"])
    return out


def write_delfor(record: Mapping[str, Any]) -> Segments:
    out: Segments = [bgm("241", record.get("schedule_reference"), record.get("purpose"))]
    header_dates = dict(record.get("dates") or {})
    for key, qualifier in (("issue_date", "137"), ("horizon_start", "158"), ("horizon_end", "159")):
        if record.get(key) and qualifier not in header_dates:
            header_dates[qualifier] = record[key]
    out += dates(header_dates)
    refs = dict(record.get("references") or {})
    if record.get("po_number") and "ON" not in refs:
        refs["ON"] = {"value": record["po_number"]}
    out += references(refs)
    out += parties(record.get("parties"))
    out.append(["UNS", "D"])
    for number, line in enumerate(_lines(record), 1):
        out += parties(line.get("parties"))
        out += lin(line, number)
        out += references(line.get("references"))
        out += dates(line.get("dates"))
        for bucket in line.get("forecasts") or []:
            kind = code(bucket.get("forecast_type"))
            out.append(["SCC", {"C": "1", "D": "4"}.get(kind, kind) or "4"])
            out.append(qty("113", bucket.get("quantity"), line.get("unit")))
            if bucket.get("start_date"):
                out.append(dtm("158", bucket["start_date"]))
            if bucket.get("end_date"):
                out.append(dtm("159", bucket["end_date"]))
    out.append(["UNS", "S"])
    return out


def write_iftsta(record: Mapping[str, Any]) -> Segments:
    out: Segments = [bgm("77", record.get("shipment_id") or record.get("pro_number"))]
    out += dates(record.get("dates"))
    refs = dict(record.get("references") or {})
    consignment = record.get("shipment_id") or record.get("bol_number")
    for qualifier, key in (
        ("CN", "pro_number"),
        ("BM", "bol_number"),
        ("ON", "po_number"),
        ("AAK", "asn_number"),
    ):
        if qualifier == "BM" and record.get(key) == consignment:
            continue  # already CNI's document number
        if record.get(key) and qualifier not in refs:
            refs[qualifier] = {"value": record[key]}
    out += parties(record.get("parties"))
    out.append(["CNI", "1", text(consignment)])
    out += references(refs)
    events = list(record.get("lines") or [])
    for event in events:
        out.append(["STS", "1", code(event.get("status")), code(event.get("status_reason"))])
        if event.get("status_date"):
            out.append(dtm("334", event["status_date"]))
        if event.get("city") or event.get("country"):
            out.append(
                ["LOC", "175", ["", "", "", text(event.get("city"))], text(event.get("country"))]
            )
    return out


def write_aperak(record: Mapping[str, Any]) -> Segments:
    lines = _lines(record)
    status = code(record.get("status")) or (code(lines[0].get("status")) if lines else "TA")
    response = {"TA": "AP", "TE": "CA", "TR": "RE"}.get(status, "")
    out: Segments = [bgm("305", record.get("reference"), record.get("purpose"), response)]
    header_dates = dict(record.get("dates") or {})
    if record.get("advice_date") and "137" not in header_dates:
        header_dates["137"] = record["advice_date"]
    out += dates(header_dates)
    refs = dict(record.get("references") or {})
    for line in lines:
        qualifier = code(line.get("reference_qualifier"))
        if qualifier and line.get("reference") and qualifier not in refs:
            refs[qualifier] = {"value": line["reference"]}
    for qualifier, key in (("ON", "po_number"), ("IV", "invoice_number"), ("AAK", "asn_number")):
        if record.get(key) and qualifier not in refs and not (qualifier == "ON" and "PO" in refs):
            refs[qualifier] = {"value": record[key]}
    out += references(refs)
    out += parties(record.get("parties"))
    for line in lines:
        for error in line.get("errors") or []:
            out.append(["ERC", [code(error.get("code")) or "12"]])
            if error.get("message"):
                out.append(["FTX", "AAO", "", "", [text(error["message"])[:512]]])
    return out


def _address(value: Any) -> list[str]:
    """`QUAL:ID` back to UNB's id:qualifier order."""
    qualifier, _, identifier = text(value).rpartition(":")
    return [identifier, qualifier]


def write_contrl(record: Mapping[str, Any]) -> Segments:
    status = code(record.get("group_status"))
    action = text(record.get("interchange_action")) or ("4" if status == "R" else "7")
    out: Segments = [
        [
            "UCI",
            text(record.get("acknowledged_interchange_control_number")),
            _address(record.get("acknowledged_sender")),
            _address(record.get("acknowledged_receiver")),
            action,
        ]
    ]
    for line in _lines(record):
        line_status = code(line.get("status"))
        errors = line.get("set_errors") or []
        out.append(
            [
                "UCM",
                text(line.get("set_control_number")),
                [code(line.get("set_code")), "D", "96A", "UN"],
                "4" if line_status == "R" else "7",
                code(errors[0]) if errors else "",
            ]
        )
        for error in line.get("segment_errors") or []:
            out.append(["UCS", num(error.get("position")), code(error.get("code"))])
            for element in error.get("element_errors") or []:
                position = [num(element.get("position"))]
                if element.get("component_position") is not None:
                    position.append(num(element["component_position"]))
                out.append(["UCD", code(element.get("code")), position])
    return out


MESSAGE_WRITERS: dict[str, Callable[[Mapping[str, Any]], Segments]] = {
    "ORDERS": write_orders,
    "ORDRSP": write_ordrsp,
    "DESADV": write_desadv,
    "INVOIC": write_invoic,
    "INVRPT": write_invrpt,
    "SLSRPT": write_slsrpt,
    "DELFOR": write_delfor,
    "IFTSTA": write_iftsta,
    "APERAK": write_aperak,
    "CONTRL": write_contrl,
}
