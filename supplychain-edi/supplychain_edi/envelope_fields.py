"""The envelope part of every record: who sent it, which control numbers, test or production."""

from __future__ import annotations

from typing import Any

from supplychain_edi.codes import (
    EDIFACT_ID_QUALIFIERS,
    FUNCTIONAL_ID_MEANINGS,
    INTERCHANGE_ID_QUALIFIERS,
    USAGE,
)
from supplychain_edi.values import Coded, DateValue, coded


def party_address(qualifier: str, identifier: str) -> str:
    """The `QUAL:ID` form the project names partners by (DESIGN §3)."""
    return f"{qualifier}:{identifier}" if qualifier else identifier


def edi_party(qualifier: str, identifier: str, dialect: str) -> dict[str, Any]:
    table = INTERCHANGE_ID_QUALIFIERS if dialect == "X12" else EDIFACT_ID_QUALIFIERS
    qualifier, identifier = qualifier.strip(), identifier.strip()
    return {
        "qualifier": coded(qualifier, table),
        "id": identifier,
        "address": party_address(qualifier, identifier),
    }


def interchange_envelope(
    *,
    dialect: str,
    sender: dict[str, Any],
    receiver: dict[str, Any],
    control_number: str,
    date: DateValue | None,
    usage_code: str,
    syntax_version: str,
) -> dict[str, Any]:
    usage: Coded | None = coded(usage_code, USAGE)
    return {
        "standard": dialect,
        "sender": sender,
        "receiver": receiver,
        "interchange_control_number": control_number,
        "interchange_date": date,
        "usage": usage,
        "is_test": usage_code == "T",
        "syntax_version": syntax_version,
        "group": None,
        "group_control_number": None,
        "set_control_number": None,
    }


def group_envelope(
    *,
    functional_id: str,
    control_number: str,
    application_sender: str,
    application_receiver: str,
    date: DateValue | None,
    version: str,
) -> dict[str, Any]:
    return {
        "functional_id": coded(functional_id, FUNCTIONAL_ID_MEANINGS),
        "control_number": control_number,
        "application_sender": application_sender,
        "application_receiver": application_receiver,
        "date": date,
        "version": version,
    }
