"""Parse benchmark for supplychain-edi on a mixed X12 + EDIFACT corpus, against pyx12.

Run from the repository root: `python bench/bench_edi_parse.py [--mb 50]`.

It generates a deterministic corpus (seeded; fixed envelope timestamps) of 850, 855,
856, 810, 846 and 997 X12 interchanges and ORDRSP, DESADV and INVOIC EDIFACT
interchanges in a temporary directory, then reports:

- supplychain-edi: MB/s and documents/s for reading every file into typed records;
- pyx12: MB/s for tokenising the same X12 files with its raw `X12Reader` (no records),
  and the ratio between the two on the X12 part.

About one order in ten has a ship-to name that needs EDIFACT's release character, so both
EDIFACT tokenising paths (split, and pydifact) are exercised. Times are this process's
CPU time, so other load on a shared machine does not tilt the
comparison; both readers run one after the other in the same process.
"""

from __future__ import annotations

import argparse
import datetime
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from pyx12.x12file import X12Reader

from supplychain_edi import EdifactEnvelope, X12Envelope, parse_file, write_edifact, write_x12
from supplychain_edi.x12.envelope import read_x12

WHEN = datetime.datetime(2026, 11, 2, 9, 15, tzinfo=datetime.UTC)
SETS_PER_INTERCHANGE = 40
SKUS = [f"SKU-{n:05d}" for n in range(2000)]


def item(rng: random.Random, number: int) -> dict[str, Any]:
    sku = rng.choice(SKUS)
    return {
        "line_number": str(number),
        "sku": sku,
        "product_ids": [
            {"qualifier": "VP", "id": sku},
            {"qualifier": "UP", "id": f"{rng.randrange(10**11, 10**12)}"},
        ],
        "description": f"Part {sku} assembly, size {rng.randint(1, 90)}",
    }


def party(role: str, ident: str) -> dict[str, Any]:
    return {
        "name": f"{role} company {ident}",
        "id_qualifier": "92",
        "id": ident,
        "street": "1 Industrial Parkway",
        "city": "Columbus",
        "region": "OH",
        "postal_code": "43215",
        "country": "US",
    }


def documents(rng: random.Random, po: str) -> list[dict[str, Any]]:
    """One order's conversation: 850, 855, 856, 810, plus an 846 snapshot."""
    lines = [item(rng, n) for n in range(1, rng.randint(3, 12))]
    for line in lines:
        line["quantity"] = rng.randint(1, 500)
        line["unit_price"] = round(rng.uniform(1, 200), 2)
        line["unit"] = "EA"
    parties = {"ST": party("ST", f"CUST-{rng.randint(1, 99999)}"), "BY": party("BY", "OURCO")}
    if rng.random() < 0.1:
        # Some names need EDIFACT's release character, which takes the pydifact path.
        parties["ST"]["name"] = "O'Neil + Sons: Depot"
    order = {
        "document_type": "purchase_order",
        "po_number": po,
        "order_date": "2026-11-01",
        "requested_delivery_date": "2026-11-20",
        "customer_order_number": f"ORD-{po}",
        "currency": "USD",
        "parties": parties,
        "lines": lines,
    }
    ack = {
        "document_type": "po_acknowledgement",
        "po_number": po,
        "acknowledgement_type": "AC",
        "order_date": "2026-11-01",
        "acknowledgement_date": "2026-11-02",
        "parties": parties,
        "lines": [
            {
                **line,
                "ordered_quantity": line["quantity"],
                "status": rng.choice(["IA", "IA", "IA", "IB", "IQ"]),
                "acknowledged_quantity": line["quantity"],
                "schedule_date_qualifier": "068",
                "schedule_date": "2026-11-15",
            }
            for line in lines
        ],
    }
    ship = {
        "document_type": "ship_notice",
        "asn_number": f"ASN-{po}",
        "po_number": po,
        "asn_date": {"date": "2026-11-03", "time": "15:00"},
        "shipped_date": "2026-11-03",
        "estimated_delivery_date": "2026-11-08",
        "carrier_scac": "ABCD",
        "carrier_name": "Acme Freight",
        "bol_number": f"BOL-{po}",
        "pro_number": f"PRO-{po}",
        "lading_quantity": len(lines),
        "packaging_code": "CTN25",
        "parties": parties,
        "lines": [
            {**line, "shipped_quantity": line["quantity"], "ordered_quantity": line["quantity"]}
            for line in lines
        ],
    }
    invoice = {
        "document_type": "invoice",
        "invoice_number": f"INV-{po}",
        "invoice_date": "2026-11-04",
        "po_number": po,
        "asn_number": f"ASN-{po}",
        "invoice_type": "DI",
        "currency": "USD",
        "terms": {"type_code": "08", "discount_percent": 2, "discount_days": 10, "net_days": 30},
        "total_amount": round(sum(ln["quantity"] * ln["unit_price"] for ln in lines), 2),
        "line_items_total": round(sum(ln["quantity"] * ln["unit_price"] for ln in lines), 2),
        "parties": parties,
        "lines": [
            {**line, "amount": round(line["quantity"] * line["unit_price"], 2)} for line in lines
        ],
    }
    stock = {
        "document_type": "inventory_advice",
        "report_type": "SI",
        "report_number": f"INV-{po}",
        "report_date": "2026-11-01",
        "lines": [
            {
                **item(rng, n),
                "available_quantity": rng.randint(0, 900),
                "available_date": "2026-12-01",
            }
            for n in range(1, 15)
        ],
    }
    return [order, ack, ship, invoice, stock]


