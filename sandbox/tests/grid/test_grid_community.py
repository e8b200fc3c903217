"""Active Community, emulated (DESIGN §11): partner cases with references, status events and
comments; projects with process, required documents and customer; document approval; progress,
form responses and launch-readiness activities."""

from __future__ import annotations

from gridhelpers import GridClient

ACME = "ZZ:ACMESUPPLY"


def _partner(grid: GridClient) -> str:
    partner = grid.admin(
        "POST", "/partners", {"address": ACME, "name": "Acme", "kind": "partner"}, status=201
    )
    return str(partner["companyId"])


def test_a_partner_case_with_status_changes_and_comments(grid: GridClient) -> None:
    company_id = _partner(grid)
    case = grid.admin(
        "POST",
        "/ac/cases",
        {
            "partnerAddress": ACME,
            "category": "SHIPMENT_DELAY",
            "references": {"poNumber": "4500000102", "orderId": "O-1"},
            "revisedEta": "2026-11-12",
        },
        status=201,
    )
    case_id = case["caseId"]
    assert (case["raisedBy"], case["status"], case["companyId"]) == ("PARTNER", "OPEN", company_id)
    assert case["references"] == {"poNumber": "4500000102", "orderId": "O-1"}

    grid.admin("POST", f"/ac/cases/{case_id}/status", {"status": "WAITING_ON_PARTNER"})
    grid.admin(
        "POST",
        f"/ac/cases/{case_id}/comments",
        {"body": "Truck left today", "externalRef": "ACME-77"},
        status=201,
    )
    ours = grid.post(
        f"/ac/v1/cases/{case_id}/comments",
        {"body": "Customer unhappy", "origin": "CUSTOMER_FEEDBACK"},
    )
    assert ours.status_code == 201
    grid.admin(
        "POST", f"/ac/cases/{case_id}/status", {"status": "RESOLVED", "resolutionNote": "Delivered"}
    )

    refused = grid.admin(
        "POST", f"/ac/cases/{case_id}/status", {"status": "WAITING_ON_PARTNER"}, status=409
    )
    assert refused["code"] == "invalid_transition"

    events = grid.get(f"/ac/v1/cases/{case_id}/events").json()["data"]
    assert [(e["fromStatus"], e["toStatus"]) for e in events] == [
        (None, "OPEN"),
        ("OPEN", "WAITING_ON_PARTNER"),
        ("WAITING_ON_PARTNER", "RESOLVED"),
    ]
    flat = grid.get("/ac/v1/case-events").json()["data"]
    assert [e["eventId"] for e in flat] == [e["eventId"] for e in events]
    comments = grid.get(f"/ac/v1/cases/{case_id}/comments").json()["data"]
    assert [(c["author"], c["origin"], c["externalRef"]) for c in comments] == [
        ("PARTNER", "PARTNER", "ACME-77"),
        ("HUB", "CUSTOMER_FEEDBACK", None),
    ]
    resolved = grid.get(f"/ac/v1/cases/{case_id}").json()
    assert resolved["status"] == "RESOLVED"
    assert resolved["resolvedAt"] is not None
    assert grid.get(f"/ac/v1/issues/{case_id}").json() == resolved  # the reference's name
    by_partner = grid.get("/ac/v1/cases", partnerAddress=ACME).json()["data"]
    assert [c["caseId"] for c in by_partner] == [case_id]


def test_case_input_is_checked(grid: GridClient) -> None:
    _partner(grid)
    wrong = grid.admin(
        "POST", "/ac/cases", {"partnerAddress": ACME, "category": "WEATHER"}, status=422
    )
    assert wrong["code"] == "invalid_value"
    stranger = grid.admin(
        "POST",
        "/ac/cases",
        {"partnerAddress": "ZZ:NOBODY", "category": "SHIPMENT_DELAY"},
        status=422,
    )
    assert stranger["code"] == "unknown_reference"
    bad_refs = grid.admin(
        "POST",
        "/ac/cases",
        {"partnerAddress": ACME, "category": "SHIPMENT_DELAY", "references": {"x": 1}},
        status=422,
    )
    assert bad_refs["code"] == "invalid_value"
    case = grid.post(
        "/ac/v1/cases", {"partnerAddress": ACME, "category": "PROCESS_FEEDBACK"}
    ).json()
    assert case["raisedBy"] == "HUB"
    spoofed = grid.post(
        f"/ac/v1/cases/{case['caseId']}/comments", {"body": "x", "origin": "PARTNER"}
    )
    assert spoofed.status_code == 422


