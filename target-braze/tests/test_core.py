"""The SDK's standard target suite, as far as a target without sinks can run it."""

from __future__ import annotations

import io
import json

import pytest
from singer_sdk.testing import TargetTestRunner, get_target_test_class
from singer_sdk.testing.suites import SingerTestSuite
from singer_sdk.testing.target_tests import TargetCliPrintsTest

from target_braze.target import TargetBraze, UnknownStreamError

# The data suites need sinks, which arrive in their own release; the CLI suite runs now.
StandardTargetBrazeTests = get_target_test_class(
    TargetBraze,
    config={},
    include_target_tests=False,
    custom_suites=[SingerTestSuite(kind="target", tests=[TargetCliPrintsTest])],
)


class TestTargetBraze(StandardTargetBrazeTests):
    """Standard target tests, with a class-scoped resource as pytest 9.2 requires."""

    @pytest.fixture(scope="class")
    @classmethod
    def resource(cls):
        return None


def test_a_stream_without_a_sink_is_refused_with_a_clear_error() -> None:
    schema = {
        "type": "SCHEMA",
        "stream": "mystery",
        "key_properties": [],
        "schema": {"properties": {}},
    }
    runner = TargetTestRunner(
        TargetBraze, config={}, input_io=io.StringIO(json.dumps(schema) + "\n")
    )

    with pytest.raises(UnknownStreamError, match="'mystery' maps to no"):
        runner.sync_all()
