"""/ask, /articles, /cite, /search, /health over HTTP, and every kind of bad input answered in Chinese."""

import pytest
from fastapi.testclient import TestClient

from api.main import app
from knowledge.limits import QUESTION_CHARS

client = TestClient(app)


def test_ask_returns_status_answer_and_ranked_citations():
    body = client.post("/ask", json={"question": "对外服务场地要有多少平米？"}).json()
    assert body["status"] == "answered"
    first = body["citations"][0]
    assert {"measure", "article", "item", "label", "text"} <= first.keys()
    assert (first["measure"], first["article"], first["item"]) == ("platform", 7, 3)


def test_a_whole_article_citation_has_a_null_item():
    body = client.post("/ask", json={"question": "细则第七条"}).json()
    assert body["citations"][0]["item"] is None


@pytest.mark.parametrize("question", ["", "   ", "\n\t"])
def test_an_empty_question_is_a_422_naming_the_field_in_chinese(question):
    response = client.post("/ask", json={"question": question})
    assert response.status_code == 422
    detail = response.json()["detail"][0]
    assert detail["field"] == "question" and "不能为空" in detail["msg"]


def test_ten_thousand_characters_is_a_422_saying_how_long_is_allowed():
    response = client.post("/ask", json={"question": "问" * 10_000})
    assert response.status_code == 422 and str(QUESTION_CHARS) in response.json()["detail"][0]["msg"]


@pytest.mark.parametrize("question", ["😀😀", "<script>alert(1)</script>", "1; DROP TABLE users; --", "你好"])
def test_odd_but_valid_questions_get_an_answer_not_an_error(question):
    response = client.post("/ask", json={"question": question})
    assert response.status_code == 200 and response.json()["status"] == "no_match"


def test_invalid_utf8_is_a_422_in_chinese():
    response = client.post("/ask", content=b'{"question": "\xff\xfe"}', headers={"content-type": "application/json"})
    assert response.status_code == 422 and "UTF-8" in response.json()["detail"][0]["msg"]


@pytest.mark.parametrize("payload", [b"not json", b"[]", b'{"q": "x"}', b'{"question": 5}'])
def test_malformed_bodies_are_422_with_chinese_messages(payload):
    response = client.post("/ask", content=payload, headers={"content-type": "application/json"})
    assert response.status_code == 422
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in d["msg"]) for d in response.json()["detail"])


def test_articles_lists_both_measures_with_every_article():
    body = client.get("/articles", headers={"accept": "application/json"}).json()
    assert [(m["id"], len(m["articles"])) for m in body] == [("platform", 24), ("voucher", 15)]


def test_one_article_has_its_items_with_labels():
    body = client.get("/articles/platform/7", headers={"accept": "application/json"}).json()
    assert [i["id"] for i in body["items"]] == [f"platform-7-{n}" for n in range(1, 6)]
    assert body["items"][2]["short_label"] == "《办法》第七条第（三）项"


@pytest.mark.parametrize("path, fragment", [("/articles/platform/30", "共24条"), ("/articles/platform/2023", "共24条")])
def test_a_missing_article_is_a_404_in_chinese(path, fragment):
    response = client.get(path, headers={"accept": "application/json"})
    assert response.status_code == 404 and fragment in response.json()["detail"]


@pytest.mark.parametrize("path", ["/articles/law/1", "/articles/law"])
def test_an_unknown_measure_is_a_404_listing_the_measures(path):
    response = client.get(path, headers={"accept": "application/json"})
    assert response.status_code == 404 and "platform" in response.json()["message"]


def test_cite_resolves_and_reports_the_valid_range():
    assert client.get("/cite", params={"ref": "细则12-3"}).json()["citations"][0]["id"] == "voucher-12-3"
    missing = client.get("/cite", params={"ref": "第七条第（九）项"})
    assert missing.status_code == 404 and "没有第（九）项" in missing.json()["detail"]


def test_search_lists_clauses_containing_the_keyword_first():
    hits = client.get("/search", params={"q": "清退"}).json()
    assert [h["id"] for h in hits] == ["voucher-12-3", "voucher-12"]


def test_search_honours_k():
    assert len(client.get("/search", params={"q": "服务平台", "k": 3}).json()) == 3


def test_search_of_a_question_ranks_by_meaning():
    hits = client.get("/search", params={"q": "场地要多大才够"}).json()
    assert hits[0]["id"] == "platform-7-3"


@pytest.mark.parametrize("params", [{"q": ""}, {"q": "x", "k": 0}, {"q": "x", "k": "many"}, {}])
def test_search_rejects_bad_parameters_in_chinese(params):
    response = client.get("/search", params=params)
    assert response.status_code == 422


def test_health_and_docs():
    assert client.get("/health").json()["measures"] == {"platform": 24, "voucher": 15}
    assert client.get("/docs").status_code == 200
    assert "/ask" in client.get("/openapi.json").json()["paths"]


def test_articles_serve_the_staff_page_to_browsers_and_vary_on_accept():
    page = client.get("/articles/platform/7", headers={"accept": "text/html,application/xhtml+xml"})
    data = client.get("/articles/platform/7", headers={"accept": "application/json"})
    assert page.headers["content-type"].startswith("text/html") and data.json()["id"] == "platform-7"
    assert page.headers["vary"] == data.headers["vary"] == "Accept"


def test_api_docs_load_nothing_from_a_cdn():
    html = client.get("/docs").text
    assert "cdn." not in html and "unpkg" not in html
    asset = html.split('src="')[1].split('"')[0]
    assert asset.startswith("/") and client.get(asset).status_code == 200


def test_the_pages_forbid_scripts_from_elsewhere():
    for path in ("/", "/articles"):
        policy = client.get(path, headers={"accept": "text/html"}).headers["content-security-policy"]
        assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
