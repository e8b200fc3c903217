"""`/ac/v1`: the emulated Active Community API (reference §2.5, DESIGN §11), as the hub (us)
sees it. Emulated, modelled on the Active Community 21.2 user guide's objects; cases are invented.

`/ac/v1/issues` is an alias of `/ac/v1/cases`, the reference's name for the same object.
"""

from __future__ import annotations

from grid_braze_sandbox.grid.api import Call, Reply, RouteTable, field_getter
from grid_braze_sandbox.grid.community import EVENTS, KINDS
from grid_braze_sandbox.grid.problems import GridError

routes = RouteTable()

# Public path → (collection, filters). Lists are incremental on updatedAt.
LISTS = {
    "companies": ("companies", ("status",)),
    "contacts": ("contacts", ("companyId", "status")),
    "projects": ("projects", ("status", "process", "sku")),
    "activities": ("activities", ("projectId", "status", "kind")),
    "participants": ("participants", ("projectId", "companyId")),
    "progress": ("progress", ("projectId", "activityId", "companyId", "status")),
    "forms": ("forms", ("projectId", "status")),
    "form-responses": ("form_responses", ("formId", "projectId", "companyId")),
    "documents": ("ac_documents", ("companyId", "projectId", "approvalStatus", "documentType")),
    "messages": ("messages", ("projectId", "companyId")),
    "cases": ("cases", ("status", "category", "companyId", "partnerAddress", "raisedBy")),
    "case-comments": ("case_comments", ("caseId", "author", "origin")),
}
# What the hub may create and change through the public API; partners' own actions (raising a
# case, uploading a document, answering a form) go through /_sandbox/grid/ac/.
CREATABLE = {"companies", "contacts", "projects", "forms", "messages"}
PATCHABLE = {"companies", "contacts", "projects", "activities", "participants"}


def _list(path: str) -> None:
    kind_name, filter_names = LISTS[path]
    kind = KINDS[kind_name]
    filters = {name: field_getter(name) for name in filter_names}

    def handler(call: Call) -> Reply:
        return call.page(kind_name, kind.id_field, filters)

    def one(call: Call) -> Reply:
        return Reply(200, call.service.community.get(kind_name, call.params["key"]))

    handler.__name__ = f"list_{kind_name}"
    one.__name__ = f"get_{kind_name}"
    for prefix in ("/ac/v1/issues",) if path == "cases" else ():
        routes(prefix)(handler)
        routes(prefix + "/<key>")(one)
    routes(f"/ac/v1/{path}")(handler)
    routes(f"/ac/v1/{path}/<key>")(one)


for _path in LISTS:
    _list(_path)


def _create(kind_name: str, path: str) -> None:
    def handler(call: Call) -> Reply:
        return Reply(201, call.service.community.create(kind_name, call.body, actor="HUB"))

    handler.__name__ = f"create_{kind_name}"
    routes(f"/ac/v1/{path}", "POST")(handler)


def _patch(kind_name: str) -> None:
    def handler(call: Call) -> Reply:
        community = call.service.community
        return Reply(200, community.update(kind_name, call.params["key"], call.body, actor="HUB"))

    handler.__name__ = f"patch_{kind_name}"
    routes(f"/ac/v1/{kind_name}/<key>", "PATCH")(handler)


for _name in sorted(CREATABLE):
    _create(_name, _name)
for _name in sorted(PATCHABLE):
    _patch(_name)


def _in_project(kind_name: str, path: str) -> None:
    kind = KINDS[kind_name]

    def listing(call: Call) -> Reply:
        project_id = call.params["projectId"]
        call.service.community.get("projects", project_id)
        return call.page(kind_name, kind.id_field, base=lambda r: r["projectId"] == project_id)

    def create(call: Call) -> Reply:
        body = call.json_object() | {"projectId": call.params["projectId"]}
        return Reply(201, call.service.community.create(kind_name, body, actor="HUB"))

    listing.__name__ = f"project_{kind_name}"
    create.__name__ = f"project_create_{kind_name}"
    routes(f"/ac/v1/projects/<projectId>/{path}")(listing)
    if kind_name != "progress":
        routes(f"/ac/v1/projects/<projectId>/{path}", "POST")(create)