def functional_ack(rng: random.Random, control: int) -> dict[str, Any]:
    return {
        "document_type": "functional_ack",
        "acknowledged_functional_id": "PO",
        "acknowledged_group_control_number": str(control),
        "group_status": "A",
        "lines": [
            {"set_code": "850", "set_control_number": f"{n:04d}", "status": "A"}
            for n in range(1, rng.randint(2, 10))
        ],
    }


def generate(directory: Path, target_mb: float, seed: int = 20261102) -> dict[str, Any]:
    """Write the corpus; 80 % of the bytes X12, 20 % EDIFACT. Returns what was written."""
    rng = random.Random(seed)
    target = int(target_mb * 1_000_000)
    x12_bytes = edifact_bytes = documents_written = 0
    x12_files: list[Path] = []
    edifact_files: list[Path] = []
    control = 0
    while x12_bytes + edifact_bytes < target:
        control += 1
        batch: list[dict[str, Any]] = []
        while len(batch) < SETS_PER_INTERCHANGE:
            batch += documents(rng, f"45{control:05d}{len(batch):03d}")
        batch.append(functional_ack(rng, control))
        if edifact_bytes < 0.2 * (x12_bytes + edifact_bytes):
            business = [
                d
                for d in batch
                if d["document_type"] in ("po_acknowledgement", "ship_notice", "invoice")
            ]
            text = write_edifact(
                business,
                EdifactEnvelope("ZZ", "SUPPLIER", "14", "OURCO", control, WHEN, line_breaks=False),
            )
            path = directory / f"edifact-{control:05d}.edi"
            edifact_bytes += len(text)
            edifact_files.append(path)
            documents_written += len(business)
        else:
            text = write_x12(
                batch,
                X12Envelope(
                    "ZZ", "SUPPLIER", "ZZ", "OURCO", control, control, WHEN, line_breaks=True
                ),
            )
            path = directory / f"x12-{control:05d}.x12"
            x12_bytes += len(text)
            x12_files.append(path)
            documents_written += len(batch)
        path.write_text(text, encoding="ascii")
    return {
        "x12": x12_files,
        "edifact": edifact_files,
        "x12_bytes": x12_bytes,
        "edifact_bytes": edifact_bytes,
        "documents": documents_written,
    }


def read_with_library(files: list[Path]) -> tuple[float, int, int]:
    start = time.process_time()
    documents = errors = 0
    for path in files:
        for record in parse_file(path):
            documents += 1
            errors += record["document_type"] == "document_error"
    return time.process_time() - start, documents, errors


def tokenise_with_library(files: list[Path]) -> float:
    """The library's X12 tokenizer and envelope walk alone, without building records."""
    start = time.process_time()
    for path in files:
        for _document in read_x12(path.read_text(encoding="ascii")):
            pass
    return time.process_time() - start


def tokenise_with_pyx12(files: list[Path]) -> tuple[float, int]:
    start = time.process_time()
    segments = 0
    for path in files:
        with path.open(encoding="ascii") as handle:
            reader = X12Reader(handle)
            for _segment in reader:
                segments += 1
    return time.process_time() - start, segments


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=50.0, help="corpus size in MB (>= 50)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="edi-bench-") as tmp:
        corpus = generate(Path(tmp), args.mb)
        x12_mb = corpus["x12_bytes"] / 1e6
        edifact_mb = corpus["edifact_bytes"] / 1e6
        print(
            f"corpus: {x12_mb + edifact_mb:.1f} MB ({x12_mb:.1f} MB X12 in "
            f"{len(corpus['x12'])} files, {edifact_mb:.1f} MB EDIFACT in "
            f"{len(corpus['edifact'])} files), {corpus['documents']} documents"
        )

        x12_seconds, x12_docs, x12_errors = read_with_library(corpus["x12"])
        edifact_seconds, edifact_docs, edifact_errors = read_with_library(corpus["edifact"])
        pyx12_seconds, pyx12_segments = tokenise_with_pyx12(corpus["x12"])
        token_seconds = tokenise_with_library(corpus["x12"])
        if x12_errors or edifact_errors:
            print(f"unexpected error records: {x12_errors + edifact_errors}", file=sys.stderr)
            return 1
        total_seconds = x12_seconds + edifact_seconds
        rows = [
            (
                "supplychain-edi, whole corpus (records)",
                x12_mb + edifact_mb,
                total_seconds,
                x12_docs + edifact_docs,
            ),
            ("supplychain-edi, X12 (records)", x12_mb, x12_seconds, x12_docs),
            ("supplychain-edi, EDIFACT (records)", edifact_mb, edifact_seconds, edifact_docs),
            ("supplychain-edi, X12 (tokens only)", x12_mb, token_seconds, x12_docs),
            ("pyx12 X12Reader, X12 (tokens only)", x12_mb, pyx12_seconds, x12_docs),
        ]
        print(f"{'reader':44} {'MB':>7} {'s':>7} {'MB/s':>7} {'docs/s':>9}")
        for name, mb, seconds, docs in rows:
            print(f"{name:44} {mb:7.1f} {seconds:7.2f} {mb / seconds:7.2f} {docs / seconds:9.0f}")
        ratio = pyx12_seconds / x12_seconds
        print(
            f"X12: supplychain-edi producing typed records is {ratio:.2f}x pyx12 tokenising "
            f"({pyx12_segments} segments); target >= 2x"
        )
        print(
            f"X12 tokens only: supplychain-edi's tokenizer and envelope walk are "
            f"{pyx12_seconds / token_seconds:.2f}x pyx12's X12Reader"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
