"""Active Community calls: case comments, case status, new cases, document decisions.

Emulated API (reference §2.5, with the fields DESIGN §11 adds); cases are the reference's
invented "issues". Every POST carries an Idempotency-Key made from the record's message key,
so sending a record again (after a crash, or a lost answer) does not create a second comment
or case.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any

from target_trading_grid.api import GridApiClient, GridApiError

CASE_CATEGORIES = (
    "SHIPMENT_DELAY",
    "INVOICE_DISCREPANCY",
    "ORDER_EXCEPTION",
    "DAMAGED_SHIPMENT",
    "MISSING_COMPONENT",
    "BILLING_CORRECTION",
    "MISSING_DOCUMENT",
    "PROCESS_FEEDBACK",
)
CASE_STATUSES = ("OPEN", "IN_PROGRESS", "WAITING_ON_PARTNER", "RESOLVED", "CLOSED")
DECISIONS = {"APPROVE": "approve", "APPROVED": "approve", "REJECT": "reject", "REJECTED": "reject"}


class RecordRefusedError(ValueError):
    """The API refused this record (4xx): it goes to dead letters with the API's reason."""


def idempotency_key(message_key: str, step: str) -> str:
    # A digest, not the key itself: keys can name customers' orders, and headers get logged
    # by proxies.
    digest = hashlib.sha256(f"target-trading-grid\0{message_key}\0{step}".encode()).hexdigest()
    return digest[:40]


def _refused(exc: GridApiError) -> bool:
    return exc.status is not None and 400 <= exc.status < 500 and exc.status not in (401, 403, 429)


def feedback_comment(row: Mapping[str, Any]) -> str:
    """The comment a partner reads: category, score, references and the scrubbed text."""
    parts = []
    if row.get("category"):
        parts.append(f"Customer feedback ({row['category']})")
    else:
        parts.append("Customer feedback")
    if row.get("score") is not None:
        parts.append(f"score {row['score']}/5")
    references = [
        f"{label} {row[column]}"
        for column, label in (("po_number", "PO"), ("order_id", "order"))
        if row.get(column)
    ]
    head = ", ".join(parts + references)
    text = str(row.get("comment") or "").strip()
    return f"{head}: {text}" if text else head


class ActiveCommunity:
    def __init__(self, client: GridApiClient) -> None:
        self.client = client

    def _post(self, path: str, body: Mapping[str, Any], key: str) -> dict[str, Any]:
        try:
            response = self.client.request(
                "POST", path, json=dict(body), headers={"Idempotency-Key": key}
            )
        except GridApiError as exc:
            if _refused(exc):
                raise RecordRefusedError(str(exc)) from None
            raise
        return response.json() if response.content else {}

    def create_case(self, row: Mapping[str, Any], message_key: str) -> str:
        category = str(row.get("category") or "").upper()
        if category not in CASE_CATEGORIES:
            category = "PROCESS_FEEDBACK"
        references = {
            name: str(row[column])
            for column, name in (("po_number", "poNumber"), ("order_id", "orderId"))
            if row.get(column)
        }
        body = {
            "partnerAddress": row["partner_id"],
            "category": category,
            "title": "Customer feedback"
            + (f" on PO {row['po_number']}" if row.get("po_number") else ""),
            "description": feedback_comment(row),
            "references": references,
        }
        case = self._post("/ac/v1/cases", body, idempotency_key(message_key, "case"))
        return str(case["caseId"])

    def add_comment(self, case_id: str, row: Mapping[str, Any], message_key: str) -> None:
        body = {
            "body": feedback_comment(row),
            "origin": str(row.get("origin") or "CUSTOMER_FEEDBACK"),
            # The message key lets anyone reading the case tie the comment to our row.
            "externalRef": message_key,
        }
        self._post(
            f"/ac/v1/cases/{case_id}/comments", body, idempotency_key(message_key, "comment")
        )

    def set_case_status(self, case_id: str, status: str) -> None:
        try:
            case = self.client.request("GET", f"/ac/v1/cases/{case_id}").json()
            if str(case.get("status")) == status:
                return  # already there: sent by an earlier attempt, or by someone else
            self.client.request("PATCH", f"/ac/v1/cases/{case_id}", json={"status": status})
        except GridApiError as exc:
            if _refused(exc):
                raise RecordRefusedError(str(exc)) from None
            raise

    def decide_document(
        self, document_id: str, decision: str, note: str | None, message_key: str
    ) -> None:
        action = DECISIONS[decision.upper()]
        try:
            document = self.client.request("GET", f"/ac/v1/documents/{document_id}").json()
        except GridApiError as exc:
            if _refused(exc):
                raise RecordRefusedError(str(exc)) from None
            raise
        wanted = "APPROVED" if action == "approve" else "REJECTED"
        if document.get("approvalStatus") == wanted:
            return
        body: dict[str, Any] = {"note": note} if note else {}
        self._post(
            f"/ac/v1/documents/{document_id}/{action}", body, idempotency_key(message_key, action)
        )
