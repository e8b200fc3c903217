"""Run target-braze as a module."""

from target_braze.target import TargetBraze

TargetBraze.cli()
