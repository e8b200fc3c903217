"""Reading is checked against mock-edi's own readers (`as_response`, `as_despatch`, ...).

mock-edi is an independent implementation: its seller writes the documents and its
`transactions` models read them, so every expected value here comes from mock-edi.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from mockedi import schema as mock_schema
from mockedi.testing import Document

from supplychain_edi import parse
from tests.conftest import EXCHANGES, MockExchange


def iso(value: datetime.date | None) -> str | None:
    return value.isoformat() if value else None


def date_of(value: dict[str, Any] | None) -> str | None:
    return value["date"] if value else None


def dec(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def unit_as_mock_reads_it(unit: dict[str, Any] | None, dialect: str) -> str:
    code = unit["code"] if unit else ""
    if dialect == "EDIFACT":
        return mock_schema.UOM_FROM_EDIFACT.get(code, code or "EA")
    return code or "EA"


def documents(exchange: MockExchange) -> list[tuple[Document, dict[str, Any]]]:
    pairs = []
    for interchange in exchange.interchanges:
        records = parse(interchange)
        assert len(records) == 1, records
        pairs.append((Document(interchange), records[0]))
    return pairs


@pytest.fixture(params=range(len(EXCHANGES)), ids=[f"{p}-{b}" for p, _, _, b in EXCHANGES])
def exchange(request: pytest.FixtureRequest, mock_exchanges: list[MockExchange]) -> MockExchange:
    return mock_exchanges[request.param]


def test_every_document_is_read_without_errors_or_warnings(exchange: MockExchange) -> None:
    kinds = []
    for _document, record in documents(exchange):
        assert record["document_type"] != "document_error", record
        assert record["warnings"] == []
        assert record["dialect"] == exchange.dialect
        assert record["is_test"] is True
        kinds.append(record["document_type"])
    assert kinds == ["functional_ack", "po_acknowledgement", "ship_notice", "invoice"]


def test_envelope_matches_mock_edi(exchange: MockExchange) -> None:
    for document, record in documents(exchange):
        interchange = document.interchange
        assert record["interchange_control_number"].lstrip("0") == str(interchange.control).lstrip(
            "0"
        )
        assert record["envelope"]["sender"]["id"] == interchange.sender
        assert record["envelope"]["receiver"]["id"] == interchange.receiver
        assert record["receiver"].endswith(":" + exchange.partner)


def test_po_acknowledgement_matches_as_response(exchange: MockExchange) -> None:
    document, record = next(
        (d, r) for d, r in documents(exchange) if r["document_type"] == "po_acknowledgement"
    )
    expected = document.as_response()
    assert record["po_number"] == expected.po_number
    assert record["seller_order_number"] == expected.seller_order
    assert record["acknowledgement_type"]["code"] == expected.verdict
    assert date_of(record["acknowledgement_date"]) == iso(expected.responded_on)
    assert date_of(record["order_date"]) == iso(expected.ordered_on)
    assert record["currency"] == expected.currency
    assert len(record["lines"]) == len(expected.lines)
    for line, want in zip(record["lines"], expected.lines, strict=True):
        assert line["line_number"] == want.number
        assert line["sku"] == want.sku
        assert (line["upc"] or "") == want.upc
        assert (line["description"] or "") == want.description
        assert dec(line["ordered_quantity"]) == want.quantity
        assert dec(line["acknowledged_quantity"]) == want.confirmed
        assert dec(line["unit_price"]) == want.price
        assert unit_as_mock_reads_it(line["unit"], exchange.dialect) == want.uom
        assert line["status"]["code"] == want.status
        assert line["status"]["meaning"]
        assert date_of(line["schedule_date"]) == iso(want.scheduled_on)


def test_behaviour_is_visible_in_the_acknowledgement(exchange: MockExchange) -> None:
    _document, record = next(
        (d, r) for d, r in documents(exchange) if r["document_type"] == "po_acknowledgement"
    )
    statuses = [line["status"]["code"] for line in record["lines"]]
    if exchange.behaviour == "accept":
        assert set(statuses) == {"IA"}
    elif exchange.behaviour == "short-ship":
        assert "IQ" in statuses
    else:
        assert statuses[-1] == "IR"
        assert record["lines"][-1]["acknowledged_quantity"] == 0


def test_ship_notice_matches_as_despatch(exchange: MockExchange) -> None:
    document, record = next(
        (d, r) for d, r in documents(exchange) if r["document_type"] == "ship_notice"
    )
    expected = document.as_despatch()
    assert record["asn_number"] == expected.shipment_id
    assert record["po_number"] == expected.po_number
    assert date_of(record["shipped_date"]) == iso(expected.shipped_on)
    assert date_of(record["asn_date"]) == iso(expected.written_on)
    assert date_of(record["estimated_delivery_date"]) == iso(expected.estimated_delivery)
    assert (record["carrier_scac"] or "") == expected.scac
    assert (record["carrier_name"] or "") == expected.carrier
    assert (record["tracking_number"] or "") == expected.tracking
    assert (record["bol_number"] or "") == expected.bol
    assert record["lading_quantity"] == expected.cartons
    if exchange.dialect == "X12":
        assert dec(record["gross_weight"]) == expected.weight
        assert date_of(record["lines"][0]["po_date"]) == iso(expected.ordered_on)
    assert len(record["lines"]) == len(expected.items)
    for line, want in zip(record["lines"], expected.items, strict=True):
        assert line["line_number"] == want.line
        assert line["sku"] == want.sku
        assert (line["upc"] or "") == want.upc
        assert dec(line["shipped_quantity"]) == want.quantity
        assert unit_as_mock_reads_it(line["unit"], exchange.dialect) == want.uom
        if exchange.dialect == "X12":
            assert dec(line["ordered_quantity"]) == want.ordered


def test_invoice_matches_as_invoice(exchange: MockExchange) -> None:
    document, record = next(
        (d, r) for d, r in documents(exchange) if r["document_type"] == "invoice"
    )
    expected = document.as_invoice()
    assert record["invoice_number"] == expected.invoice_number
    assert date_of(record["invoice_date"]) == iso(expected.invoiced_on)
    assert record["po_number"] == expected.po_number
    assert (record["asn_number"] or "") == expected.shipment_id
    assert record["currency"] == expected.currency
    assert dec(record["total_amount"]) == expected.total
    assert record["terms"]["net_days"] == expected.terms_days
    assert record["is_credit"] is False
    assert len(record["lines"]) == len(expected.lines)
    for line, want in zip(record["lines"], expected.lines, strict=True):
        assert line["line_number"] == want.number
        assert line["sku"] == want.sku
        assert (line["upc"] or "") == want.upc
        assert dec(line["quantity"]) == want.quantity
        assert dec(line["unit_price"]) == want.price
        assert dec(line["amount"]) == want.amount_stated
    if exchange.dialect == "X12":
        assert dec(record["terms"]["discount_percent"]) == expected.discount_pct
        assert record["terms"]["discount_days"] == expected.discount_days


def test_functional_ack_accepts_the_order(exchange: MockExchange) -> None:
    document, record = next(
        (d, r) for d, r in documents(exchange) if r["document_type"] == "functional_ack"
    )
    assert record["group_status"]["code"] == "A"
    assert [line["status"]["code"] for line in record["lines"]] == ["A"]
    set_code = record["lines"][0]["set_code"]["code"]
    assert set_code == ("850" if exchange.dialect == "X12" else "ORDERS")
    if exchange.dialect == "X12":
        ak1 = document.find("AK1")
        assert record["acknowledged_group_control_number"] == ak1.get(2)
    else:
        uci = document.find("UCI")
        assert record["acknowledged_interchange_control_number"] == uci.get(1)


def test_purchase_orders_match_as_order(mock_orders: list[str]) -> None:
    for payload in mock_orders:
        expected = Document(payload).as_order()
        (record,) = parse(payload)
        assert record["document_type"] == "purchase_order"
        assert record["warnings"] == []
        assert record["po_number"] == expected.po_number
        assert date_of(record["order_date"]) == iso(expected.ordered_on)
        assert date_of(record["requested_delivery_date"]) == iso(expected.requested_on)
        assert record["currency"] == expected.currency
        assert set(record["parties"]) == set(expected.parties)
        for role, party in expected.parties.items():
            assert record["parties"][role]["id"] == party.identifier
            assert record["parties"][role]["name"] == party.name
            assert record["parties"][role]["city"] == party.city
        for line, want in zip(record["lines"], expected.lines, strict=True):
            assert line["line_number"] == want.number
            assert line["sku"] == want.sku
            assert (line["upc"] or "") == want.upc
            assert dec(line["quantity"]) == want.quantity
            assert dec(line["unit_price"]) == want.price
            assert line["description"] == want.description
