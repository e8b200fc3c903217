"""Time-series streams: incremental on `time`, re-reading a trailing window on every run.

Airbyte bookmarks the last day read and starts after it, so the cursor day and every day Braze
revises later are never read again. These streams start `lookback_days` before the bookmark.
"""

from __future__ import annotations

import typing as t
from datetime import date, timedelta

from singer_sdk import typing as th
from typing_extensions import override

from tap_braze.client import BrazeStream, without_message
from tap_braze.lists import (
    CampaignsStream,
    CanvasesStream,
    CustomEventNamesStream,
    SegmentsStream,
)
from tap_braze.pagination import DayWindowPaginator
from tap_braze.windows import ending_at, first_day_to_read, utc_today

if t.TYPE_CHECKING:
    import requests
    from singer_sdk.helpers.types import Context
    from singer_sdk.streams.rest import HTTPRequest, PageContext

TIME = th.Property("time", th.DateType(), required=True)


class SeriesStream(BrazeStream):
    """Daily rows from a `*/data_series` endpoint, requested oldest window first."""

    replication_key = "time"
    # Rows come oldest first, so each partition's bookmark is its newest day. The re-read days
    # are older than the bookmark on purpose, hence no sort check against it.
    is_sorted = True
    check_sorted = False
    max_window_days = 100
    records_jsonpath = "$.data[*]"
    parent_id_field: str | None = None
    extra_params: t.ClassVar[dict[str, str]] = {}

    @override
    def get_replication_key_signpost(self, context: Context | None = None) -> None:
        # Days are whole: a day bookmark needs no cap at the sync's start time.
        return None

    def _first_day(self, context: Context | None) -> date:
        bookmark = self.get_context_state(context).get("replication_key_value")
        return first_day_to_read(
            bookmark,
            self.config.get("start_date"),
            int(self.config.get("lookback_days", 3)),
            utc_today(),
        )

    @override
    def get_new_paginator(self) -> DayWindowPaginator:
        self._paginator = DayWindowPaginator(
            self._first_day(self.context), utc_today(), self.max_window_days
        )
        return self._paginator

    @override
    def get_http_request(self, *, page: PageContext[date]) -> HTTPRequest:
        request = super().get_http_request(page=page)
        window_start = page.next_page_token or utc_today()
        window_end = self._paginator.window_end(window_start)
        request.params = dict(request.params or {}) | {
            "ending_at": ending_at(window_end),
            "length": (window_end - window_start).days + 1,
            **self.extra_params,
        }
        if self.parent_id_field:
            request.params[self.parent_id_field] = (page.stream_context or {})[self.parent_id_field]
        return request

    @override
    def post_process(self, row: dict, context: Context | None = None) -> dict | None:
        row = dict(row)
        row["time"] = str(row["time"])[:10]
        if self.parent_id_field:
            row[self.parent_id_field] = (context or {})[self.parent_id_field]
        return row


def _metric_series(
    stream_name: str, endpoint: str, permission: str, metric: str, family: str = "default"
) -> type[SeriesStream]:
    """A workspace-wide series of one metric: `{time, <metric>}` a day."""
    return type(
        f"{stream_name.title().replace('_', '')}Stream",
        (SeriesStream,),
        {
            "__doc__": f"{endpoint}: daily `{metric}`.",
            "name": stream_name,
            "path": endpoint,
            "permission": permission,
            "rate_limit_family": family,
            "primary_keys": ("time",),
            "schema": th.PropertiesList(TIME, th.Property(metric, th.NumberType())).to_dict(),
        },
    )


KpiNewUsersStream = _metric_series(
    "kpi_new_users", "/kpi/new_users/data_series", "kpi.new_users.data_series", "new_users"
)
KpiDauStream = _metric_series("kpi_dau", "/kpi/dau/data_series", "kpi.dau.data_series", "dau")
KpiMauStream = _metric_series("kpi_mau", "/kpi/mau/data_series", "kpi.mau.data_series", "mau")
KpiUninstallsStream = _metric_series(
    "kpi_uninstalls", "/kpi/uninstalls/data_series", "kpi.uninstalls.data_series", "uninstalls"
)
SessionSeriesStream = _metric_series(
    "session_series", "/sessions/data_series", "sessions.data_series", "sessions"
)
# Counted in the 1,000-an-hour product pool: the reference cannot tell, so the stricter reading.
PurchaseQuantitySeriesStream = _metric_series(
    "purchase_quantity_series",
    "/purchases/quantity_series",
    "purchases.quantity_series",
    "purchase_quantity",
    family="events_and_products",
)
PurchaseRevenueSeriesStream = _metric_series(
    "purchase_revenue_series",
    "/purchases/revenue_series",
    "purchases.revenue_series",
    "revenue",
    family="events_and_products",
)


