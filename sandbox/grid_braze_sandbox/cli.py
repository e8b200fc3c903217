"""`grid-braze-sandbox`: run the offline emulators."""

from __future__ import annotations

import argparse
import errno
import signal
import socket
import sys
import threading
from collections.abc import Sequence
from pathlib import Path
from types import FrameType

from grid_braze_sandbox.braze.config import BrazeConfig
from grid_braze_sandbox.grid.config import DEFAULT_GRID_PORT, DEFAULT_SFTP_PORT
from grid_braze_sandbox.runtime import DEFAULT_BRAZE_PORT, running_sandbox
from grid_braze_sandbox.scenario import command as scenario_command
from grid_braze_sandbox.timefmt import parse_clock_start


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="grid-braze-sandbox", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="run the emulators on 127.0.0.1 until stopped")
    serve.add_argument(
        "--state-dir",
        type=Path,
        default=Path(".grid-braze-sandbox"),
        help="where sandbox.json, Currents files and exports go (default: ./.grid-braze-sandbox)",
    )
    serve.add_argument(
        "--port",
        type=int,
        default=DEFAULT_BRAZE_PORT,
        help=f"the Braze API port (default {DEFAULT_BRAZE_PORT}); 0 picks free ports for every "
        "service",
    )
    serve.add_argument(
        "--grid-port",
        type=int,
        default=None,
        help=f"the Trading Grid REST API port (default {DEFAULT_GRID_PORT}, or free with --port 0)",
    )
    serve.add_argument(
        "--sftp-port",
        type=int,
        default=None,
        help=f"the SFTP mailbox port (default {DEFAULT_SFTP_PORT}, or free with --port 0)",
    )
    serve.add_argument("--seed", type=int, default=0, help="seed for simulated engagement")
    serve.add_argument(
        "--design-presets",
        action="store_true",
        help="start with DESIGN §10's campaigns, Canvases (ids = names) and catalog",
    )
    serve.add_argument(
        "--clock-start",
        type=parse_clock_start,
        default=None,
        help="the simulated clock's start, ISO-8601 (default: now)",
    )
    scenario_command.add_parser(commands)
    return parser


def _serve(args: argparse.Namespace) -> int:
    stop = threading.Event()

    def request_stop(_signum: int, _frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, request_stop)
    signal.signal(signal.SIGINT, request_stop)
    config = BrazeConfig(seed=args.seed, design_presets=args.design_presets)
    # `--port 0` means free ports for every service, as tests want; otherwise the fixed defaults.
    grid_port = args.grid_port if args.grid_port is not None else (args.port and DEFAULT_GRID_PORT)
    sftp_port = args.sftp_port if args.sftp_port is not None else (args.port and DEFAULT_SFTP_PORT)
    try:
        with running_sandbox(
            args.state_dir,
            braze_port=args.port,
            braze_config=config,
            grid_port=grid_port,
            sftp_port=sftp_port,
            clock_start=args.clock_start,
        ) as sandbox:
            sys.stdout.write(sandbox.connection_line() + "\n")
            sys.stdout.flush()
            stop.wait()
    except OSError as error:
        if error.errno != errno.EADDRINUSE:
            raise
        busy = _busy_port([args.port, grid_port, sftp_port])
        sys.stderr.write(
            f"grid-braze-sandbox: port {busy} is in use; is a sandbox already running? "
            "(--port 0 picks free ports)\n"
        )
        return 1
    return 0


def _busy_port(ports: list[int]) -> int | str:
    """Which of the services' ports cannot be bound, to name it in the error."""
    for port in ports:
        if not port:
            continue
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                return port
    return "(one of them)"


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "serve":
        return _serve(args)
    if args.command == "scenario":
        return scenario_command.run(args)
    return 2  # argparse already refused unknown commands


if __name__ == "__main__":
    sys.exit(main())
