"""Active Community objects (reference §1.3, §2.5 to §2.6; DESIGN §11), emulated.

Companies, contacts, projects, activities, participants, progress, forms and responses, documents
and messages are grounded in the Active Community 21.2 user guide; their field names and state
machines are the emulator's own. *Cases* (the reference's "issues") are an invented object: no
primary source shows one. Every change bumps `updatedAt` and appends an event.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from grid_braze_sandbox.grid.addresses import address_object, parse_address
from grid_braze_sandbox.grid.problems import GridError
from grid_braze_sandbox.grid.store import Record, Store

if TYPE_CHECKING:
    from grid_braze_sandbox.grid.config import GridConfig

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
CASE_TRANSITIONS = {
    "OPEN": {"IN_PROGRESS", "WAITING_ON_PARTNER", "RESOLVED", "CLOSED"},
    "IN_PROGRESS": {"WAITING_ON_PARTNER", "RESOLVED", "CLOSED"},
    "WAITING_ON_PARTNER": {"IN_PROGRESS", "RESOLVED", "CLOSED"},
    "RESOLVED": {"CLOSED", "IN_PROGRESS"},  # reopening is allowed (reference §2.6)
    "CLOSED": set(),
}
PROJECT_TRANSITIONS = {
    "DRAFT": {"STARTED", "ARCHIVED"},
    "STARTED": {"COMPLETED", "ARCHIVED"},
    "COMPLETED": {"ARCHIVED", "STARTED"},
    "ARCHIVED": set(),
}
PROCESSES = ("ONBOARDING", "CLAIM", "WARRANTY", "FINANCIAL_APPROVAL", "LAUNCH_READINESS")
PROGRESS_STATUSES = (
    "NOT_STARTED",
    "IN_PROGRESS",
    "SUBMITTED",
    "APPROVED",
    "REJECTED",
    "OVERDUE",
    "COMPLETE",
)
COMMENT_AUTHORS = ("PARTNER", "HUB")
COMMENT_ORIGINS = ("PARTNER", "HUB", "CUSTOMER_FEEDBACK")
EVENTS = "ac_events"


@dataclass(frozen=True)
class Kind:
    """One Active Community collection: its id, fields with defaults, enums and parents."""

    name: str
    prefix: str
    id_field: str
    fields: dict[str, Any]
    required: tuple[str, ...] = ()
    enums: dict[str, tuple[str, ...]] = field(default_factory=dict)
    parents: dict[str, str] = field(default_factory=dict)
    status_field: str | None = None


KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (
        Kind(
            "companies",
            "CMP",
            "companyId",
            {
                "name": None,
                "status": "ACTIVE",
                "subCommunities": [],
                "customFields": {},
                "ediAddresses": [],
                "primaryContactId": None,
            },
            required=("name",),
            enums={"status": ("INVITED", "ACTIVE", "INACTIVE")},
            status_field="status",
        ),
        Kind(
            "contacts",
            "CON",
            "contactId",
            {
                "companyId": None,
                "firstName": None,
                "lastName": None,
                "email": None,
                "phone": None,
                "contactRoles": ["Contact"],
                "securityRoles": ["Everyone"],
                "status": "ACTIVE",
            },
            required=("companyId",),
            enums={"status": ("INVITED", "ACTIVE", "INACTIVE")},
            parents={"companyId": "companies"},
            status_field="status",
        ),
        Kind(
            "projects",
            "PRJ",
            "projectId",
            {
                "name": None,
                "description": None,
                "type": "REGULAR",
                "status": "STARTED",
                "startDate": None,
                "endDate": None,
                "ownerContactId": None,
                "tags": [],
                "process": None,
                "requiredDocumentTypes": [],
                "customerRef": None,
                "sku": None,
            },
            required=("name",),
            enums={
                "type": ("REGULAR", "ACTIVITY_MANAGED"),
                "status": tuple(PROJECT_TRANSITIONS),
                "process": PROCESSES,
            },
            status_field="status",
        ),
        Kind(
            "activities",
            "ACT",
            "activityId",
            {
                "projectId": None,
                "name": None,
                "kind": "TASK",
                "sequence": 1,
                "prerequisiteActivityIds": [],
                "dueDate": None,
                "reminderDays": [],
                "formId": None,
                "documentType": None,
                "status": "NOT_STARTED",
                "completedAt": None,
            },
            required=("projectId", "name"),
            enums={
                "kind": (
                    "EMAIL",
                    "WEB_FORM",
                    "DOCUMENT_REQUEST",
                    "TASK",
                    "SURVEY",
                    "ACKNOWLEDGEMENT",
                ),
                "status": ("NOT_STARTED", "IN_PROGRESS", "COMPLETE"),
            },
            parents={"projectId": "projects"},
            status_field="status",
        ),
        Kind(
            "participants",
            "PAR",
            "participantId",
            {
                "projectId": None,
                "companyId": None,
                "contactIds": [],
                "enrolledAt": None,
                "status": "ACTIVE",
            },
            required=("projectId", "companyId"),
            enums={"status": ("INVITED", "ACTIVE", "WITHDRAWN")},
            parents={"projectId": "projects", "companyId": "companies"},
            status_field="status",
        ),
        Kind(
            "progress",
            "PRG",
            "progressId",
            {
                "projectId": None,
                "activityId": None,
                "participantId": None,
                "companyId": None,
                "status": "NOT_STARTED",
                "submittedAt": None,
                "reviewedAt": None,
                "reviewerContactId": None,
                "comment": None,
            },
            required=("projectId", "activityId", "companyId"),
            enums={"status": PROGRESS_STATUSES},
            parents={"projectId": "projects", "activityId": "activities", "companyId": "companies"},
            status_field="status",
        ),
        Kind(
            "forms",
            "FRM",
            "formId",
            {"name": None, "projectId": None, "status": "PUBLISHED", "questions": []},
            required=("name",),
            enums={"status": ("PUBLISHED", "UNPUBLISHED")},
            parents={"projectId": "projects"},
            status_field="status",
        ),
        Kind(
            "form_responses",
            "RSP",
            "responseId",
            {
                "formId": None,
                "projectId": None,
                "participantId": None,
                "companyId": None,
                "answers": [],
                "submittedAt": None,
            },
            required=("formId", "companyId"),
            parents={"formId": "forms", "projectId": "projects", "companyId": "companies"},
        ),
        Kind(
            "ac_documents",
            "ADOC",
            "documentId",
            {
                "companyId": None,
                "projectId": None,
                "activityId": None,
                "documentType": None,
                "fileName": None,
                "contentType": "application/pdf",
                "sha256": None,
                "sizeBytes": 0,
                "approvalStatus": "PENDING",
                "uploadedAt": None,
                "expiresAt": None,
                "decidedAt": None,
                "decidedBy": None,
                "decisionNote": None,
            },
            required=("companyId", "documentType"),
            enums={"approvalStatus": ("PENDING", "APPROVED", "REJECTED", "EXPIRED")},
            parents={"companyId": "companies", "projectId": "projects", "activityId": "activities"},
            status_field="approvalStatus",
        ),
        Kind(
            "messages",
            "MSG",
            "messageId",
            {
                "projectId": None,
                "audience": "ALL_PARTICIPANTS",
                "companyId": None,
                "contactId": None,
                "subject": None,
                "body": None,
                "sentAt": None,
            },
            required=("subject",),
            enums={"audience": ("ALL_PARTICIPANTS", "COMPANY", "CONTACT")},
            parents={"projectId": "projects", "companyId": "companies"},
        ),
        Kind(
            "cases",
            "CASE",
            "caseId",
            {
                "companyId": None,
                "partnerAddress": None,
                "category": None,
                "status": "OPEN",
                "priority": "MEDIUM",
                "raisedBy": "HUB",
                "title": None,
                "description": None,
                "references": {},
                "revisedEta": None,
                "resolutionCode": None,
                "resolutionNote": None,
                "resolvedAt": None,
                "lastCommentAt": None,
            },
            required=("companyId", "category"),
            enums={
                "category": CASE_CATEGORIES,
                "status": tuple(CASE_TRANSITIONS),
                "priority": ("LOW", "MEDIUM", "HIGH", "CRITICAL"),
                "raisedBy": ("PARTNER", "HUB"),
            },
            parents={"companyId": "companies"},
            status_field="status",
        ),
        Kind(
            "case_comments",
            "CMT",
            "commentId",
            {"caseId": None, "author": "HUB", "origin": "HUB", "externalRef": None, "body": None},
            required=("caseId", "body"),
            enums={"author": COMMENT_AUTHORS, "origin": COMMENT_ORIGINS},
            parents={"caseId": "cases"},
        ),
    )
}
CASE_REFERENCE_FIELDS = (
    "poNumber",
    "orderId",
    "asnNumber",
    "invoiceNumber",
    "rmaNumber",
    "transactionId",
)


class Community:
    def __init__(self, store: Store) -> None:
        self.store = store

    # Generic objects -------------------------------------------------------------------------

    @staticmethod
    def kind(name: str) -> Kind:
        kind = KINDS.get(name)
        if kind is None:
            raise GridError(404, "not_found", f"no Active Community collection {name!r}")
        return kind

    def get(self, kind_name: str, key: str) -> Record:
        record = self.store.get(kind_name, key)
        if record is None:
            raise GridError(404, "not_found", f"no {kind_name} {key}")
        return record

    def create(self, kind_name: str, body: Any, actor: str) -> Record:
        kind = self.kind(kind_name)
        if not isinstance(body, dict):
            raise GridError(400, "invalid_body", "the body must be a JSON object")
        body = dict(body)
        self._resolve_partner(body, kind)
        unknown = set(body) - set(kind.fields)
        if unknown:
            raise GridError(
                400, "invalid_body", f"unknown fields for {kind_name}: {sorted(unknown)}"
            )
        record = {name: _copy(default) for name, default in kind.fields.items()} | body
        missing = [name for name in kind.required if record.get(name) in (None, "")]
        if missing:
            raise GridError(400, "invalid_body", f"{kind_name} need {missing}")
        self._check(kind, record)
        store = self.store
        with store.lock:
            record[kind.id_field] = store.new_id(kind.prefix)
            created = store.insert(kind.name, kind.id_field, record)
            self._event(kind, created, "CREATED", None, created.get(kind.status_field or ""), actor)
            return created

    def update(self, kind_name: str, key: str, body: Any, actor: str) -> Record:
        kind = self.kind(kind_name)
        if not isinstance(body, dict):
            raise GridError(400, "invalid_body", "the body must be a JSON object")
        body = dict(body)
        self._resolve_partner(body, kind)
        unknown = set(body) - set(kind.fields)
        if unknown:
            raise GridError(
                400, "invalid_body", f"unknown fields for {kind_name}: {sorted(unknown)}"
            )
        store = self.store
        with store.lock:
            current = self.get(kind_name, key)
            changes = {k: v for k, v in body.items() if current.get(k) != v}
            if not changes:
                return current
            merged = current | changes
            self._check(kind, merged)
            status_field = kind.status_field
            old_status = current.get(status_field) if status_field else None
            new_status = merged.get(status_field) if status_field else None
            if status_field and old_status != new_status:
                self._check_transition(kind, old_status, new_status)
                if kind.name == "cases" and new_status == "RESOLVED":
                    changes.setdefault("resolvedAt", store.stamp())
            updated = store.update(kind.name, key, changes)
            if status_field and old_status != new_status:
                self._event(kind, updated, "STATUS_CHANGED", old_status, new_status, actor)
            else:
                self._event(kind, updated, "UPDATED", None, None, actor, sorted(changes))
            return updated

    def _check(self, kind: Kind, record: Record) -> None:
        for name, allowed in kind.enums.items():
            value = record.get(name)
            if value is not None and value not in allowed:
                raise GridError(422, "invalid_value", f"{name} must be one of {list(allowed)}")
        for name, parent in kind.parents.items():
            value = record.get(name)
            if value is not None and self.store.get(parent, value) is None:
                raise GridError(422, "unknown_reference", f"{name} {value} does not exist")
        if kind.name == "cases":
            references = record.get("references") or {}
            if not isinstance(references, dict) or set(references) - set(CASE_REFERENCE_FIELDS):
                raise GridError(
                    422, "invalid_value", f"references takes {list(CASE_REFERENCE_FIELDS)}"
                )
        if kind.name == "projects":
            ref = record.get("customerRef")
            if ref is not None and (
                not isinstance(ref, dict) or set(ref) - {"externalId", "orderId"}
            ):
                raise GridError(422, "invalid_value", "customerRef is {externalId, orderId}")

    @staticmethod
    def _check_transition(kind: Kind, old: Any, new: Any) -> None:
        transitions = {"cases": CASE_TRANSITIONS, "projects": PROJECT_TRANSITIONS}.get(kind.name)
        if kind.name == "ac_documents":
            allowed = {"PENDING": {"APPROVED", "REJECTED"}, "APPROVED": {"EXPIRED"}}
            transitions = {k: set(v) for k, v in allowed.items()}
        if transitions is not None and new not in transitions.get(old, set()):
            raise GridError(409, "invalid_transition", f"{kind.name} cannot go from {old} to {new}")

    def _resolve_partner(self, body: dict[str, Any], kind: Kind | None = None) -> None:
        """`partnerAddress` names a company by its EDI address; cases keep the address too."""
        address = body.get("partnerAddress")
        if address is None:
            return
        qualifier, identifier = parse_address(address)
        display = f"{qualifier}:{identifier}"
        company = self.company_for(display)
        if company is None:
            raise GridError(
                422, "unknown_reference", f"no company carries the EDI address {display}"
            )
        body["companyId"] = company["companyId"]
        body["partnerAddress"] = display
        if kind is None or "partnerAddress" not in kind.fields:
            body.pop("partnerAddress")

    def company_for(self, display: str) -> Record | None:
        found = self.store.find(
            "companies",
            lambda r: any(a.get("display") == display for a in r.get("ediAddresses") or []),
        )
        return found[0] if found else None

    def _event(
        self,
        kind: Kind,
        record: Record,
        event_type: str,
        old: Any,
        new: Any,
        actor: str,
        changed: list[str] | None = None,
    ) -> None:
        store = self.store
        key = record[kind.id_field]
        event = {
            "eventId": store.new_id("ACE"),
            "objectType": kind.name,
            "objectId": key,
            "eventType": event_type,
            "fromStatus": old,
            "toStatus": new,
            "changedFields": changed or [],
            "actor": actor,
            "occurredAt": record["updatedAt"],
        }
        if kind.name == "cases":
            event["caseId"] = key
        if kind.name == "case_comments":
            event["caseId"] = record["caseId"]
        store.insert(EVENTS, "eventId", event)

    # The network's own company and partners' companies ------------------------------------------

    def seed_our_company(self, config: GridConfig) -> None:
        self.create(
            "companies",
            {
                "name": config.our_name,
                "ediAddresses": [address_object(config.our_address)],
                "subCommunities": ["HUB"],
            },
            actor="NETWORK",
        )

    def partner_company(self, name: str, address: str) -> Record:
        existing = self.company_for(address)
        if existing is not None:
            return existing
        return self.create(
            "companies",
            {
                "name": name,
                "ediAddresses": [address_object(address)],
                "subCommunities": ["SUPPLIERS"],
            },
            actor="NETWORK",
        )

    # Behaviour with its own rules ----------------------------------------------------------------

    def create_case(self, body: Any, raised_by: str) -> Record:
        if not isinstance(body, dict):
            raise GridError(400, "invalid_body", "the body must be a JSON object")
        body = dict(body) | {"raisedBy": raised_by}
        status = body.pop("status", "OPEN")
        case = self.create("cases", body, actor=raised_by)
        if status != "OPEN":
            case = self.update("cases", case["caseId"], {"status": status}, actor=raised_by)
        return case

    def comment(self, case_id: str, body: Any, author: str) -> Record:
        if not isinstance(body, dict):
            raise GridError(400, "invalid_body", "the body must be a JSON object")
        self.get("cases", case_id)
        origin = body.get("origin", author)
        if author == "PARTNER" and origin != "PARTNER":
            raise GridError(422, "invalid_value", "a partner's comment has origin PARTNER")
        if author == "HUB" and origin == "PARTNER":
            raise GridError(
                422, "invalid_value", "our comments have origin HUB or CUSTOMER_FEEDBACK"
            )
        fields = {k: v for k, v in body.items() if k in ("body", "externalRef")}
        unknown = set(body) - {"body", "externalRef", "origin"}
        if unknown:
            raise GridError(400, "invalid_body", f"unknown fields: {sorted(unknown)}")
        comment = self.create(
            "case_comments",
            {"caseId": case_id, "author": author, "origin": origin, **fields},
            actor=author,
        )
        # A comment is a change to its case, so incremental readers of cases see it too.
        self.store.update("cases", case_id, {"lastCommentAt": comment["createdAt"]})
        return comment

    def upload_document(self, body: Any) -> Record:
        if not isinstance(body, dict):
            raise GridError(400, "invalid_body", "the body must be a JSON object")
        body = dict(body)
        content = body.pop("content", None)
        if content is not None:
            raw = str(content).encode("utf-8")
            body.setdefault("sha256", hashlib.sha256(raw).hexdigest())
            body.setdefault("sizeBytes", len(raw))
        body.setdefault("uploadedAt", self.store.stamp())
        document = self.create("ac_documents", body, actor="PARTNER")
        if document.get("activityId"):
            self._progress_from_document(document, "SUBMITTED")
        return document

    def decide(self, document_id: str, approve: bool, body: Any, actor: str) -> Record:
        body = body if isinstance(body, dict) else {}
        status = "APPROVED" if approve else "REJECTED"
        document = self.update(
            "ac_documents",
            document_id,
            {
                "approvalStatus": status,
                "decidedAt": self.store.stamp(),
                "decidedBy": body.get("decidedBy") or actor,
                "decisionNote": body.get("note"),
            },
            actor=actor,
        )
        if document.get("activityId"):
            self._progress_from_document(document, status)
        return document

    def _progress_from_document(self, document: Record, status: str) -> None:
        self.set_progress(
            {
                "projectId": document.get("projectId"),
                "activityId": document["activityId"],
                "companyId": document["companyId"],
                "status": status,
            },
            actor="NETWORK",
        )

    def set_progress(self, body: Any, actor: str) -> Record:
        if not isinstance(body, dict):
            raise GridError(400, "invalid_body", "the body must be a JSON object")
        body = dict(body)
        self._resolve_partner(body)
        activity = self.get("activities", str(body.get("activityId")))
        project_id = body.get("projectId") or activity["projectId"]
        company_id = body.get("companyId")
        existing = self.store.find(
            "progress",
            lambda r: r["activityId"] == activity["activityId"] and r["companyId"] == company_id,
        )
        status = body.get("status", "IN_PROGRESS")
        now = self.store.stamp()
        stamps: dict[str, Any] = {}
        if status == "SUBMITTED":
            stamps["submittedAt"] = now
        if status in ("APPROVED", "REJECTED"):
            stamps["reviewedAt"] = now
        if existing:
            return self.update(
                "progress",
                existing[0]["progressId"],
                {
                    "status": status,
                    **stamps,
                    **{k: v for k, v in body.items() if k in ("comment", "reviewerContactId")},
                },
                actor=actor,
            )
        participant = self.store.find(
            "participants",
            lambda r: r["projectId"] == project_id and r["companyId"] == company_id,
        )
        return self.create(
            "progress",
            {
                "projectId": project_id,
                "activityId": activity["activityId"],
                "companyId": company_id,
                "status": status,
                "participantId": participant[0]["participantId"] if participant else None,
                **stamps,
                **{k: v for k, v in body.items() if k in ("comment", "reviewerContactId")},
            },
            actor=actor,
        )

    def complete_activity(self, activity_id: str, actor: str) -> Record:
        return self.update(
            "activities",
            activity_id,
            {"status": "COMPLETE", "completedAt": self.store.stamp()},
            actor=actor,
        )

    def submit_form_response(self, body: Any) -> Record:
        if not isinstance(body, dict):
            raise GridError(400, "invalid_body", "the body must be a JSON object")
        body = dict(body)
        self._resolve_partner(body)
        body.setdefault("submittedAt", self.store.stamp())
        return self.create("form_responses", body, actor="PARTNER")


def _copy(value: Any) -> Any:
    if isinstance(value, list):
        return list(value)
    if isinstance(value, dict):
        return dict(value)
    return value
