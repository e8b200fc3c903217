"""The emulated REST API's contract (reference §2.5): OAuth2 and the tenant header, problem bodies
with request ids, cursor pagination to the last page, updatedSince exactness, Idempotency-Key,
rate limits and faults."""

from __future__ import annotations

import requests
from gridhelpers import GridClient


def _companies(grid: GridClient, count: int, prefix: str = "Co") -> list[str]:
    created = grid.admin(
        "POST", "/ac/companies", [{"name": f"{prefix} {n}"} for n in range(count)], status=201
    )
    return [c["companyId"] for c in created]


def test_token_by_body_and_by_basic_auth(grid: GridClient) -> None:
    settings = grid.settings
    basic = requests.post(
        f"{grid.base}/oauth2/token",
        data={"grant_type": "client_credentials"},
        auth=(settings["client_id"], settings["client_secret"]),
        timeout=10,
    )
    assert basic.status_code == 200
    body = basic.json()
    assert (body["token_type"], body["expires_in"]) == ("Bearer", 3600)
    password = requests.post(
        f"{grid.base}/oauth2/token",
        data={
            "grant_type": "password",
            "client_id": settings["client_id"],
            "client_secret": settings["client_secret"],
            "username": "sandbox-service-user",
            "password": "sandbox-service-password",
        },
        timeout=10,
    )
    assert password.status_code == 200


def test_auth_errors(grid: GridClient) -> None:
    bad_client = requests.post(
        f"{grid.base}/oauth2/token",
        data={"grant_type": "client_credentials", "client_id": "x", "client_secret": "y"},
        timeout=10,
    )
    assert bad_client.status_code == 401
    assert bad_client.json()["fault"]["detail"]["errorcode"] == "oauth.v2.InvalidApiKey"
    grant = requests.post(f"{grid.base}/oauth2/token", data={"grant_type": "magic"}, timeout=10)
    assert (grant.status_code, grant.json()["code"]) == (400, "unsupported_grant_type")

    no_token = requests.get(
        f"{grid.base}/tg/v1/mailboxes", headers={"X-Tenant-Id": "sandbox-tenant"}, timeout=10
    )
    assert no_token.status_code == 401
    assert no_token.json() == {
        "fault": {
            "faultstring": "Invalid Access Token",
            "detail": {"errorcode": "keymanagement.service.invalid_access_token"},
        }
    }
    wrong_tenant = grid.request("GET", "/tg/v1/mailboxes", headers={"X-Tenant-Id": "other"})
    assert (wrong_tenant.status_code, wrong_tenant.json()["code"]) == (403, "unknown_tenant")
    missing = requests.get(
        f"{grid.base}/tg/v1/mailboxes",
        headers={"Authorization": f"Bearer {grid.token}", "X-Request-ID": "req-42"},
        timeout=10,
    )
    assert missing.status_code == 400
    assert missing.headers["Content-Type"] == "application/problem+json"
    problem = missing.json()
    assert set(problem) == {"type", "title", "status", "detail", "instance", "code", "requestId"}
    assert (problem["code"], problem["requestId"]) == ("tenant_required", "req-42")
    assert missing.headers["X-Request-ID"] == "req-42"


def test_expired_tokens_are_refused_until_a_new_one_is_fetched(grid: GridClient) -> None:
    grid.admin("POST", "/faults", {"expire_tokens": True})
    expired = grid.get("/tg/v1/mailboxes")
    assert expired.status_code == 401
    assert expired.json()["fault"]["detail"]["errorcode"].endswith("access_token_expired")
    grid.admin("DELETE", "/faults")
    assert grid.get("/tg/v1/mailboxes").status_code == 200


def test_pagination_walks_every_record_once_to_the_last_page(grid: GridClient) -> None:
    ids = _companies(grid, 23)
    pages = []
    answer = grid.get("/ac/v1/companies", limit=5)
    while True:
        body = answer.json()
        pages.append([c["companyId"] for c in body["data"]])
        next_url = body["metadata"]["pagination"]["next"]
        if next_url is None:
            break
        assert "limit=5" in next_url
        answer = grid.session.get(next_url, headers=grid.headers(), timeout=10)
    # Our own company comes first; then the 23, in (updatedAt, id) order.
    assert [len(p) for p in pages] == [5, 5, 5, 5, 4]
    flat = [c for page in pages for c in page]
    assert flat[1:] == ids
    assert len(set(flat)) == 24


def test_updated_since_is_inclusive_and_exact(grid: GridClient) -> None:
    ids = _companies(grid, 6)
    rows = grid.all_pages("/ac/v1/companies")
    boundary = rows[3]
    since = grid.all_pages("/ac/v1/companies", updatedSince=boundary["updatedAt"])
    assert [r["companyId"] for r in since] == [r["companyId"] for r in rows[3:]]
    stamps = [r["updatedAt"] for r in rows]
    assert stamps == sorted(stamps)
    assert len(set(stamps)) == len(stamps)  # unique even while the simulated clock stands still

    # A change moves the record to the end, after every bookmark taken before it.
    grid.request("PATCH", f"/ac/v1/companies/{ids[0]}", json={"status": "INACTIVE"})
    later = grid.all_pages("/ac/v1/companies", updatedSince=rows[-1]["updatedAt"])
    assert [r["companyId"] for r in later] == [rows[-1]["companyId"], ids[0]]


