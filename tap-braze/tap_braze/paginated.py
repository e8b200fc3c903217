"""Stream bases for Braze's page-number, cursor (`Link` header) and limit/offset endpoints."""

from __future__ import annotations

import typing as t
from urllib.parse import parse_qsl

from singer_sdk.pagination import HeaderLinkPaginator
from typing_extensions import override

from tap_braze.client import BrazeStream
from tap_braze.pagination import FullOffsetPaginator, FullPagePaginator

if t.TYPE_CHECKING:
    from urllib.parse import ParseResult

    from singer_sdk.helpers.types import Context
    from singer_sdk.streams.rest import HTTPRequest, PageContext


class PageNumberStream(BrazeStream):
    """`page` from 0 (campaigns, Canvases, segments: 100 a page; event names 250)."""

    page_size = 100

    @override
    def get_new_paginator(self) -> FullPagePaginator:
        return FullPagePaginator(self.page_size, self.records_jsonpath)

    @override
    def get_url_params(self, context: Context | None, next_page_token: t.Any) -> dict[str, t.Any]:
        return {"page": next_page_token or 0}


class LinkCursorStream(BrazeStream):
    """A `cursor` handed out in an RFC 5988 `Link: <…>; rel="next"` header (relative URL)."""

    @override
    def get_new_paginator(self) -> HeaderLinkPaginator:
        return HeaderLinkPaginator()

    @override
    def get_http_request(self, *, page: PageContext[ParseResult]) -> HTTPRequest:
        request = super().get_http_request(page=page)
        if page.next_page_token is not None:
            # The link repeats every parameter; taking its query keeps the base URL ours.
            request.params = dict(request.params or {}) | dict(
                parse_qsl(page.next_page_token.query)
            )
        return request


class LimitOffsetStream(BrazeStream):
    """`limit` and `offset` (email lists ≤ 500, templates and content blocks ≤ 1000)."""

    page_size = 500

    @override
    def get_new_paginator(self) -> FullOffsetPaginator:
        return FullOffsetPaginator(self.page_size, self.records_jsonpath)

    @override
    def get_url_params(self, context: Context | None, next_page_token: t.Any) -> dict[str, t.Any]:
        return {"limit": self.page_size, "offset": next_page_token or 0}
