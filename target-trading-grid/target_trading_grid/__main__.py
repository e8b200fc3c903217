"""Run target-trading-grid as a module."""

from target_trading_grid.target import TargetTradingGrid

TargetTradingGrid.cli()
