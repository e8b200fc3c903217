"""Campaigns, Canvases, segments and preset catalogs: what real Braze users create in the dashboard.

Braze has no API for creating them, so the sandbox offers one (`/_sandbox/campaigns` and friends)
and this module holds its rules. In the sandbox an object's id is its logical name (DESIGN §10).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from grid_braze_sandbox.braze.state import Catalog

if TYPE_CHECKING:
    from grid_braze_sandbox.braze.service import BrazeService

DESIGN_CAMPAIGNS = (
    "partner_case_update",
    "service_recovery",
    "restock_notice",
    "delay_notice",
    "loop_closed",
)
DESIGN_CANVASES = (
    "next_step_onboarding",
    "next_step_claim",
    "next_step_warranty",
    "next_step_financial_approval",
)
# Flow 6's catalog: the mart's columns without `catalog_name`, which names the catalog itself.
AVAILABILITY_CATALOG = "product_availability"
AVAILABILITY_FIELDS = (
    {"name": "id", "type": "string"},
    {"name": "status", "type": "string"},
    {"name": "available_qty", "type": "number"},
    {"name": "restock_date", "type": "time"},
    {"name": "source_partner", "type": "string"},
    {"name": "updated_at", "type": "time"},
)
CANVAS_STATUSES = ("active", "paused", "archived")
KINDS = ("campaigns", "canvases", "segments")
DEFAULTS: dict[str, dict[str, Any]] = {
    "campaigns": {
        "channels": ["email"],
        "tags": [],
        "archived": False,
        "enabled": True,
        "is_api_campaign": True,
    },
    "canvases": {"channels": ["email"], "tags": [], "archived": False, "status": "active"},
    "segments": {"filter": {}, "tags": [], "archived": False, "analytics_tracking_enabled": True},
}


class InvalidDashboardObjectError(ValueError):
    pass


def _store(service: BrazeService, kind: str) -> dict[str, dict[str, Any]]:
    return {
        "campaigns": service.state.campaigns,
        "canvases": service.state.canvases,
        "segments": service.state.segments,
    }[kind]


def upsert(service: BrazeService, kind: str, body: Any) -> dict[str, Any]:
    """Create the object, or update the one with the same id (keeping its creation time)."""
    if not isinstance(body, dict) or not isinstance(body.get("name") or body.get("id"), str):
        raise InvalidDashboardObjectError("Give at least a 'name' (the id defaults to it)")
    if kind == "canvases" and body.get("status", "active") not in CANVAS_STATUSES:
        raise InvalidDashboardObjectError(f"'status' must be one of {', '.join(CANVAS_STATUSES)}")
    now = service.clock.now()
    identifier = body.get("id") or body["name"]
    store = _store(service, kind)
    with service.state.lock:
        existing = store.get(identifier)
        record = dict(existing) if existing else {"created_at": now, **DEFAULTS[kind]}
        record |= {k: v for k, v in body.items() if k not in {"created_at", "updated_at"}}
        record |= {"id": identifier, "name": body.get("name", identifier), "updated_at": now}
        store[identifier] = record
        return record


def listing(service: BrazeService, kind: str) -> list[dict[str, Any]]:
    with service.state.lock:
        return list(_store(service, kind).values())


def create_design_presets(service: BrazeService) -> dict[str, list[str]]:
    """What a deployment sets up in the dashboard before the pipelines run: every campaign and
    Canvas that DESIGN §10 names (a target checks they exist) and flow 6's catalog."""
    for name in DESIGN_CAMPAIGNS:
        upsert(service, "campaigns", {"name": name})
    for name in DESIGN_CANVASES:
        upsert(service, "canvases", {"name": name})
    with service.state.lock:
        if AVAILABILITY_CATALOG not in service.state.catalogs:
            service.state.catalogs[AVAILABILITY_CATALOG] = Catalog(
                AVAILABILITY_CATALOG,
                "Partner-confirmed availability per sku (DESIGN §10, flow 6)",
                [dict(field) for field in AVAILABILITY_FIELDS],
                service.clock.now(),
            )
    return {
        "campaigns": list(DESIGN_CAMPAIGNS),
        "canvases": list(DESIGN_CANVASES),
        "catalogs": [AVAILABILITY_CATALOG],
    }