class CampaignDataSeriesStream(SeriesStream):
    name = "campaign_data_series"
    path = "/campaigns/data_series"
    permission = "campaigns.data_series"
    rate_limit_family = "campaigns_data_series"
    parent_stream_type = CampaignsStream
    parent_id_field = "campaign_id"
    primary_keys = ("campaign_id", "time")
    schema = th.PropertiesList(
        th.Property("campaign_id", th.StringType(), required=True),
        TIME,
        th.Property("unique_recipients", th.IntegerType()),
        th.Property("conversions", th.IntegerType()),
        th.Property("conversions_by_send_time", th.IntegerType()),
        th.Property("conversions1", th.IntegerType()),
        th.Property("conversions1_by_send_time", th.IntegerType()),
        th.Property("conversions2", th.IntegerType()),
        th.Property("conversions2_by_send_time", th.IntegerType()),
        th.Property("conversions3", th.IntegerType()),
        th.Property("conversions3_by_send_time", th.IntegerType()),
        th.Property("revenue", th.NumberType()),
        th.Property("messages", th.ObjectType()),
    ).to_dict()


CANVAS_STATS = (
    th.Property("total_stats", th.ObjectType()),
    th.Property("variant_stats", th.ObjectType()),
    th.Property("step_stats", th.ObjectType()),
)


class CanvasDataSeriesStream(SeriesStream):
    """Daily Canvas stats with variant and step breakdowns (Airbyte missed them: #30372)."""

    name = "canvas_data_series"
    path = "/canvas/data_series"
    permission = "canvas.data_series"
    parent_stream_type = CanvasesStream
    parent_id_field = "canvas_id"
    max_window_days = 14
    records_jsonpath = "$.data.stats[*]"
    extra_params: t.ClassVar[dict[str, str]] = {
        "include_variant_breakdown": "true",
        "include_step_breakdown": "true",
    }
    primary_keys = ("canvas_id", "time")
    schema = th.PropertiesList(
        th.Property("canvas_id", th.StringType(), required=True), TIME, *CANVAS_STATS
    ).to_dict()


class CanvasDataSummaryStream(BrazeStream):
    """Each Canvas's rollup over the last 14 days (the longest window Braze allows)."""

    name = "canvas_data_summary"
    path = "/canvas/data_summary"
    permission = "canvas.data_summary"
    parent_stream_type = CanvasesStream
    state_partitioning_keys: t.ClassVar[list[str]] = []
    summary_days = 14
    primary_keys = ("canvas_id",)
    schema = th.PropertiesList(
        th.Property("canvas_id", th.StringType(), required=True),
        th.Property("name", th.StringType()),
        th.Property("starting_day", th.DateType()),
        th.Property("ending_day", th.DateType()),
        *CANVAS_STATS,
    ).to_dict()

    def _window(self) -> tuple[date, date]:
        last = utc_today()
        return last - timedelta(days=self.summary_days - 1), last

    @override
    def get_url_params(self, context: Context | None, next_page_token: t.Any) -> dict[str, t.Any]:
        _, last = self._window()
        return {
            "canvas_id": (context or {})["canvas_id"],
            "ending_at": ending_at(last),
            "length": self.summary_days,
            "include_variant_breakdown": "true",
            "include_step_breakdown": "true",
        }

    @override
    def parse_response(self, response: requests.Response) -> t.Iterable[dict[str, t.Any]]:
        yield dict(without_message(response.json()).get("data") or {})

    @override
    def post_process(self, row: dict, context: Context | None = None) -> dict | None:
        first, last = self._window()
        return row | {
            "canvas_id": (context or {})["canvas_id"],
            "starting_day": first.isoformat(),
            "ending_day": last.isoformat(),
        }


class SegmentDataSeriesStream(SeriesStream):
    name = "segment_data_series"
    path = "/segments/data_series"
    permission = "segments.data_series"
    parent_stream_type = SegmentsStream
    parent_id_field = "segment_id"
    primary_keys = ("segment_id", "time")
    schema = th.PropertiesList(
        th.Property("segment_id", th.StringType(), required=True),
        TIME,
        th.Property("size", th.IntegerType()),
    ).to_dict()


class CustomEventSeriesStream(SeriesStream):
    name = "custom_event_series"
    path = "/events/data_series"
    permission = "events.data_series"
    parent_stream_type = CustomEventNamesStream
    primary_keys = ("event_name", "time")
    extra_params: t.ClassVar[dict[str, str]] = {"unit": "day"}
    schema = th.PropertiesList(
        th.Property("event_name", th.StringType(), required=True),
        TIME,
        th.Property("count", th.IntegerType()),
    ).to_dict()

    @override
    def get_http_request(self, *, page: PageContext[date]) -> HTTPRequest:
        request = super().get_http_request(page=page)
        request.params["event"] = (page.stream_context or {})["event_name"]
        return request

    @override
    def post_process(self, row: dict, context: Context | None = None) -> dict | None:
        row = super().post_process(row, context) or {}
        return row | {"event_name": (context or {})["event_name"]}
