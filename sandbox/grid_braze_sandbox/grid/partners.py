"""Trading partners as the network knows them: their EDI addresses, how each answers, and (for
suppliers) the mock-edi instance that plays it.

Partners are registered by the scenario through `/_sandbox/grid/partners`; each appears as two
trading partnerships (one per direction, as TGO creates them) in `/tg/v1/trading-partners`.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

from grid_braze_sandbox.grid.addresses import address_object, parse_address
from grid_braze_sandbox.grid.problems import GridError
from grid_braze_sandbox.grid.store import Store
from grid_braze_sandbox.grid.suppliers import DEFAULT_TIMING, MOCK_VERSIONS, SupplierMock

TRADING_PARTNERS = "trading_partners"
KINDS = ("supplier", "partner")
ACK_MODES = ("accept", "reject", "missing", "late")
DEFAULT_DOCUMENT_TYPES = [
    "850",
    "855",
    "856",
    "810",
    "846",
    "870",
    "214",
    "824",
    "180",
    "852",
    "830",
    "997",
]


@dataclass
class Partner:
    address: str
    name: str
    kind: str
    behaviour: str
    dialect: str
    version: str
    timing: dict[str, float]
    acks: dict[str, Any]
    document_types: list[str]
    company_id: str | None = None
    mock: SupplierMock | None = None
    partnership_ids: list[str] = field(default_factory=list)
    next_control: int = 5000

    def describe(self) -> dict[str, Any]:
        return {
            "address": self.address,
            "name": self.name,
            "kind": self.kind,
            "behaviour": self.behaviour,
            "dialect": self.dialect,
            "version": self.version,
            "timing": self.timing,
            "acks": self.acks,
            "documentTypes": self.document_types,
            "companyId": self.company_id,
            "mock_url": self.mock.url if self.mock else None,
            "partnershipIds": self.partnership_ids,
        }

    def take_control_number(self) -> int:
        self.next_control += 1
        return self.next_control


def _acks(value: Any) -> dict[str, Any]:
    acks = {"mode": "accept", "delay_hours": 0.0}
    if value is None:
        return acks
    if not isinstance(value, dict) or set(value) - {"mode", "delay_hours"}:
        raise GridError(400, "invalid_partner", "acks is {mode, delay_hours}")
    acks |= value
    if acks["mode"] not in ACK_MODES:
        raise GridError(400, "invalid_partner", f"acks.mode must be one of {list(ACK_MODES)}")
    return acks


def _timing(value: Any) -> dict[str, float]:
    timing = dict(DEFAULT_TIMING)
    if value is None:
        return timing
    if not isinstance(value, dict) or set(value) - set(DEFAULT_TIMING):
        raise GridError(400, "invalid_partner", f"timing takes {sorted(DEFAULT_TIMING)}")
    for key, number in value.items():
        if not isinstance(number, int | float) or number < 0:
            raise GridError(400, "invalid_partner", f"timing.{key} must be a number ≥ 0")
        timing[key] = float(number)
    return timing


class PartnerRegistry:
    def __init__(self, store: Store) -> None:
        self.store = store
        self._partners: dict[str, Partner] = {}
        self._lock = threading.RLock()

    def get(self, address: str) -> Partner | None:
        with self._lock:
            return self._partners.get(address)

    def require(self, address: str) -> Partner:
        qualifier, identifier = parse_address(address)
        partner = self.get(f"{qualifier}:{identifier}")
        if partner is None:
            raise GridError(404, "partner_not_found", f"no trading partner {address}")
        return partner

    def all(self) -> list[Partner]:
        with self._lock:
            return list(self._partners.values())

    def build(self, body: dict[str, Any]) -> Partner:
        known = {
            "address",
            "name",
            "kind",
            "behaviour",
            "dialect",
            "version",
            "timing",
            "acks",
            "catalog",
            "documentTypes",
            "company",
        }
        unknown = set(body) - known
        if unknown:
            raise GridError(400, "invalid_partner", f"unknown fields: {sorted(unknown)}")
        qualifier, identifier = parse_address(body.get("address"))
        address = f"{qualifier}:{identifier}"
        kind = body.get("kind", "supplier")
        if kind not in KINDS:
            raise GridError(400, "invalid_partner", f"kind must be one of {list(KINDS)}")
        dialect = body.get("dialect", "X12")
        if dialect not in MOCK_VERSIONS:
            raise GridError(400, "invalid_partner", "dialect must be X12 or EDIFACT")
        version = str(body.get("version") or ("004010" if dialect == "X12" else "D96A"))
        if version not in MOCK_VERSIONS[dialect]:
            raise GridError(
                400,
                "invalid_partner",
                f"version for {dialect} must be one of {sorted(MOCK_VERSIONS[dialect])}",
            )
        if dialect == "X12" and len(identifier) > 15:
            raise GridError(
                400, "invalid_partner", "an X12 interchange id has at most 15 characters"
            )
        return Partner(
            address=address,
            name=str(body.get("name") or address),
            kind=kind,
            behaviour=str(body.get("behaviour", "accept")),
            dialect=dialect,
            version=version,
            timing=_timing(body.get("timing")),
            acks=_acks(body.get("acks")),
            document_types=list(body.get("documentTypes") or DEFAULT_DOCUMENT_TYPES),
        )

    def add(self, partner: Partner) -> None:
        with self._lock:
            if partner.address in self._partners:
                raise GridError(409, "partner_exists", f"{partner.address} is already registered")
            self._partners[partner.address] = partner
        store = self.store
        with store.lock:
            for direction in ("SEND", "RECEIVE"):
                partnership_id = store.new_id("TP")
                partner.partnership_ids.append(partnership_id)
                store.insert(
                    TRADING_PARTNERS,
                    "partnershipId",
                    self._partnership(partner, partnership_id, direction),
                )

    def refresh_partnerships(self, partner: Partner) -> None:
        store = self.store
        with store.lock:
            for partnership_id in partner.partnership_ids:
                current = store.get(TRADING_PARTNERS, partnership_id)
                if current is None:
                    continue
                wanted = self._partnership(partner, partnership_id, current["direction"])
                changed = {k: v for k, v in wanted.items() if current.get(k) != v}
                if changed:
                    store.update(TRADING_PARTNERS, partnership_id, changed)

    @staticmethod
    def _partnership(partner: Partner, partnership_id: str, direction: str) -> dict[str, Any]:
        return {
            "partnershipId": partnership_id,
            "partnerAddress": address_object(partner.address),
            "partnerName": partner.name,
            "partnerVan": "ON_NETWORK",
            "direction": direction,
            "documentTypes": partner.document_types,
            "standard": partner.dialect,
            "version": partner.version,
            "status": "ACTIVE",
            "type": "NORMAL",
            "testProd": "P",
            "companyId": partner.company_id,
        }

    def close(self) -> None:
        for partner in self.all():
            if partner.mock is not None:
                partner.mock.close()
