"""`supplychain-edi parse FILE... [--json]`: one line per business document or error."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from typing import Any

from supplychain_edi.reader import parse_file


def _summary(record: dict[str, Any]) -> str:
    keys = [
        f"{key}={record[key]}"
        for key in ("po_number", "asn_number", "invoice_number", "rma_number", "pro_number")
        if record.get(key)
    ]
    set_code = (record.get("transaction_set") or {}).get("code") or "-"
    if record["document_type"] == "document_error":
        where = f"{record.get('segment') or '-'}@{record.get('position') or '-'}"
        return (
            f"ERROR {set_code} {record['document_id']} {record['code']} {where}: "
            f"{record['message']}"
        )
    warnings = len(record.get("warnings") or [])
    lines = len(record.get("lines") or [])
    return (
        f"{record['document_type']} {set_code} {record['document_id']} "
        f"{' '.join(keys)} lines={lines} warnings={warnings}"
    ).replace("  ", " ")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="supplychain-edi", description="Read X12 and EDIFACT supply-chain documents."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    parse_command = commands.add_parser(
        "parse", help="print one record per business document, one error record per failure"
    )
    parse_command.add_argument("files", nargs="+", metavar="FILE")
    parse_command.add_argument(
        "--json", action="store_true", help="print each record as one JSON line"
    )
    args = parser.parse_args(argv)
    failed = False
    try:
        for name in args.files:
            for record in parse_file(name):
                failed = failed or record["document_type"] == "document_error"
                if args.json:
                    line = json.dumps(record, ensure_ascii=False, sort_keys=False)
                else:
                    line = _summary(record)
                sys.stdout.write(line + "\n")
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader went away (`parse … | head`): stop quietly, as other Unix tools do. Point
        # stdout at devnull so the interpreter's own final flush does not fail again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    # Exit 1 when any document could not be read, so scripts notice; the records are
    # printed either way.
    return 1 if failed else 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
