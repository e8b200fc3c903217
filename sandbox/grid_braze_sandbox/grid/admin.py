"""`/_sandbox/grid/...`: the scenario's and the tests' doors into the emulator, acting as trading
partners and as the network (docs/grid-emulator.md). Real Trading Grid has none of these."""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote

from grid_braze_sandbox.grid.addresses import parse_address
from grid_braze_sandbox.grid.api import Call, Reply, RouteTable
from grid_braze_sandbox.grid.community import KINDS
from grid_braze_sandbox.grid.faults import MALFORMED_KINDS, GridFaultSettings
from grid_braze_sandbox.grid.problems import GridError
from grid_braze_sandbox.grid.suppliers import SupplierError, SupplierMock
from grid_braze_sandbox.grid.written import damage, render
from grid_braze_sandbox.timefmt import iso, parse_time

routes = RouteTable()
ADMIN_CREATABLE = {
    "companies",
    "contacts",
    "projects",
    "activities",
    "participants",
    "forms",
    "messages",
}


def _items(body: Any) -> list[dict[str, Any]]:
    items = body if isinstance(body, list) else [body]
    if not items or not all(isinstance(item, dict) for item in items):
        raise GridError(400, "invalid_body", "the body is an object or a list of objects")
    return items


def _one_or_many(body: Any, results: list[Any]) -> Any:
    return results if isinstance(body, list) else results[0]


@routes("/_sandbox/grid")
def summary(call: Call) -> Reply:
    service = call.service
    return Reply(
        200,
        {
            "ourAddress": service.config.our_address,
            "mailboxId": service.config.mailbox_id,
            "mailboxRoot": str(service.folders.root),
            "clock": iso(service.clock.now()),
            "partners": [p.describe() for p in service.partners.all()],
            "counts": {
                kind: service.store.count(kind)
                for kind in (
                    "transactions",
                    "documents",
                    "functional_acks",
                    "alerts",
                    *sorted(KINDS),
                )
            },
        },
    )


@routes("/_sandbox/grid/clock", "GET", "POST")
def clock(call: Call) -> Reply:
    clock = call.service.clock
    if call.request.method == "POST":
        body = call.json_object()
        try:
            if "now" in body:
                moment = parse_time(body["now"])
                if moment is None:
                    raise GridError(400, "invalid_body", "now must be an ISO-8601 time")
                clock.set(moment)
            elif "advance_seconds" in body:
                clock.advance(float(body["advance_seconds"]))
            else:
                raise GridError(400, "invalid_body", "POST {now} or {advance_seconds}")
        except (TypeError, ValueError) as error:
            raise GridError(400, "invalid_clock", str(error)) from error
    return Reply(200, {"now": iso(clock.now())})


@routes("/_sandbox/grid/requests", "GET", "DELETE")
def requests_log(call: Call) -> Reply:
    log = call.service.log
    if call.request.method == "DELETE":
        log.clear()
        return Reply(200, {"cleared": True})
    return Reply(200, {"requests": log.entries(call.args.get("kind"))})


@routes("/_sandbox/grid/faults", "GET", "POST", "DELETE")
def faults(call: Call) -> Reply:
    service = call.service
    if call.request.method == "POST":
        try:
            service.faults.configure(GridFaultSettings.from_json(call.json_object()))
        except (TypeError, ValueError) as error:
            raise GridError(400, "invalid_faults", str(error)) from error
    elif call.request.method == "DELETE":
        service.faults.clear()
    return Reply(200, service.faults.describe())


@routes("/_sandbox/grid/rate_limits", "GET", "POST", "DELETE")
def rate_limits(call: Call) -> Reply:
    service = call.service
    limiter, config = service.limiter, service.config
    if call.request.method == "POST":
        body = call.json_object()
        try:
            limiter.configure(
                float(body.get("per_second", limiter.per_second)),
                int(body.get("burst", limiter.burst)),
            )
        except (TypeError, ValueError) as error:
            raise GridError(400, "invalid_rate_limits", str(error)) from error
    elif call.request.method == "DELETE":
        limiter.configure(config.rate_limit_per_second, config.rate_limit_burst)
    return Reply(200, {"per_second": limiter.per_second, "burst": limiter.burst})


# Mailbox ---------------------------------------------------------------------------------------


@routes("/_sandbox/grid/mailbox")
def mailbox(call: Call) -> Reply:
    return Reply(200, call.service.folders.listing())


@routes("/_sandbox/grid/mailbox/scan", "POST")
def scan(call: Call) -> Reply:
    return Reply(200, {"routed": call.service.scan_outbound()})


@routes("/_sandbox/grid/mailbox/keys", "GET", "POST")
def keys(call: Call) -> Reply:
    service = call.service
    if call.request.method == "POST":
        key = call.json_object().get("public_key")
        if not isinstance(key, str) or not key.startswith(("ssh-", "ecdsa-")):
            raise GridError(400, "invalid_key", "public_key is an OpenSSH public key line")
        service.authorized_keys.append(key.strip())
    return Reply(200, {"authorized_keys": service.authorized_keys})


