"""Campaign and Canvas trigger sends, and send ids (reference §3)."""

from __future__ import annotations

from braze_http import BrazeHttp

TOO_MANY_RECIPIENTS = "The max number of external_ids and aliases per request was exceeded"


def setup_messages(braze: BrazeHttp) -> None:
    braze.admin("POST", "campaigns", {"name": "restock_notice"})
    braze.admin("POST", "canvases", {"name": "next_step_claim"})
    braze.track(
        attributes=[{"external_id": f"c{i}", "email": f"c{i}@example.test"} for i in range(3)]
    )


def test_campaign_send_records_recipients_with_their_properties(braze: BrazeHttp) -> None:
    setup_messages(braze)
    response = braze.post(
        "/campaigns/trigger/send",
        {
            "campaign_id": "restock_notice",
            "trigger_properties": {"sku": "S1", "available_qty": 5},
            "recipients": [
                {"external_user_id": "c0", "trigger_properties": {"available_qty": 7}},
                {"external_user_id": "c1"},
                {"external_user_id": "c1"},  # duplicates get one message
                {"external_user_id": "unknown"},  # send_to_existing_only defaults to true
            ],
        },
    )
    assert response.status_code == 201
    body = response.json()
    assert body["message"] == "success"
    assert isinstance(body["dispatch_id"], str)
    assert body["dispatch_id"]
    sends = braze.admin("GET", "sends", kind="campaign", id="restock_notice")["sends"]
    assert len(sends) == 1
    assert sends[0]["dispatch_id"] == body["dispatch_id"]
    assert [(r["external_user_id"], r["properties"]) for r in sends[0]["recipients"]] == [
        ("c0", {"sku": "S1", "available_qty": 7}),
        ("c1", {"sku": "S1", "available_qty": 5}),
    ]
    assert braze.admin("GET", "users", external_id="unknown")["users"] == []


def test_campaign_send_errors(braze: BrazeHttp) -> None:
    setup_messages(braze)
    cases = [
        (
            {"campaign_id": "nope", "recipients": [{"external_user_id": "c0"}]},
            "Invalid Campaign ID",
        ),
        ({"recipients": [{"external_user_id": "c0"}]}, "Invalid Campaign ID"),
        (
            {
                "campaign_id": "restock_notice",
                "recipients": [{"external_user_id": f"c{i}"} for i in range(51)],
            },
            TOO_MANY_RECIPIENTS,
        ),
        ({"campaign_id": "restock_notice"}, "No Recipients"),
    ]
    for body, message in cases:
        response = braze.post("/campaigns/trigger/send", body)
        assert response.status_code == 400
        assert response.json() == {"message": message}
    broadcast_with_recipients = braze.post(
        "/campaigns/trigger/send",
        {
            "campaign_id": "restock_notice",
            "broadcast": True,
            "recipients": [{"external_user_id": "c0"}],
        },
    )
    assert broadcast_with_recipients.status_code == 400
    assert braze.admin("GET", "sends")["sends"] == []


def test_fifty_recipients_are_accepted(braze: BrazeHttp) -> None:
    setup_messages(braze)
    response = braze.post(
        "/campaigns/trigger/send",
        {
            "campaign_id": "restock_notice",
            "recipients": [{"external_user_id": f"x{i}"} for i in range(50)],
        },
    )
    assert response.status_code == 201


def test_send_to_existing_only_false_needs_attributes_and_creates_the_user(
    braze: BrazeHttp,
) -> None:
    setup_messages(braze)
    missing = braze.post(
        "/campaigns/trigger/send",
        {
            "campaign_id": "restock_notice",
            "recipients": [{"external_user_id": "n1", "send_to_existing_only": False}],
        },
    )
    assert missing.status_code == 400
    alias = braze.post(
        "/campaigns/trigger/send",
        {
            "campaign_id": "restock_notice",
            "recipients": [
                {
                    "user_alias": {"alias_name": "a", "alias_label": "b"},
                    "send_to_existing_only": False,
                    "attributes": {"tier": "GOLD"},
                }
            ],
        },
    )
    assert alias.status_code == 400
    created = braze.post(
        "/campaigns/trigger/send",
        {
            "campaign_id": "restock_notice",
            "recipients": [
                {
                    "external_user_id": "n1",
                    "send_to_existing_only": False,
                    "attributes": {"tier": "GOLD"},
                },
                {"external_user_id": "c0", "attributes": {"region": "EU"}},
            ],
        },
    )
    assert created.status_code == 201
    assert braze.user("n1")["custom_attributes"] == {"tier": "GOLD"}
    assert braze.user("c0")["custom_attributes"] == {"region": "EU"}


