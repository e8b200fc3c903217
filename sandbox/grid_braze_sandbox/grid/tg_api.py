"""`/tg/v1`: the emulated Trading Grid messaging and visibility API (reference §2.5).

Emulated, modelled on TGO's mailbox concepts, ECGrid's inbox/download/confirm/reset, OpenText's
visibility events and Orderful's lists; not an API OpenText publishes.
"""

from __future__ import annotations

from werkzeug.wrappers import Response

from grid_braze_sandbox.grid.addresses import address_object
from grid_braze_sandbox.grid.api import Call, Reply, RouteTable, field_getter
from grid_braze_sandbox.grid.partners import TRADING_PARTNERS
from grid_braze_sandbox.grid.problems import GridError
from grid_braze_sandbox.grid.store import Record
from grid_braze_sandbox.grid.tracking import (
    ALERTS,
    CONTENT_TYPES,
    DOCUMENTS,
    EVENTS,
    FUNCTIONAL_ACKS,
    TRANSACTIONS,
)

routes = RouteTable()
TRANSACTION_FILTERS = {
    "direction": field_getter("direction"),
    "status": field_getter("status"),
    "documentType": field_getter("documentType"),
    "partnerAddress": lambda r: (
        (r.get("receiverAddress") if r.get("direction") == "OUTBOUND" else r.get("senderAddress"))
        or {}
    ).get("display"),
    "faStatus": field_getter("faStatus"),
}


def _mailbox(call: Call) -> Record:
    config = call.service.config
    if call.params["mailboxId"] != config.mailbox_id:
        raise GridError(404, "not_found", f"no mailbox {call.params['mailboxId']}")
    return {"mailboxId": config.mailbox_id}


@routes("/tg/v1/mailboxes")
def mailboxes(call: Call) -> Reply:
    config = call.service.config
    partners = [p.address for p in call.service.partners.all()]
    record = {
        "mailboxId": config.mailbox_id,
        "name": config.our_name,
        "status": "ACTIVE",
        "ediAddresses": [address_object(config.our_address) | {"usage": "P"}],
        "mailslots": [
            {
                "id": "MS-1",
                "name": "default",
                "myAddress": address_object(config.our_address),
                "documentTypes": [],
                "partnerAddresses": [address_object(p) for p in partners],
            }
        ],
        "inboxTimeoutMinutes": config.inbox_timeout_minutes,
        "faWindowHours": config.fa_window_hours,
    }
    return Reply(200, {"data": [record], "metadata": {"pagination": {"next": None}}})


@routes("/tg/v1/mailboxes/<mailboxId>/inbox")
def inbox(call: Call) -> Reply:
    _mailbox(call)
    return call.page(
        DOCUMENTS,
        "documentId",
        {
            "status": field_getter("status"),
            "mailslotId": field_getter("mailslotId"),
            "documentType": field_getter("documentType"),
            "senderAddress": field_getter("senderAddress.display"),
        },
        base=lambda r: r["direction"] == "INBOUND",
    )


@routes("/tg/v1/mailboxes/<mailboxId>/outbox", "POST")
def outbox(call: Call) -> Reply:
    _mailbox(call)
    data = call.request.get_data(cache=True)
    if not data:
        raise GridError(400, "invalid_body", "the body is the interchange to send")
    name = call.request.headers.get("X-Filename") or f"api-{call.service.store.new_id('OUT')}.edi"
    if "/" in name or name.startswith("."):
        raise GridError(400, "invalid_filename", "X-Filename is a plain file name")
    transaction = call.service.router.route_bytes(name, data, protocol="HTTPS")
    return Reply(
        202,
        {
            "transactionId": transaction["transactionId"],
            "documentId": transaction["documentId"],
            "status": transaction["status"],
        },
    )


def _document(call: Call) -> Record:
    record = call.service.store.get(DOCUMENTS, call.params["documentId"])
    if record is None:
        raise GridError(404, "not_found", f"no document {call.params['documentId']}")
    return record


@routes("/tg/v1/documents/<documentId>")
def document(call: Call) -> Reply:
    return Reply(200, _document(call))


@routes("/tg/v1/documents/<documentId>/content")
def content(call: Call) -> Reply:
    record = _document(call)
    path = call.service.folders.folder(record["folder"]) / record["filename"]
    try:
        data = path.read_bytes()
    except FileNotFoundError as error:
        raise GridError(410, "content_gone", "the file was removed from the mailbox") from error
    response = Response(
        data,
        status=200,
        content_type=CONTENT_TYPES.get(record["standard"], "application/octet-stream"),
        headers={"ETag": f'"{record["sha256"]}"'},
    )
    return Reply(200, None, raw=response)


@routes("/tg/v1/documents/<documentId>/confirm", "POST")
def confirm(call: Call) -> Reply:
    _document(call)
    try:
        return Reply(200, call.service.ledger.confirm(call.params["documentId"]))
    except KeyError as error:
        raise GridError(409, "not_inbound", "only inbox documents are confirmed") from error


@routes("/tg/v1/documents/<documentId>/reset", "POST")
def reset(call: Call) -> Reply:
    _document(call)
    try:
        return Reply(200, call.service.ledger.reset(call.params["documentId"]))
    except KeyError as error:
        raise GridError(409, "not_inbound", "only inbox documents are reset") from error


@routes("/tg/v1/transactions")
def transactions(call: Call) -> Reply:
    return call.page(TRANSACTIONS, "transactionId", TRANSACTION_FILTERS)


@routes("/tg/v1/transactions/<transactionId>")
def transaction(call: Call) -> Reply:
    record = call.service.store.get(TRANSACTIONS, call.params["transactionId"])
    if record is None:
        raise GridError(404, "not_found", f"no transaction {call.params['transactionId']}")
    return Reply(200, record)


@routes("/tg/v1/transactions/<transactionId>/events")
def transaction_events(call: Call) -> Reply:
    transaction_id = call.params["transactionId"]
    if call.service.store.get(TRANSACTIONS, transaction_id) is None:
        raise GridError(404, "not_found", f"no transaction {transaction_id}")
    return call.page(EVENTS, "eventId", base=lambda r: r["transactionId"] == transaction_id)


@routes("/tg/v1/transaction-events")
def all_transaction_events(call: Call) -> Reply:
    """Every transaction's events in one incremental list, so a reader needs no request per
    transaction (an addition to the reference's per-transaction path)."""
    return call.page(
        EVENTS,
        "eventId",
        {"eventType": field_getter("eventType"), "transactionId": field_getter("transactionId")},
    )


@routes("/tg/v1/functional-acks")
def functional_acks(call: Call) -> Reply:
    ledger = call.service.ledger

    def shape(record: Record) -> Record:
        return record | {"hoursToDelinquent": ledger.hours_to_delinquent(record)}

    return call.page(
        FUNCTIONAL_ACKS,
        "groupId",
        {
            "faStatus": field_getter("faStatus"),
            "partnerAddress": field_getter("partnerAddress.display"),
            "delinquent": field_getter("delinquent"),
        },
        shape=shape,
    )


@routes("/tg/v1/trading-partners")
def trading_partners(call: Call) -> Reply:
    return call.page(
        TRADING_PARTNERS,
        "partnershipId",
        {
            "status": field_getter("status"),
            "direction": field_getter("direction"),
            "partnerAddress": field_getter("partnerAddress.display"),
        },
    )


@routes("/tg/v1/alerts")
def alerts(call: Call) -> Reply:
    return call.page(
        ALERTS,
        "alertId",
        {"alertType": field_getter("alertType"), "transactionId": field_getter("transactionId")},
    )
