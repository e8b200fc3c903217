"""Calls to the sandbox's own endpoints (/_sandbox/...): JSON over loopback, no credentials."""

from __future__ import annotations

import json
import urllib.request
from typing import Any


def sandbox_call(url: str, method: str = "GET") -> Any:
    request = urllib.request.Request(url, method=method)
    with urllib.request.urlopen(request, timeout=30) as response:  # the sandbox, on loopback
        return json.load(response)