# Partners --------------------------------------------------------------------------------------


def _address_param(call: Call) -> str:
    qualifier, identifier = parse_address(unquote(call.params["address"]))
    return f"{qualifier}:{identifier}"


@routes("/_sandbox/grid/partners", "GET", "POST")
def partners(call: Call) -> Reply:
    service = call.service
    if call.request.method == "GET":
        return Reply(200, [p.describe() for p in service.partners.all()])
    results = []
    for item in _items(call.body):
        partner = service.partners.build(item)
        if service.partners.get(partner.address) is not None:
            raise GridError(409, "partner_exists", f"{partner.address} is already registered")
        if item.get("company", True):
            company = service.community.partner_company(partner.name, partner.address)
            partner.company_id = company["companyId"]
        if partner.kind == "supplier":
            try:
                partner.mock = SupplierMock(
                    address=partner.address,
                    name=partner.name,
                    our_address=service.config.our_address,
                    our_name=service.config.our_name,
                    behaviour=partner.behaviour,
                    dialect=partner.dialect,
                    version=partner.version,
                    timing=partner.timing,
                    now=service.clock.now(),
                )
            except SupplierError as error:
                raise GridError(400, "invalid_partner", str(error)) from error
            catalog = item.get("catalog") or []
            if catalog:
                partner.mock.stock(catalog)
        service.partners.add(partner)
        results.append(partner.describe())
    return Reply(201, _one_or_many(call.body, results))


@routes("/_sandbox/grid/partners/<address>", "GET", "PATCH")
def partner(call: Call) -> Reply:
    service = call.service
    found = service.partners.require(_address_param(call))
    if call.request.method == "GET":
        described = found.describe()
        if found.mock is not None:
            described["catalog"] = found.mock.catalog()
        return Reply(200, described)
    body = call.json_object()
    allowed = {"behaviour", "acks", "timing", "name", "catalog", "documentTypes"}
    unknown = set(body) - allowed
    if unknown:
        raise GridError(400, "invalid_partner", f"a partner PATCH takes {sorted(allowed)}")
    if "behaviour" in body and found.mock is not None:
        try:
            found.mock.configure(behaviour=body["behaviour"])
        except SupplierError as error:
            raise GridError(400, "invalid_partner", str(error)) from error
    merged = service.partners.build(
        {
            "address": found.address,
            "name": body.get("name", found.name),
            "kind": found.kind,
            "behaviour": body.get("behaviour", found.behaviour),
            "dialect": found.dialect,
            "version": found.version,
            "timing": body.get("timing", found.timing),
            "acks": body.get("acks", found.acks),
            "documentTypes": body.get("documentTypes", found.document_types),
        }
    )
    found.name, found.behaviour = merged.name, merged.behaviour
    found.timing, found.acks, found.document_types = (
        merged.timing,
        merged.acks,
        merged.document_types,
    )
    if "timing" in body and found.mock is not None:
        found.mock.set_timing(found.timing)
    if "catalog" in body and found.mock is not None:
        found.mock.stock(_items(body["catalog"]))
    service.partners.refresh_partnerships(found)
    return Reply(200, found.describe())


def _release_body(call: Call) -> tuple[float | None, bool]:
    body = call.body if isinstance(call.body, dict) else {}
    everything = bool(body.get("all"))
    seconds = body.get("seconds")
    if not everything and not isinstance(seconds, int | float):
        raise GridError(400, "invalid_body", "POST {seconds: n} or {all: true}")
    return (float(seconds) if seconds is not None else None), everything


@routes("/_sandbox/grid/partners/<address>/advance", "POST")
def advance_partner(call: Call) -> Reply:
    service = call.service
    found = service.partners.require(_address_param(call))
    seconds, everything = _release_body(call)
    delivered = service.release_from(found, seconds, everything)
    return Reply(200, {"delivered": delivered})


@routes("/_sandbox/grid/advance", "POST")
def advance_all(call: Call) -> Reply:
    service = call.service
    seconds, everything = _release_body(call)
    delivered = []
    for found in service.partners.all():
        delivered += service.release_from(found, seconds, everything)
    return Reply(200, {"delivered": delivered})


# Documents the sandbox writes ------------------------------------------------------------------


