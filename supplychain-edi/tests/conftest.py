"""Shared fixtures: a corpus of documents written by mock-edi, an independent seller."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from mockedi.testing import Mock

GOLDEN = Path(__file__).parent / "golden"

X12_ORDER = (
    "ISA*00*          *00*          *ZZ*{partner:<15}*ZZ*MOCKEDI        *260924*1030*U*00401*"
    "{control:09d}*0*T*>~"
    "GS*PO*{partner}*MOCKEDI*20260924*1030*{control}*X*{version}~"
    "ST*850*0001~BEG*00*SA*{po}**20260924~REF*CO*ORD-{control}~DTM*002*20261001~"
    "N1*ST*Jane Doe*92*CUST-9~"
    "PO1*1*100*EA*12.50**VP*WIDGET-001*UP*076123400003~PO1*2*10*EA*89.00**VP*PANEL-A4~"
    "PO1*3*5*EA*14.25**VP*GEAR-200~CTT*3~SE*10*0001~GE*1*{control}~IEA*1*{control:09d}~"
)
EDIFACT_ORDER = (
    "UNA:+.? 'UNB+UNOC:3+EURODIS:14+MOCKEDI:ZZ+260924:1030+{control}'"
    "UNH+1+ORDERS:D:96A:UN'BGM+220+{po}+9'DTM+137:20260924:102'DTM+2:20261001:102'"
    "NAD+BY+EURODIS::9'NAD+DP+CUST-9::92++Jane Doe'CUX+2:EUR:9'"
    "LIN+1++WIDGET-001:SA'QTY+21:100:PCE'PRI+AAA:12.50'"
    "LIN+2++PANEL-A4:SA'QTY+21:10:PCE'PRI+AAA:89.00'"
    "LIN+3++GEAR-200:SA'QTY+21:5:PCE'PRI+AAA:14.25'UNS+S'UNT+18+1'UNZ+1+{control}'"
)


@dataclass(frozen=True)
class MockExchange:
    """What one partner behaviour produced: the raw mailbox and its interchanges."""

    partner: str
    dialect: str
    behaviour: str
    mailbox: str

    @property
    def interchanges(self) -> list[str]:
        return [part.strip() + "\n" for part in self.mailbox.split("\n\n") if part.strip()]


# (partner, dialect, version, behaviour); ACME, GLOBEX, INITECH and EURODIS are
# mock-edi's own seeded customers, and every supplier behaviour is run in both dialects.
EXCHANGES = [
    ("ACME", "X12", "004010", "accept"),
    ("GLOBEX", "X12", "005010", "short-ship"),
    ("INITECH", "X12", "004010", "reject-line"),
    ("EURODIS", "EDIFACT", "D96A", "accept"),
    ("EURODIS", "EDIFACT", "D96A", "short-ship"),
    ("EURODIS", "EDIFACT", "D96A", "reject-line"),
]


@pytest.fixture(scope="session")
def mock_seller() -> Iterator[Mock]:
    with Mock.start() as mock:
        yield mock


@pytest.fixture(scope="session")
def mock_exchanges(mock_seller: Mock) -> list[MockExchange]:
    """Each behaviour's 997/855/856/810 (or CONTRL/ORDRSP/DESADV/INVOIC), as mock-edi wrote them."""
    out: list[MockExchange] = []
    for number, (partner, dialect, version, behaviour) in enumerate(EXCHANGES, 1):
        control = 300 + number
        mock_seller.behaviour(partner, behaviour)
        if dialect == "X12":
            order = X12_ORDER.format(
                partner=partner, control=control, version=version, po=f"45000{control:05d}"
            )
        else:
            order = EDIFACT_ORDER.format(control=control, po=f"PO-{control}")
        summary = mock_seller.send(order)
        assert summary["accepted"], summary
        mock_seller.advance(everything=True)
        mailbox = mock_seller.get("/_mock/mailbox?raw").body
        out.append(MockExchange(partner, dialect, behaviour, mailbox))
    return out


@pytest.fixture(scope="session")
def mock_orders(mock_seller: Mock) -> list[str]:
    """850 and ORDERS that mock-edi writes as a buyer (to its supplier NORTHWIND)."""
    orders: list[str] = []
    for dialect, version in (("X12", "004010"), ("EDIFACT", "D:96A:UN")):
        mock_seller.partner("NORTHWIND", dialect=dialect, version=version)
        mock_seller.post(
            "/_mock/purchase",
            {
                "partner": "NORTHWIND",
                "po_number": f"PO-BUY-{dialect}",
                "requested_on": "2026-12-01",
                "currency": "USD",
                "lines": [
                    {"sku": "WIDGET-001", "quantity": 7, "price": "12.50"},
                    {"upc": "076123400089", "quantity": 2, "price": "89.00"},
                ],
            },
        )
        mock_seller.advance(everything=True)
        orders.append(mock_seller.get("/_mock/mailbox?raw").body)
    return orders


FIXED_TIME = datetime.datetime(2026, 11, 2, 9, 15, tzinfo=datetime.UTC)
