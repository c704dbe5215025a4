"""GET and POST /checks through FastAPI: the catalogue, reports, and HTTP 422 in Chinese for bad input.

The app is built here from the checks router and the project's error handler, so these tests hold
whatever else api/main.py includes.
"""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from api.errors import install_error_handlers
from api.routers.checks import router
from checks import catalogue
from knowledge import fixed_clock


@pytest.fixture(scope="module")
def client() -> TestClient:
    app = FastAPI()
    app.state.clock = fixed_clock(datetime(2026, 11, 22, 2, tzinfo=timezone.utc))
    install_error_handlers(app)
    app.include_router(router)
    return TestClient(app)


def test_the_catalogue_lists_every_check_with_a_json_schema_of_its_fields(client):
    response = client.get("/checks")
    assert response.status_code == 200
    entries = response.json()
    assert [e["id"] for e in entries] == list(catalogue())
    for entry in entries:
        schema = entry["input_schema"]
        assert schema["type"] == "object"
        assert set(entry["fields"]) <= set(schema["properties"])
        assert all(p["title"] for p in schema["properties"].values())
        assert all(p["x-citation"] for name, p in schema["properties"].items() if name not in ("as_of", "org_form"))


def test_a_profile_gets_one_report_per_requested_check(client):
    body = {"profile": {"as_of": "2026-11-22", "service_area_sqm": 120, "fixed_staff": 20, "qualified_staff": 5},
            "checks": ["platform.eligibility", "voucher.entry"]}
    response = client.post("/checks", json=body)
    assert response.status_code == 200
    data = response.json()
    assert [r["check"] for r in data["reports"]] == ["platform.eligibility", "voucher.entry"]
    platform = data["reports"][0]
    area = next(f for f in platform["findings"] if f["citation"]["id"] == "platform-7-3" and f["rule"].endswith("area"))
    assert area["outcome"] == "not_met" and area["gap"] == {"field": "service_area_sqm", "amount": 30, "unit": "平方米"}
    assert platform["verdict"] == "not_eligible"
    assert {m["measure"]: m["in_force"] for m in data["measures"]} == {"platform": True, "voucher": True}
    assert platform["notices"] and "不足6个月" in platform["notices"][0]


def test_without_a_list_of_checks_the_figures_choose_them(client):
    response = client.post("/checks", json={"profile": {"as_of": "2026-11-22", "info_updated_on": "2025-01-01"}})
    assert [r["check"] for r in response.json()["reports"]] == ["voucher.duties", "voucher.adjustment"]


def test_an_empty_profile_gets_no_reports_and_a_notice(client):
    data = client.post("/checks", json={}).json()
    assert data["reports"] == [] and data["notices"]


def test_unknown_fields_are_named_as_ignored(client):
    data = client.post("/checks", json={"profile": {"as_of": "2026-11-22", "service_area": 150}, "checks": ["platform.eligibility"]}).json()
    assert data["ignored_fields"] == ["service_area"]
    assert "service_area" in data["notices"][0]


def test_a_date_outside_the_platform_measure_is_said_to_be_out_of_force(client):
    data = client.post("/checks", json={"profile": {"as_of": "2027-06-01", "construction_started_on": "2026-01-01"}}).json()
    report = data["reports"][0]
    assert report["check"] == "platform.construction"
    assert report["by_citation"]["platform-24"] == "needs_review"
    assert "已失效" in report["summary"]


@pytest.mark.parametrize(("profile", "field", "words"), [
    ({"fixed_staff": -5}, "profile.fixed_staff", "负数"),
    ({"fixed_staff": 10, "qualified_staff": 11}, "profile.qualified_staff", "多于"),
    ({"as_of": "2026-11-22", "established_on": "2026-12-01"}, "profile.established_on", "晚于检查日期"),
    ({"established_on": "2026-02-30"}, "profile.established_on", "只有28天"),
    ({"service_clients": "很多家吧"}, "profile.service_clients", "整数"),
    ({"instrument_value_wan": "很多"}, "profile.instrument_value_wan", "金额"),
    ({"registered_in_shanghai": "maybe"}, "profile.registered_in_shanghai", "是"),
])
def test_bad_input_gets_422_naming_the_field_in_chinese(client, profile, field, words):
    response = client.post("/checks", json={"profile": profile})
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert detail[0]["field"] == field
    assert words in detail[0]["msg"]
    assert field.split(".")[-1] in detail[0]["msg"]


def test_an_unknown_check_id_gets_422(client):
    response = client.post("/checks", json={"profile": {}, "checks": ["platform.nope"]})
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"].startswith("checks")
    assert "platform.nope" in response.json()["detail"][0]["msg"]


@pytest.mark.parametrize("body", [b"{not json", b"[]", b'{"profile": 5}', b'{"profile": {"fixed_staff": {"a": 1}}}'])
def test_malformed_bodies_get_422_not_500(client, body):
    response = client.post("/checks", content=body, headers={"content-type": "application/json"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["msg"]


def test_figures_typed_as_people_say_them_keep_their_exactness(client):
    """将近500万 is not 500万: against 不低于500万元 it needs review, naming the figure and the clause."""
    body = {"profile": {"as_of": "2026-11-22", "instrument_value_wan": "将近500万", "service_area_sqm": "约800平"},
            "checks": ["platform.eligibility"]}
    report = client.post("/checks", json=body).json()["reports"][0]
    instruments = next(f for f in report["findings"] if f["rule"] == "platform.7-3.instruments")
    assert instruments["outcome"] == "needs_review" and instruments["uncertain"] == ["instrument_value_wan"]
    assert "将近500万" in instruments["message"] and "不低于 500 万元" in instruments["message"]
    area = next(f for f in report["findings"] if f["rule"] == "platform.7-3.area")
    assert area["outcome"] == "met" and "约800平" in area["message"]


def test_a_profile_without_a_check_date_is_checked_as_of_the_apps_today(client):
    data = client.post("/checks", json={"profile": {"service_area_sqm": 200}, "checks": ["platform.eligibility"]}).json()
    assert data["as_of"] == "2026-11-22"