@routes("/_sandbox/grid/documents", "POST")
def write_document(call: Call) -> Reply:
    service = call.service
    body = call.json_object()
    allowed = {
        "from",
        "dialect",
        "version",
        "records",
        "content",
        "control_number",
        "filename",
        "malformed",
        "duplicate",
    }
    unknown = set(body) - allowed
    if unknown:
        raise GridError(400, "invalid_body", f"a document takes {sorted(allowed)}")
    sender = service.partners.require(str(body.get("from")))
    filename = body.get("filename")
    if filename is not None and (
        not isinstance(filename, str) or "/" in filename or filename.startswith(".")
    ):
        raise GridError(400, "invalid_filename", "filename is a plain file name")
    if "content" in body:
        if not isinstance(body["content"], str):
            raise GridError(400, "invalid_body", "content is the document's text")
        data = body["content"].encode("utf-8")
        control = None
    else:
        records = body.get("records")
        if (
            not isinstance(records, list)
            or not records
            or not all(isinstance(r, dict) for r in records)
        ):
            raise GridError(400, "invalid_body", "records is a non-empty list of records")
        dialect = body.get("dialect", sender.dialect)
        if dialect not in ("X12", "EDIFACT"):
            raise GridError(400, "invalid_body", "dialect is X12 or EDIFACT")
        default_version = (
            sender.version
            if dialect == sender.dialect
            else ("004010" if dialect == "X12" else "D96A")
        )
        control = body.get("control_number")
        if control is None:
            with service.network_lock:  # two writers must never share a control number
                control = sender.take_control_number()
        if not isinstance(control, int) or not 0 <= control <= 999_999_999:
            raise GridError(400, "invalid_body", "control_number is an integer 0..999999999")
        data = render(
            records,
            sender=sender.address,
            receiver=service.config.our_address,
            dialect=dialect,
            version=str(body.get("version") or default_version),
            control_number=control,
            timestamp=service.clock.now(),
        )
    malformed = body.get("malformed")
    if malformed is not None:
        if malformed not in MALFORMED_KINDS:
            raise GridError(400, "invalid_body", f"malformed is one of {list(MALFORMED_KINDS)}")
        data = damage(data, malformed)
    with service.network_lock:
        document = service.deliver_inbound(
            data, origin="sandbox", filename=filename, faults_apply=False
        )
        copies = [document]
        if body.get("duplicate"):
            copies.append(
                service.deliver_inbound(
                    data, origin="sandbox", filename=filename, faults_apply=False
                )
            )
    return Reply(
        201,
        {
            "documentId": document["documentId"],
            "transactionId": document["transactionId"],
            "filename": document["filename"],
            "interchangeControlNumber": document["interchangeControlNumber"],
            "controlNumber": control,
            "copies": [c["filename"] for c in copies],
        },
    )


# Active Community, as partners and the network ------------------------------------------------


@routes("/_sandbox/grid/ac/<collection>", "POST")
def ac_create(call: Call) -> Reply:
    collection = call.params["collection"]
    community = call.service.community
    handlers = {
        "cases": lambda item: community.create_case(item, raised_by="PARTNER"),
        "documents": community.upload_document,
        "progress": lambda item: community.set_progress(item, actor="PARTNER"),
        "form-responses": community.submit_form_response,
    }
    if collection in handlers:
        create = handlers[collection]
    elif collection in ADMIN_CREATABLE:

        def create(item: dict[str, Any]) -> dict[str, Any]:
            return community.create(collection, item, actor="NETWORK")
    else:
        raise GridError(404, "not_found", f"no Active Community collection {collection!r} here")
    results = [create(item) for item in _items(call.body)]
    return Reply(201, _one_or_many(call.body, results))


@routes("/_sandbox/grid/ac/<collection>/<key>", "PATCH")
def ac_patch(call: Call) -> Reply:
    collection = {"documents": "ac_documents", "form-responses": "form_responses"}.get(
        call.params["collection"], call.params["collection"]
    )
    return Reply(
        200, call.service.community.update(collection, call.params["key"], call.body, "NETWORK")
    )


@routes("/_sandbox/grid/ac/cases/<key>/status", "POST")
def ac_case_status(call: Call) -> Reply:
    body = call.json_object()
    actor = str(body.get("actor", "PARTNER"))
    allowed = {"status", "resolutionCode", "resolutionNote", "revisedEta", "priority"}
    changes = {k: v for k, v in body.items() if k in allowed}
    unknown = set(body) - allowed - {"actor"}
    if unknown or "status" not in changes:
        raise GridError(400, "invalid_body", f"a status change takes status and {sorted(allowed)}")
    return Reply(200, call.service.community.update("cases", call.params["key"], changes, actor))


@routes("/_sandbox/grid/ac/cases/<key>/comments", "POST")
def ac_case_comment(call: Call) -> Reply:
    return Reply(
        201, call.service.community.comment(call.params["key"], call.body, author="PARTNER")
    )


@routes("/_sandbox/grid/ac/documents/<key>/approve", "POST")
def ac_approve(call: Call) -> Reply:
    return Reply(200, call.service.community.decide(call.params["key"], True, call.body, "NETWORK"))


@routes("/_sandbox/grid/ac/documents/<key>/reject", "POST")
def ac_reject(call: Call) -> Reply:
    return Reply(
        200, call.service.community.decide(call.params["key"], False, call.body, "NETWORK")
    )


@routes("/_sandbox/grid/ac/activities/<key>/complete", "POST")
def ac_complete(call: Call) -> Reply:
    return Reply(200, call.service.community.complete_activity(call.params["key"], "PARTNER"))
