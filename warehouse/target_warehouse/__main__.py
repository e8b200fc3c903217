"""Run target-warehouse as a module."""

from target_warehouse.target import TargetWarehouse

TargetWarehouse.cli()
