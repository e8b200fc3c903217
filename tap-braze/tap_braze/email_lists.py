"""Email hard bounces and unsubscribes: limit/offset lists filtered by day, newest first."""

from __future__ import annotations

import typing as t

from singer_sdk import typing as th
from typing_extensions import override

from tap_braze.paginated import LimitOffsetStream
from tap_braze.windows import first_day_to_read, utc_today

if t.TYPE_CHECKING:
    from singer_sdk.helpers.types import Context


class EmailListStream(LimitOffsetStream):
    """Incremental by day: the bookmarked day is read again, since it may have grown since."""

    page_size = 500
    records_jsonpath = "$.emails[*]"

    @override
    def get_url_params(self, context: Context | None, next_page_token: t.Any) -> dict[str, t.Any]:
        params = super().get_url_params(context, next_page_token)
        bookmark = self.get_context_state(context).get("replication_key_value")
        first = first_day_to_read(
            str(bookmark) if bookmark else None,
            self.config.get("start_date"),
            lookback_days=0,
            today=utc_today(),
        )
        return params | {"start_date": first.isoformat(), "end_date": utc_today().isoformat()}


class EmailHardBouncesStream(EmailListStream):
    name = "email_hard_bounces"
    path = "/email/hard_bounces"
    permission = "email.hard_bounces"
    primary_keys = ("email", "hard_bounced_at")
    replication_key = "hard_bounced_at"
    schema = th.PropertiesList(
        th.Property("email", th.StringType(), required=True),
        th.Property("hard_bounced_at", th.DateTimeType(), required=True),
    ).to_dict()


class EmailUnsubscribesStream(EmailListStream):
    name = "email_unsubscribes"
    path = "/email/unsubscribes"
    permission = "email.unsubscribe"
    primary_keys = ("email", "unsubscribed_at")
    replication_key = "unsubscribed_at"
    schema = th.PropertiesList(
        th.Property("email", th.StringType(), required=True),
        th.Property("unsubscribed_at", th.DateTimeType(), required=True),
    ).to_dict()
