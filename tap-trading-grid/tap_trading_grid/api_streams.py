"""Streams of the emulated Trading Grid (`/tg/v1`) and Active Community (`/ac/v1`) API.

Every stream reads one top-level list, incrementally on `updatedAt` (the API filters with
`updatedSince`, inclusive, and sorts by `(updatedAt, id)`). Child collections have their own
top-level lists (`/tg/v1/transaction-events`, `/ac/v1/case-events`, `/ac/v1/activities`, …),
so no stream needs a request per parent, and a change to a child is never hidden behind a
parent that did not change.

Field names are the API's own (camelCase). The schemas list the fields the API documents;
nested objects stay objects.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from singer_sdk import typing as th

from tap_trading_grid.client import ApiContext, TradingGridStream

if TYPE_CHECKING:
    from singer_sdk import Stream, Tap


def _string(*names: str) -> list[th.Property]:
    return [th.Property(name, th.StringType(nullable=True)) for name in names]


def _times(*names: str) -> list[th.Property]:
    return [th.Property(name, th.DateTimeType(nullable=True)) for name in names]


def _objects(*names: str) -> list[th.Property]:
    return [th.Property(name, th.ObjectType(nullable=True)) for name in names]


def _string_lists(*names: str) -> list[th.Property]:
    return [th.Property(name, th.ArrayType(th.StringType(), nullable=True)) for name in names]


def _object_lists(*names: str) -> list[th.Property]:
    return [th.Property(name, th.ArrayType(th.ObjectType(), nullable=True)) for name in names]


ADDRESS = th.ObjectType(
    th.Property("qualifier", th.StringType()),
    th.Property("id", th.StringType()),
    th.Property("display", th.StringType(), description="QUAL:ID"),
    nullable=True,
)


def _schema(key: str, *properties: th.Property, created_at: bool = True) -> dict[str, Any]:
    stamps = [th.Property("createdAt", th.DateTimeType(nullable=True))] if created_at else []
    return th.PropertiesList(
        th.Property(key, th.StringType(), required=True),
        *properties,
        *stamps,
        th.Property("updatedAt", th.DateTimeType(), required=True),
    ).to_dict()


class TransactionsStream(TradingGridStream):
    """One row per routed document, inbound and outbound (visibility)."""

    name = "transactions"
    path = "/tg/v1/transactions"
    primary_keys: ClassVar[tuple[str, ...]] = ("transactionId",)
    schema = _schema(
        "transactionId",
        *_string("documentId", "correlationId", "direction", "mailboxId", "mailslotId"),
        th.Property("senderAddress", ADDRESS),
        th.Property("receiverAddress", ADDRESS),
        *_string("standard", "version", "documentType", "functionalGroupCode"),
        *_string("interchangeControlNumber", "groupControlNumber", "transactionControlNumber"),
        th.Property("setCount", th.IntegerType(nullable=True)),
        *_string_lists("documentTypes"),
        *_object_lists("businessKeys", "errors"),
        *_string("testProd", "status", "faStatus", "ackCode", "protocol", "filename", "sha256"),
        th.Property("folder", th.StringType(nullable=True), description="where the file sits"),
        th.Property("sizeBytes", th.IntegerType(nullable=True)),
        *_times("receivedAt", "deliveredAt"),
    )


class TransactionEventsStream(TradingGridStream):
    """Every processing event of every transaction (append-only)."""

    name = "transaction_events"
    path = "/tg/v1/transaction-events"
    primary_keys: ClassVar[tuple[str, ...]] = ("eventId",)
    schema = _schema(
        "eventId",
        *_string("transactionId", "eventType"),
        *_times("eventTimestamp"),
        *_objects("detail"),
    )


class AlertsStream(TradingGridStream):
    """Arrival, outbound-error, inactivity, FA-overdue and pending-pickup alerts."""

    name = "alerts"
    path = "/tg/v1/alerts"
    primary_keys: ClassVar[tuple[str, ...]] = ("alertId",)
    schema = _schema(
        "alertId",
        *_string("alertType", "severity", "message", "mailboxId", "transactionId"),
        th.Property("partnerAddress", ADDRESS),
        *_times("raisedAt"),
    )


class TradingPartnersStream(TradingGridStream):
    """Trading partnerships, one per partner and direction."""

    name = "trading_partners"
    path = "/tg/v1/trading-partners"
    primary_keys: ClassVar[tuple[str, ...]] = ("partnershipId",)
    schema = _schema(
        "partnershipId",
        th.Property("partnerAddress", ADDRESS),
        *_string("partnerName", "partnerVan", "direction", "standard", "version", "status"),
        *_string("type", "testProd", "companyId"),
        *_string_lists("documentTypes"),
    )


class CompaniesStream(TradingGridStream):
    """Active Community companies, with the EDI addresses that name partners (DESIGN §3)."""

    name = "companies"
    path = "/ac/v1/companies"
    primary_keys: ClassVar[tuple[str, ...]] = ("companyId",)
    schema = _schema(
        "companyId",
        *_string("name", "status", "primaryContactId"),
        *_string_lists("subCommunities"),
        *_objects("customFields"),
        th.Property("ediAddresses", th.ArrayType(ADDRESS, nullable=True)),
    )


class ContactsStream(TradingGridStream):
    name = "contacts"
    path = "/ac/v1/contacts"
    primary_keys: ClassVar[tuple[str, ...]] = ("contactId",)
    schema = _schema(
        "contactId",
        *_string("companyId", "firstName", "lastName", "email", "phone", "status"),
        *_string_lists("contactRoles", "securityRoles"),
    )


class ProjectsStream(TradingGridStream):
    """Projects, with the process, required documents and customer of flows 3 and 6."""

    name = "projects"
    path = "/ac/v1/projects"
    primary_keys: ClassVar[tuple[str, ...]] = ("projectId",)
    schema = _schema(
        "projectId",
        *_string("name", "description", "type", "status", "startDate", "endDate"),
        *_string("ownerContactId", "process", "sku"),
        *_string_lists("tags", "requiredDocumentTypes"),
        th.Property(
            "customerRef",
            th.ObjectType(
                th.Property("externalId", th.StringType(nullable=True)),
                th.Property("orderId", th.StringType(nullable=True)),
                nullable=True,
            ),
        ),
    )


class ActivitiesStream(TradingGridStream):
    name = "activities"
    path = "/ac/v1/activities"
    primary_keys: ClassVar[tuple[str, ...]] = ("activityId",)
    schema = _schema(
        "activityId",
        *_string("projectId", "name", "kind", "dueDate", "formId", "documentType", "status"),
        th.Property("sequence", th.IntegerType(nullable=True)),
        *_string_lists("prerequisiteActivityIds"),
        th.Property("reminderDays", th.ArrayType(th.IntegerType(), nullable=True)),
        *_times("completedAt"),
    )


class ParticipantsStream(TradingGridStream):
    name = "participants"
    path = "/ac/v1/participants"
    primary_keys: ClassVar[tuple[str, ...]] = ("participantId",)
    schema = _schema(
        "participantId",
        *_string("projectId", "companyId", "status"),
        *_string_lists("contactIds"),
        *_times("enrolledAt"),
    )


class ProgressStream(TradingGridStream):
    """One row per participant and activity."""

    name = "progress"
    path = "/ac/v1/progress"
    primary_keys: ClassVar[tuple[str, ...]] = ("progressId",)
    schema = _schema(
        "progressId",
        *_string("projectId", "activityId", "participantId", "companyId", "status"),
        *_string("reviewerContactId", "comment"),
        *_times("submittedAt", "reviewedAt"),
    )


class PartnerDocumentsStream(TradingGridStream):
    """Documents partners upload to Active Community, with their approval (flow 3)."""

    name = "partner_documents"
    path = "/ac/v1/documents"
    primary_keys: ClassVar[tuple[str, ...]] = ("documentId",)
    schema = _schema(
        "documentId",
        *_string("companyId", "projectId", "activityId", "documentType", "fileName"),
        *_string("contentType", "sha256", "approvalStatus", "decidedBy", "decisionNote"),
        th.Property("sizeBytes", th.IntegerType(nullable=True)),
        *_times("uploadedAt", "expiresAt", "decidedAt"),
    )


class FormResponsesStream(TradingGridStream):
    name = "form_responses"
    path = "/ac/v1/form-responses"
    primary_keys: ClassVar[tuple[str, ...]] = ("responseId",)
    schema = _schema(
        "responseId",
        *_string("formId", "projectId", "participantId", "companyId"),
        *_object_lists("answers"),
        *_times("submittedAt"),
    )


class PartnerCasesStream(TradingGridStream):
    """Cases partners (or we) raise: delays, discrepancies, incidents, feedback."""

    name = "partner_cases"
    path = "/ac/v1/cases"
    primary_keys: ClassVar[tuple[str, ...]] = ("caseId",)
    schema = _schema(
        "caseId",
        *_string("companyId", "partnerAddress", "category", "status", "priority", "raisedBy"),
        *_string("title", "description", "revisedEta", "resolutionCode", "resolutionNote"),
        th.Property(
            "references",
            th.ObjectType(
                *_string("poNumber", "orderId", "asnNumber", "invoiceNumber", "rmaNumber"),
                *_string("transactionId"),
                nullable=True,
            ),
        ),
        *_times("resolvedAt", "lastCommentAt"),
    )


class PartnerCaseEventsStream(TradingGridStream):
    """Every creation and status change of every case, so none is lost between two syncs."""

    name = "partner_case_events"
    path = "/ac/v1/case-events"
    primary_keys: ClassVar[tuple[str, ...]] = ("eventId",)
    schema = _schema(
        "eventId",
        *_string("caseId", "eventType", "fromStatus", "toStatus", "actor"),
        *_times("occurredAt"),
        # An event is created once; the API gives it `occurredAt` and `updatedAt` only.
        created_at=False,
    )


class PartnerCaseCommentsStream(TradingGridStream):
    name = "partner_case_comments"
    path = "/ac/v1/case-comments"
    primary_keys: ClassVar[tuple[str, ...]] = ("commentId",)
    schema = _schema(
        "commentId",
        *_string("caseId", "author", "origin", "externalRef", "body"),
    )


API_STREAM_CLASSES: tuple[type[TradingGridStream], ...] = (
    TransactionsStream,
    TransactionEventsStream,
    AlertsStream,
    TradingPartnersStream,
    CompaniesStream,
    ContactsStream,
    ProjectsStream,
    ActivitiesStream,
    ParticipantsStream,
    ProgressStream,
    PartnerDocumentsStream,
    FormResponsesStream,
    PartnerCasesStream,
    PartnerCaseEventsStream,
    PartnerCaseCommentsStream,
)


def api_streams(tap: Tap) -> list[Stream]:
    api = ApiContext(tap.config)
    return [cls(tap, api) for cls in API_STREAM_CLASSES]
