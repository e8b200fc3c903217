"""Run tap-trading-grid as a module."""

from tap_trading_grid.tap import TapTradingGrid

TapTradingGrid.cli()
