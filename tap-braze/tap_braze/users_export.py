"""Reading a finished segment export: find its files, then stream users out of them line by line.

Braze writes a segment export asynchronously and can only announce it through a callback, which
cannot reach a tap. So the tap polls: the returned `url` (workspaces without their own bucket)
until it serves the zip, or the `export_bucket_url` prefix
`segment-export/<segment>/<day>/<object_prefix>/` until its files are there and stop changing.
Nothing is held in memory beyond one line: downloads go to a temporary file.
"""

from __future__ import annotations

import gzip
import io
import json
import logging
import tempfile
import time
import typing as t
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

import fsspec
import requests

LOGGER = logging.getLogger(__name__)

FIRST_POLL_SECONDS = 0.5
LONGEST_POLL_SECONDS = 15.0
# 20 million users take Braze an hour or more (reference §5.3); the download link lives ~4 hours.
EXPORT_TIMEOUT_SECONDS = 3 * 3600.0
DOWNLOAD_CHUNK_BYTES = 1 << 20


class ExportNotReadyError(TimeoutError):
    """The export's files did not appear in time."""


@dataclass(frozen=True)
class StartedExport:
    segment_id: str
    object_prefix: str
    url: str | None


def poll_delays(timeout_seconds: float) -> Iterator[float]:
    """Waits that grow from half a second to 15 s, until the timeout is spent."""
    spent, delay = 0.0, FIRST_POLL_SECONDS
    while spent < timeout_seconds:
        yield delay
        spent += delay
        delay = min(delay * 1.5, LONGEST_POLL_SECONDS)


def users_from_url(export: StartedExport, timeout_seconds: float) -> Iterator[dict[str, t.Any]]:
    """Download the export's zip when it is served, then read it."""
    if export.url is None:
        raise ValueError("This export was written to a bucket, not served from a URL")
    with tempfile.TemporaryFile() as spool:
        for delay in poll_delays(timeout_seconds):
            # A presigned storage URL: Braze's key must not travel with it.
            with requests.get(export.url, stream=True, timeout=300) as response:
                if response.status_code == 200:
                    for chunk in response.iter_content(DOWNLOAD_CHUNK_BYTES):
                        spool.write(chunk)
                    break
                if response.status_code not in {403, 404}:
                    response.raise_for_status()
            time.sleep(delay)
        else:
            raise ExportNotReadyError(f"The export {export.object_prefix} was not served in time")
        spool.seek(0)
        yield from _users_in_archive(spool)


def users_from_bucket(
    export: StartedExport, bucket_url: str, timeout_seconds: float
) -> Iterator[dict[str, t.Any]]:
    """Wait for the export's files under the bucket prefix, then read each in turn."""
    fs, root = fsspec.core.url_to_fs(bucket_url)
    pattern = f"{root.rstrip('/')}/segment-export/{export.segment_id}/*/{export.object_prefix}/*"
    previous: list[str] | None = None
    for delay in poll_delays(timeout_seconds):
        fs.invalidate_cache()
        files = sorted(p for p in fs.glob(pattern) if p.endswith((".zip", ".gz")))
        # Files land one by one in a real bucket; an unchanged listing means the export is done.
        if files and files == previous:
            break
        previous = files
        time.sleep(delay)
    else:
        raise ExportNotReadyError(f"The export {export.object_prefix} did not appear in time")
    LOGGER.info("Reading %d export files of segment %s", len(files), export.segment_id)
    for path in files:
        with fs.open(path, "rb") as handle:
            if path.endswith(".gz"):
                with gzip.open(handle, "rt", encoding="utf-8") as text:
                    yield from _users_in_lines(text)
            else:
                yield from _users_in_archive(handle)


def _users_in_archive(handle: t.IO[bytes]) -> Iterator[dict[str, t.Any]]:
    with zipfile.ZipFile(handle) as archive:
        for member in sorted(archive.namelist()):
            with archive.open(member) as raw:
                yield from _users_in_lines(io.TextIOWrapper(raw, encoding="utf-8"))


def _users_in_lines(lines: t.Iterable[str]) -> Iterator[dict[str, t.Any]]:
    for line in lines:
        if line.strip():
            yield json.loads(line)