def test_documents_collected_and_approved_for_a_project(grid: GridClient) -> None:
    company_id = _partner(grid)
    project = grid.post(
        "/ac/v1/projects",
        {
            "name": "Claim O-1",
            "process": "CLAIM",
            "requiredDocumentTypes": ["PROOF_OF_DELIVERY", "PHOTO"],
            "customerRef": {"externalId": "C1", "orderId": "O-1"},
        },
    ).json()
    assert project["process"] == "CLAIM"
    project_id = project["projectId"]
    activity = grid.post(
        f"/ac/v1/projects/{project_id}/activities",
        {"name": "Upload proof", "kind": "DOCUMENT_REQUEST"},
    ).json()
    grid.post(f"/ac/v1/projects/{project_id}/participants", {"companyId": company_id})
    uploaded = grid.admin(
        "POST",
        "/ac/documents",
        {
            "partnerAddress": ACME,
            "projectId": project_id,
            "activityId": activity["activityId"],
            "documentType": "PROOF_OF_DELIVERY",
            "fileName": "pod.pdf",
            "content": "PDF",
        },
        status=201,
    )
    assert (uploaded["approvalStatus"], uploaded["companyId"], uploaded["sizeBytes"]) == (
        "PENDING",
        company_id,
        3,
    )
    approved = grid.post(
        f"/ac/v1/documents/{uploaded['documentId']}/approve", {"note": "ok"}
    ).json()
    assert (approved["approvalStatus"], approved["decidedBy"]) == ("APPROVED", "HUB")
    again = grid.post(f"/ac/v1/documents/{uploaded['documentId']}/reject", {})
    assert again.status_code == 409
    progress = grid.get(f"/ac/v1/projects/{project_id}/progress").json()["data"]
    assert [(p["status"], p["companyId"]) for p in progress] == [("APPROVED", company_id)]
    listed = grid.get("/ac/v1/documents", projectId=project_id, approvalStatus="APPROVED").json()[
        "data"
    ]
    assert [d["documentId"] for d in listed] == [uploaded["documentId"]]


def test_launch_readiness_forms_and_events(grid: GridClient) -> None:
    company_id = _partner(grid)
    project = grid.admin(
        "POST",
        "/ac/projects",
        {"name": "Launch SKU-9", "process": "LAUNCH_READINESS", "sku": "SKU-9"},
        status=201,
    )
    activity = grid.admin(
        "POST",
        "/ac/activities",
        {"projectId": project["projectId"], "name": "Packaging signed off"},
        status=201,
    )
    form = grid.admin(
        "POST", "/ac/forms", {"name": "Readiness", "projectId": project["projectId"]}, status=201
    )
    grid.admin(
        "POST",
        "/ac/progress",
        {"activityId": activity["activityId"], "partnerAddress": ACME, "status": "IN_PROGRESS"},
        status=201,
    )
    completed = grid.admin("POST", f"/ac/activities/{activity['activityId']}/complete")
    assert (completed["status"], completed["completedAt"] is not None) == ("COMPLETE", True)
    response = grid.admin(
        "POST",
        "/ac/form-responses",
        {
            "formId": form["formId"],
            "partnerAddress": ACME,
            "answers": [{"questionId": "q1", "label": "Ready?", "value": "yes"}],
        },
        status=201,
    )
    assert response["companyId"] == company_id
    responses = grid.get(f"/ac/v1/forms/{form['formId']}/responses").json()["data"]
    assert [r["responseId"] for r in responses] == [response["responseId"]]
    launch = grid.get("/ac/v1/projects", process="LAUNCH_READINESS").json()["data"]
    assert [(p["sku"], p["process"]) for p in launch] == [("SKU-9", "LAUNCH_READINESS")]
    events = grid.get("/ac/v1/events", objectType="activities").json()["data"]
    assert [e["eventType"] for e in events] == ["CREATED", "STATUS_CHANGED"]
    assert events[1]["toStatus"] == "COMPLETE"
    companies = grid.get("/ac/v1/companies").json()["data"]
    assert [c["ediAddresses"][0]["display"] for c in companies] == ["ZZ:OURCO", ACME]