_in_project("activities", "activities")
_in_project("participants", "participants")
_in_project("progress", "progress")


@routes("/ac/v1/forms/<formId>/responses")
def form_responses(call: Call) -> Reply:
    form_id = call.params["formId"]
    call.service.community.get("forms", form_id)
    return call.page("form_responses", "responseId", base=lambda r: r["formId"] == form_id)


@routes("/ac/v1/documents/<key>/approve", "POST")
def approve(call: Call) -> Reply:
    return Reply(200, call.service.community.decide(call.params["key"], True, call.body, "HUB"))


@routes("/ac/v1/documents/<key>/reject", "POST")
def reject(call: Call) -> Reply:
    return Reply(200, call.service.community.decide(call.params["key"], False, call.body, "HUB"))


@routes("/ac/v1/cases", "POST")
@routes("/ac/v1/issues", "POST")
def create_case(call: Call) -> Reply:
    return Reply(201, call.service.community.create_case(call.body, raised_by="HUB"))


@routes("/ac/v1/cases/<key>", "PATCH")
@routes("/ac/v1/issues/<key>", "PATCH")
def patch_case(call: Call) -> Reply:
    body = call.json_object()
    allowed = {
        "status",
        "priority",
        "revisedEta",
        "resolutionCode",
        "resolutionNote",
        "title",
        "description",
    }
    unknown = set(body) - allowed
    if unknown:
        raise GridError(400, "invalid_body", f"a case PATCH takes {sorted(allowed)}")
    return Reply(200, call.service.community.update("cases", call.params["key"], body, "HUB"))


@routes("/ac/v1/cases/<key>/comments")
@routes("/ac/v1/issues/<key>/comments")
def case_comments(call: Call) -> Reply:
    case_id = call.params["key"]
    call.service.community.get("cases", case_id)
    return call.page("case_comments", "commentId", base=lambda r: r["caseId"] == case_id)


@routes("/ac/v1/cases/<key>/comments", "POST")
@routes("/ac/v1/issues/<key>/comments", "POST")
def add_comment(call: Call) -> Reply:
    return Reply(201, call.service.community.comment(call.params["key"], call.body, author="HUB"))


def _case_event(record: dict) -> dict:
    return {
        "eventId": record["eventId"],
        "caseId": record["caseId"],
        "eventType": record["eventType"],
        "fromStatus": record["fromStatus"],
        "toStatus": record["toStatus"],
        "actor": record["actor"],
        "occurredAt": record["occurredAt"],
        "updatedAt": record["updatedAt"],
    }


@routes("/ac/v1/cases/<key>/events")
@routes("/ac/v1/issues/<key>/events")
def case_events(call: Call) -> Reply:
    case_id = call.params["key"]
    call.service.community.get("cases", case_id)
    return call.page(
        EVENTS,
        "eventId",
        base=lambda r: r["objectType"] == "cases" and r["objectId"] == case_id,
        shape=_case_event,
    )


@routes("/ac/v1/case-events")
def all_case_events(call: Call) -> Reply:
    """Every case's creation and status changes, incrementally: none is lost between two syncs
    (DESIGN §11 `partner_case_events`)."""
    return call.page(
        EVENTS,
        "eventId",
        {"caseId": field_getter("caseId"), "toStatus": field_getter("toStatus")},
        base=lambda r: r["objectType"] == "cases",
        shape=_case_event,
    )


@routes("/ac/v1/events")
def all_events(call: Call) -> Reply:
    return call.page(
        EVENTS,
        "eventId",
        {"objectType": field_getter("objectType"), "objectId": field_getter("objectId")},
    )
