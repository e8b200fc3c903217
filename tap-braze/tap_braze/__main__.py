"""Run tap-braze as a module."""

from tap_braze.tap import TapBraze

TapBraze.cli()