def test_list_parameter_errors_are_problems(grid: GridClient) -> None:
    for params, code in (
        ({"limit": 0}, "invalid_parameter"),
        ({"limit": 501}, "invalid_parameter"),
        ({"limit": "ten"}, "invalid_parameter"),
        ({"cursor": "not-a-cursor"}, "invalid_cursor"),
        ({"updatedSince": "yesterday"}, "invalid_parameter"),
    ):
        answer = grid.get("/ac/v1/companies", **params)
        assert (answer.status_code, answer.json()["code"]) == (400, code)
    unknown = grid.get("/tg/v1/nothing-here")
    assert (unknown.status_code, unknown.json()["code"]) == (404, "not_found")
    wrong_method = grid.request("DELETE", "/tg/v1/mailboxes")
    assert wrong_method.status_code == 405
    bad_json = grid.request(
        "POST", "/ac/v1/companies", data=b"{", headers={"Content-Type": "application/json"}
    )
    assert (bad_json.status_code, bad_json.json()["code"]) == (400, "malformed_json")
    invalid = grid.post("/ac/v1/companies", {"name": "X", "status": "SLEEPING"})
    assert (invalid.status_code, invalid.json()["code"]) == (422, "invalid_value")


def test_idempotency_key_replays_the_first_answer(grid: GridClient) -> None:
    headers = {"Idempotency-Key": "k-1"}
    first = grid.post("/ac/v1/companies", {"name": "Once"}, headers=headers)
    second = grid.post("/ac/v1/companies", {"name": "Once"}, headers=headers)
    assert first.status_code == second.status_code == 201
    assert first.json() == second.json()
    assert second.headers["Idempotent-Replayed"] == "true"
    names = [c["name"] for c in grid.all_pages("/ac/v1/companies")]
    assert names.count("Once") == 1
    reused = grid.post("/ac/v1/companies", {"name": "Other"}, headers=headers)
    assert (reused.status_code, reused.json()["code"]) == (422, "idempotency_key_reused")
    # Without a key, a retry creates a second object.
    grid.post("/ac/v1/companies", {"name": "Twice"})
    grid.post("/ac/v1/companies", {"name": "Twice"})
    assert [c["name"] for c in grid.all_pages("/ac/v1/companies")].count("Twice") == 2


def test_rate_limit_answers_429_with_retry_after(grid: GridClient) -> None:
    grid.admin("POST", "/rate_limits", {"per_second": 0.5, "burst": 2})
    answers = [grid.get("/tg/v1/mailboxes") for _ in range(3)]
    assert [a.status_code for a in answers] == [200, 200, 429]
    limited = answers[2]
    assert int(limited.headers["Retry-After"]) >= 1
    assert limited.headers["X-RateLimit-Remaining"] == "0"
    assert limited.json()["code"] == "rate_limited"
    assert answers[0].headers["X-RateLimit-Limit"] == "2"
    grid.admin("DELETE", "/rate_limits")
    assert grid.get("/tg/v1/mailboxes").status_code == 200


def test_faults_give_5xx_429_slow_answers_and_dropped_connections(grid: GridClient) -> None:
    grid.admin("POST", "/faults", {"server_error_next": 2, "rate_limit_next": 1, "paths": ["/tg/"]})
    assert grid.get("/tg/v1/alerts").status_code == 429
    assert [grid.get("/tg/v1/alerts").status_code for _ in range(2)] == [500, 502]
    assert grid.get("/ac/v1/companies").status_code == 200  # another path
    assert grid.get("/tg/v1/alerts").status_code == 200
    grid.admin("POST", "/faults", {"latency_seconds": 0.3})
    answer = grid.get("/tg/v1/alerts")
    assert answer.elapsed.total_seconds() >= 0.3
    grid.admin("POST", "/faults", {"drop_connection_next": 1})
    dropped = False
    try:
        requests.get(f"{grid.base}/tg/v1/alerts", headers=grid.headers(), timeout=10)
    except requests.ConnectionError:
        dropped = True
    assert dropped


def test_the_request_log_records_api_calls_without_secrets(grid: GridClient) -> None:
    grid.get("/tg/v1/mailboxes")
    entries = grid.admin("GET", "/requests?kind=rest")["requests"]
    assert [(e["method"], e["path"], e["status"]) for e in entries] == [
        ("POST", "/oauth2/token", 200),
        ("GET", "/tg/v1/mailboxes", 200),
    ]
    assert grid.settings["client_secret"] not in str(entries)
