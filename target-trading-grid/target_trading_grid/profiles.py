"""Partner profiles: who a partner is on the network and which EDI it takes from us.

The `partners` setting is keyed by the partner's EDI address (`QUAL:ID`, DESIGN §3). A profile
is checked once, when the target starts, so a typo fails the run before anything is sent
rather than halfway through it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

X12 = "X12"
EDIFACT = "EDIFACT"

# The sinks that write EDI, and the documents each may be written as, per dialect.
DOCUMENT_CHOICES: dict[str, dict[str, tuple[str, ...]]] = {
    "demand_signals": {X12: ("852", "830"), EDIFACT: ("SLSRPT", "DELFOR")},
    "application_advice": {X12: ("824",), EDIFACT: ("APERAK",)},
    "functional_acks": {X12: ("997", "999"), EDIFACT: ("CONTRL",)},
}
DEFAULT_DOCUMENTS: dict[str, dict[str, str]] = {
    X12: {"demand_signals": "852", "application_advice": "824", "functional_acks": "997"},
    EDIFACT: {
        "demand_signals": "SLSRPT",
        "application_advice": "APERAK",
        "functional_acks": "CONTRL",
    },
}
VERSIONS = {X12: ("004010", "005010"), EDIFACT: ("D96A", "D01B")}
USAGES = {"test": True, "production": False}

# 852 ZA01 / SLSRPT QTY 6063 codes per demand_signals column. QS and 153 are the standard
# "quantity sold"; the standards have no code for storefront engagement, so views, clicks and
# cart activity go out under mutually agreed codes that a profile can change.
DEFAULT_ACTIVITY_CODES: dict[str, dict[str, str]] = {
    X12: {
        "units_purchased": "QS",
        "views": "ZV",
        "clicks": "ZC",
        "cart_adds": "ZA",
        "abandoned_carts": "ZB",
    },
    EDIFACT: {
        "units_purchased": "153",
        "views": "ZV",
        "clicks": "ZC",
        "cart_adds": "ZA",
        "abandoned_carts": "ZB",
    },
}

_ADDRESS = re.compile(r"^(?P<qualifier>[A-Za-z0-9]{1,4}):(?P<id>[^:\s][^:]*)$")


class PartnerProfileError(ValueError):
    """The `partners` setting cannot be used as given; the message lists every problem."""


@dataclass(frozen=True)
class EdiAddress:
    qualifier: str
    id: str

    @classmethod
    def parse(cls, value: str) -> EdiAddress:
        match = _ADDRESS.match(value or "")
        if not match:
            msg = f"{value!r} is not an EDI address of the form QUAL:ID"
            raise ValueError(msg)
        return cls(match["qualifier"], match["id"])

    def __str__(self) -> str:
        return f"{self.qualifier}:{self.id}"


@dataclass(frozen=True)
class PartnerProfile:
    """One trading partner, as the `partners` setting describes it."""

    address: EdiAddress
    our_address: EdiAddress
    dialect: str
    version: str
    is_test: bool
    documents: Mapping[str, str]
    activity_codes: Mapping[str, str] = field(default_factory=dict)
    application_sender: str | None = None
    application_receiver: str | None = None

    @property
    def usage_indicator(self) -> str:
        """ISA15 (`T`/`P`); EDIFACT carries the same fact as UNB 0035 = 1 for test."""
        return "T" if self.is_test else "P"

    def document_for(self, sink_name: str) -> str:
        return self.documents[sink_name]


def _profile(key: str, raw: Any, problems: list[str]) -> PartnerProfile | None:
    where = f"partners[{key!r}]"
    if not isinstance(raw, Mapping):
        problems.append(f"{where} must be an object")
        return None
    start = len(problems)
    try:
        address = EdiAddress.parse(key)
    except ValueError as exc:
        problems.append(f"{where}: {exc}")
        address = None
    try:
        our_address = EdiAddress.parse(str(raw.get("our_address") or ""))
    except ValueError as exc:
        problems.append(f"{where}.our_address (our address as this partner knows it): {exc}")
        our_address = None

    dialect = str(raw.get("dialect") or "").upper()
    if dialect not in VERSIONS:
        problems.append(f"{where}.dialect must be X12 or EDIFACT, not {raw.get('dialect')!r}")
        return None
    version = str(raw.get("version") or VERSIONS[dialect][0]).upper().replace(":", "")
    if version not in VERSIONS[dialect]:
        problems.append(f"{where}.version must be one of {', '.join(VERSIONS[dialect])}")

    # No default: sending test data to a production partner, or the reverse, is the mistake
    # ISA15 / UNB 0035 exist to catch, so the profile must say which one it is.
    usage = str(raw.get("usage") or "").lower()
    if usage not in USAGES:
        problems.append(f"{where}.usage must be 'test' or 'production' (ISA15 / UNB 0035)")

    documents = dict(DEFAULT_DOCUMENTS[dialect])
    given = raw.get("documents") or {}
    if not isinstance(given, Mapping):
        problems.append(f"{where}.documents must be an object (sink name to document)")
        given = {}
    for sink_name, document in given.items():
        if sink_name not in DOCUMENT_CHOICES:
            problems.append(
                f"{where}.documents: {sink_name!r} is not an EDI sink "
                f"({', '.join(DOCUMENT_CHOICES)})"
            )
            continue
        document = str(document).upper()
        if document not in DOCUMENT_CHOICES[sink_name][dialect]:
            problems.append(
                f"{where}.documents.{sink_name} must be one of "
                f"{', '.join(DOCUMENT_CHOICES[sink_name][dialect])} for {dialect}"
            )
        documents[sink_name] = document

    if address and dialect == X12:
        for name, value in (("address", address), ("our_address", our_address)):
            if value and (len(value.qualifier) != 2 or len(value.id) > 15):
                problems.append(
                    f"{where}: X12 {name} needs a 2-character qualifier and an id of "
                    "at most 15 characters (ISA05-08)"
                )
    activity_codes = dict(DEFAULT_ACTIVITY_CODES[dialect])
    given_codes = raw.get("activity_codes") or {}
    if isinstance(given_codes, Mapping):
        for column, activity in given_codes.items():
            if column not in activity_codes:
                problems.append(f"{where}.activity_codes: unknown column {column!r}")
            else:
                activity_codes[column] = str(activity)
    else:
        problems.append(f"{where}.activity_codes must be an object")

    if len(problems) > start or address is None or our_address is None:
        return None
    return PartnerProfile(
        address=address,
        our_address=our_address,
        dialect=dialect,
        version=version,
        is_test=USAGES[usage],
        documents=documents,
        activity_codes=activity_codes,
        application_sender=raw.get("application_sender"),
        application_receiver=raw.get("application_receiver"),
    )


def load_profiles(partners: Mapping[str, Any] | None) -> dict[str, PartnerProfile]:
    """Every profile, keyed by the partner's address; raises with all problems at once."""
    problems: list[str] = []
    profiles: dict[str, PartnerProfile] = {}
    for key, raw in (partners or {}).items():
        profile = _profile(key, raw, problems)
        if profile is not None:
            profiles[str(profile.address)] = profile
    if problems:
        raise PartnerProfileError("invalid partner profiles: " + "; ".join(problems))
    return profiles
