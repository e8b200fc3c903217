"""Segment membership for the sandbox's segments (real Braze builds them in its dashboard)."""

from __future__ import annotations

from grid_braze_sandbox.braze.service import BrazeService
from grid_braze_sandbox.braze.state import UserProfile


def segment_contains(service: BrazeService, segment_id: str, user: UserProfile) -> bool:
    """Segments created in the sandbox filter on external ids and attribute equality."""
    segment = service.state.segments[segment_id]
    wanted = segment.get("filter") or {}
    ids = wanted.get("external_ids")
    if ids is not None and user.external_id not in ids:
        return False
    for key, value in (wanted.get("custom_attributes") or {}).items():
        if user.custom_attributes.get(key) != value:
            return False
    return True
