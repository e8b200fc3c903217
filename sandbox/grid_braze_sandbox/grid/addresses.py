"""EDI addresses, `QUAL:ID` everywhere (DESIGN §3), as the reference's `{qualifier, id}` objects."""

from __future__ import annotations

import re
from typing import Any

from grid_braze_sandbox.grid.problems import GridError

_ADDRESS = re.compile(r"^([A-Za-z0-9]{1,4}):([A-Za-z0-9][A-Za-z0-9._-]{0,34})$")


def parse_address(text: Any) -> tuple[str, str]:
    if not isinstance(text, str):
        raise GridError(400, "invalid_address", "an EDI address is a string QUAL:ID")
    match = _ADDRESS.match(text.strip())
    if match is None:
        raise GridError(400, "invalid_address", f"{text!r} is not an EDI address QUAL:ID")
    return match.group(1).upper(), match.group(2)


def address_object(display: str) -> dict[str, str]:
    qualifier, identifier = display.split(":", 1)
    return {"qualifier": qualifier, "id": identifier, "display": display}
