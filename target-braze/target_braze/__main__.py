"""The `target-braze` command, also run as `python -m target_braze`."""

from __future__ import annotations

import gc


def main() -> None:
    """Import the target with the cyclic garbage collector paused, then run its command line.

    Importing the Singer SDK, SQLAlchemy and the rest creates objects that live as long as the
    process (modules, classes, functions); the collector's passes over them while they are
    created find nothing (about a sixth of the import time). What the run creates afterwards is
    collected as usual, and `TargetBraze.listen` freezes the imports out of later passes.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        from target_braze.target import TargetBraze
    finally:
        if was_enabled:
            gc.enable()
    TargetBraze.cli()


if __name__ == "__main__":
    main()
