"""The `tap-trading-grid` command, also run as `python -m tap_trading_grid`."""

from __future__ import annotations

import gc


def main() -> None:
    """Import the tap with the cyclic garbage collector paused, then run its command line.

    Importing the Singer SDK creates about 100,000 objects that live as long as the process
    (modules, classes, functions). The collector's passes over them find nothing, both while
    they are created and at each full collection after, which the tap's set-up triggers: so
    the collector is paused while they are created, and they are then frozen out of its
    passes (`gc.freeze`). Together about a third of the tap's start-up. What the run creates
    afterwards is collected as usual.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        from tap_trading_grid.tap import TapTradingGrid
    finally:
        if was_enabled:
            gc.enable()
    gc.freeze()
    TapTradingGrid.cli()


if __name__ == "__main__":
    main()
