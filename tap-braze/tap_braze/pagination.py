"""The three pagination schemes of Braze's exports (reference §5.4), plus day windows for series."""

from __future__ import annotations

import typing as t
from datetime import date, timedelta

from singer_sdk.helpers.jsonpath import extract_jsonpath
from singer_sdk.pagination import BaseAPIPaginator, OffsetPaginator, PageNumberPaginator
from typing_extensions import override

if t.TYPE_CHECKING:
    import requests


def count_records(response: requests.Response, records_jsonpath: str) -> int:
    return sum(1 for _ in extract_jsonpath(records_jsonpath, response.json()))


class FullPagePaginator(PageNumberPaginator):
    """0-based `page`; Braze gives no total, so a page shorter than the page size is the last."""

    def __init__(self, page_size: int, records_jsonpath: str) -> None:
        super().__init__(0)
        self._page_size = page_size
        self._records_jsonpath = records_jsonpath

    @override
    def has_more(self, response: requests.Response) -> bool:
        return count_records(response, self._records_jsonpath) >= self._page_size


class FullOffsetPaginator(OffsetPaginator):
    """`limit` and `offset`: fewer records than `limit` means the end."""

    def __init__(self, page_size: int, records_jsonpath: str) -> None:
        super().__init__(0, page_size)
        self._records_jsonpath = records_jsonpath

    @override
    def has_more(self, response: requests.Response) -> bool:
        return count_records(response, self._records_jsonpath) >= self.page_size


class DayWindowPaginator(BaseAPIPaginator[date]):
    """Walks from `first_day` to `last_day` in windows of at most `max_days`, oldest first.

    The token is a window's first day; `window_end` gives its last. Oldest first keeps every
    partition's records in ascending `time`, so its bookmark only moves forward.
    """

    def __init__(self, first_day: date, last_day: date, max_days: int) -> None:
        super().__init__(first_day)
        self._last_day = last_day
        self._max_days = max_days

    def window_end(self, window_start: date) -> date:
        return min(window_start + timedelta(days=self._max_days - 1), self._last_day)

    @override
    def get_next(self, response: requests.Response) -> date | None:
        return self.window_end(self.current_value) + timedelta(days=1)

    @override
    def has_more(self, response: requests.Response) -> bool:
        return self.window_end(self.current_value) < self._last_day
