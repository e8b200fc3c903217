"""Fixtures: a fresh Braze sandbox per test, served over real HTTP on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest
from braze_http import BrazeHttp, SandboxFactory

from grid_braze_sandbox.braze.config import BrazeConfig
from grid_braze_sandbox.runtime import running_sandbox


@pytest.fixture
def make_braze(tmp_path: Path) -> Iterator[SandboxFactory]:
    """Start a sandbox with a chosen BrazeConfig; every sandbox stops at the end of the test."""
    with ExitStack() as stack:
        counter = iter(range(1000))

        def start(**config: Any) -> BrazeHttp:
            state_dir = tmp_path / f"sandbox-{next(counter)}"
            sandbox = stack.enter_context(
                running_sandbox(state_dir, braze_config=BrazeConfig(**config))
            )
            client = BrazeHttp(sandbox)
            stack.callback(client.close)
            return client

        yield start


@pytest.fixture
def braze(make_braze: SandboxFactory) -> BrazeHttp:
    return make_braze()