def test_recipients_by_alias_and_email(braze: BrazeHttp) -> None:
    setup_messages(braze)
    braze.track(
        attributes=[
            {
                "user_alias": {"alias_name": "a", "alias_label": "crm"},
                "_update_existing_only": False,
            }
        ]
    )
    response = braze.post(
        "/campaigns/trigger/send",
        {
            "campaign_id": "restock_notice",
            "recipients": [
                {"user_alias": {"alias_name": "a", "alias_label": "crm"}},
                {"email": "c2@example.test", "prioritization": ["identified"]},
            ],
        },
    )
    assert response.status_code == 201
    recipients = braze.admin("GET", "sends")["sends"][0]["recipients"]
    assert [r["external_user_id"] for r in recipients] == [None, "c2"]


def test_canvas_send_accepts_context_and_legacy_entry_properties(braze: BrazeHttp) -> None:
    setup_messages(braze)
    first = braze.post(
        "/canvas/trigger/send",
        {
            "canvas_id": "next_step_claim",
            "context": {"project_id": "P1"},
            "recipients": [{"external_user_id": "c0", "context": {"order_id": "O1"}}],
        },
    )
    legacy = braze.post(
        "/canvas/trigger/send",
        {
            "canvas_id": "next_step_claim",
            "canvas_entry_properties": {"project_id": "P2"},
            "recipients": [
                {"external_user_id": "c1", "canvas_entry_properties": {"order_id": "O2"}}
            ],
        },
    )
    assert (first.status_code, legacy.status_code) == (201, 201)
    assert "notice" not in first.json()
    sends = braze.admin("GET", "sends", kind="canvas")["sends"]
    assert [s["recipients"][0]["properties"] for s in sends] == [
        {"project_id": "P1", "order_id": "O1"},
        {"project_id": "P2", "order_id": "O2"},
    ]


def test_canvas_errors_and_paused_notice(braze: BrazeHttp) -> None:
    setup_messages(braze)
    unknown = braze.post(
        "/canvas/trigger/send", {"canvas_id": "nope", "recipients": [{"external_user_id": "c0"}]}
    )
    assert unknown.status_code == 400
    too_big = braze.post(
        "/canvas/trigger/send",
        {
            "canvas_id": "next_step_claim",
            "context": {"x": "y" * 51_300},
            "recipients": [{"external_user_id": "c0"}],
        },
    )
    assert too_big.status_code == 400
    braze.admin("POST", "canvases", {"name": "paused_canvas", "status": "paused"})
    paused = braze.post(
        "/canvas/trigger/send",
        {"canvas_id": "paused_canvas", "recipients": [{"external_user_id": "c0"}]},
    )
    assert paused.status_code == 201
    body = paused.json()
    assert body["message"] == "success"
    assert body["notice"].startswith("The Canvas is paused.")
    assert "dispatch_id" in body
    assert braze.admin("GET", "engagement")["engagement"] == []


def test_broadcast_reaches_every_user(braze: BrazeHttp) -> None:
    setup_messages(braze)
    response = braze.post(
        "/campaigns/trigger/send", {"campaign_id": "restock_notice", "broadcast": True}
    )
    assert response.status_code == 201
    assert len(braze.admin("GET", "sends")["sends"][0]["recipients"]) == 3


def test_send_ids(braze: BrazeHttp) -> None:
    setup_messages(braze)
    response = braze.post(
        "/sends/id/create", {"campaign_id": "restock_notice", "send_id": "wave-1"}
    )
    assert response.status_code == 201
    assert response.json() == {"message": "success", "send_id": "wave-1"}
    generated = braze.post("/sends/id/create", {"campaign_id": "restock_notice"}).json()
    assert generated["send_id"]
    assert braze.post("/sends/id/create", {"campaign_id": "nope"}).status_code == 400
    braze.post(
        "/campaigns/trigger/send",
        {
            "campaign_id": "restock_notice",
            "send_id": "wave-1",
            "recipients": [{"external_user_id": "c0"}],
        },
    )
    assert braze.admin("GET", "sends")["sends"][0]["send_id"] == "wave-1"
