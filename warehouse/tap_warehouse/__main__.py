"""Run tap-warehouse as a module."""

from tap_warehouse.tap import TapWarehouse

TapWarehouse.cli()
