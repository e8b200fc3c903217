"""Batches are delivered in the background, in order, while the target reads the next one.

The SDK drains a sink synchronously: without this, reading stops while a batch waits on Braze,
and waiting stops while the next batch is read. One worker thread takes batches one at a time
(so a user's later update never overtakes an earlier one); the requests of a batch still run
concurrently. At most one batch waits behind the one being delivered, which bounds memory.

Nothing here weakens the state guarantee: the target waits for every submitted batch before it
writes a STATE message, and a failed batch stops the run before any state is written.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable


class DeliveryPipeline:
    def __init__(self) -> None:
        self._queue: queue.Queue[Callable[[], None] | None] = queue.Queue(maxsize=1)
        self._error: BaseException | None = None
        self._lock = threading.Lock()
        self._worker = threading.Thread(target=self._run, name="braze-batches", daemon=True)
        self._worker.start()

    def _run(self) -> None:
        while True:
            job = self._queue.get()
            try:
                if job is None:
                    return
                with self._lock:
                    failed = self._error is not None
                if not failed:  # after a failure, later batches are not sent
                    job()
            except BaseException as error:
                with self._lock:
                    self._error = self._error or error
            finally:
                self._queue.task_done()

    def _raise_failure(self) -> None:
        with self._lock:
            error = self._error
        if error is not None:
            raise error

    def submit(self, job: Callable[[], None]) -> None:
        """Queue a batch; blocks while another batch is already waiting."""
        self._raise_failure()
        self._queue.put(job)

    def wait(self) -> None:
        """Return once every submitted batch is delivered; raise the first failure."""
        self._queue.join()
        self._raise_failure()

    def stop(self) -> None:
        self._queue.join()
        self._queue.put(None)
        self._worker.join(timeout=60)
