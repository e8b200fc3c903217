"""Everything about the Braze emulator that a test or a scenario may want to change.

Documented Braze facts are the defaults. Values that Braze does not document are marked (n/d) here
and in the README: they are assumptions, and tests that depend on them should set them explicitly.
"""

from __future__ import annotations

from dataclasses import dataclass, field

HOUR = 3600.0
MINUTE = 60.0
DAY = 86400.0


@dataclass(frozen=True)
class RateLimit:
    """A fixed window: `limit` requests per `window_seconds`."""

    limit: int
    window_seconds: float


def documented_rate_limits() -> dict[str, RateLimit]:
    """Braze's per-family limits (reference §6.1); families share one pool per workspace."""
    return {
        "default": RateLimit(250_000, HOUR),
        "users_track": RateLimit(3_000, 3.0),
        "users_identity": RateLimit(20_000, MINUTE),
        "users_export_ids": RateLimit(250, MINUTE),
        "events_and_products": RateLimit(1_000, HOUR),
        "campaigns_data_series": RateLimit(50_000, MINUTE),
        "messaging_broadcast": RateLimit(250, MINUTE),
        "sends_id_create": RateLimit(100, DAY),
        "subscription_set": RateLimit(5_000, MINUTE),
        "catalogs_management": RateLimit(50, MINUTE),
        "catalog_items_async": RateLimit(16_000, MINUTE),
        "catalog_items_sync": RateLimit(50, MINUTE),
    }


@dataclass(frozen=True)
class EngagementProbabilities:
    """Chances that a simulated message goes one step further down its funnel (n/d: invented)."""

    delivery: float = 0.97
    open: float = 0.45
    click: float = 0.30
    unsubscribe: float = 0.02
    conversion: float = 0.10


@dataclass(frozen=True)
class BrazeConfig:
    api_key: str = "sandbox-braze-api-key"
    all_customers_segment_id: str = "all_customers"
    # Start (and reset) with DESIGN §10's campaigns, Canvases and availability catalog created.
    design_presets: bool = False
    # Multiplies every rate-limit window, so a 1-minute window becomes 60 ms at 0.001.
    rate_limit_time_scale: float = 1.0
    rate_limits: dict[str, RateLimit] = field(default_factory=documented_rate_limits)
    # The reference is unsure whether the purchase series share the 1,000/h product-list pool; the
    # stricter reading is the default so that clients that pace for it are safe either way (n/d).
    purchase_series_in_product_pool: bool = True
    # Newer "MAU CY24-25" contracts cap /users/track at 50 objects across all three arrays.
    max_objects_combined: int | None = None
    # Simple custom-attribute arrays: Braze's default cap is 25 (raisable to 100); which values are
    # dropped when it is exceeded is not documented, the oldest go here (n/d).
    max_array_length: int = 25
    product_list_page_size: int = 100  # (n/d)
    segment_export_delay_seconds: float = 0.2  # how long an export "runs" (n/d)
    # "bucket": files under export_bucket_url, as with own cloud storage; "url": a download `url` in
    # the answer, as for workspaces without it.
    segment_export_storage: str = "bucket"
    users_per_export_file: int = 5_000
    catalog_async_delay_seconds: float = 0.0  # > 0 catches read-your-writes assumptions
    currents_cluster: str = "sandbox-01"
    currents_connection: str = "S3"
    currents_integration_id: str = "sandbox"
    currents_zone: str = "sandbox"  # the folder after the schema id (n/d)
    currents_events_per_file: int = 15_000
    # Share of events written a second time in a later file (at-least-once delivery); 0 = none.
    currents_duplicate_rate: float = 0.0
    request_log_limit: int = 10_000  # latest requests kept by /_sandbox/requests
    seed: int = 0
    engagement: EngagementProbabilities = field(default_factory=EngagementProbabilities)

    def rate_limit(self, family: str) -> RateLimit:
        documented = self.rate_limits[family]
        return RateLimit(documented.limit, documented.window_seconds * self.rate_limit_time_scale)
