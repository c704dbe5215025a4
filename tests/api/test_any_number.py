"""Any number in any citation form, 0 to 10^12, through /ask, /cite, /search and /articles: never a 5xx.

A number no measure has gets "no such article" (《办法》共24条…), whether typed as digits, full-width or
Arabic-Indic digits, Chinese numerals, 第N条, N.M, 细则N-M or Art. N(M).
"""

from __future__ import annotations

from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings, strategies as st

from api.main import app
from api_setup import NO_RATE_LIMITS, app_with
from knowledge.numerals import int_to_cn

client = TestClient(app)
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
FORMS = [
    "{n}", "第{n}条", "{n}.{m}", "{n}-{m}", "细则{n}-{m}", "办法第{n}条第{m}项", "Art. {n}({m})", "article {n}",
    "第{cn}条", "第{cn}条第（{cm}）项", "《细则》第{cn}条", "{fw}", "第{fw}条", "{ai}", "{ai}.{m}", "{n}条的规定是什么？",
]


@pytest.fixture(scope="module", autouse=True)
def no_rate_limits(tmp_path_factory):
    with app_with(tmp_path_factory.mktemp("numbers") / "chat.db", NO_RATE_LIMITS):
        yield


numbers = st.one_of(st.integers(0, 10**12), st.integers(0, 200), st.sampled_from([99, 100, 500, 2023, 10**12]))


@given(n=numbers, m=numbers, form=st.sampled_from(FORMS))
@settings(max_examples=300, derandomize=True, deadline=None, suppress_health_check=list(HealthCheck))
def test_any_number_in_any_form_is_answered_without_a_server_error(n, m, form):
    text = form.format(n=n, m=m, cn=int_to_cn(n), cm=int_to_cn(m), fw=str(n).translate(FULL_WIDTH),
                       ai=str(n).translate(ARABIC_INDIC))
    responses = [
        client.post("/ask", json={"question": text}),
        client.get(f"/cite?ref={quote(text)}"),
        client.get(f"/search?q={quote(text)}"),
        client.get(f"/articles/platform/{n}", headers={"accept": "application/json"}),
        client.get(f"/articles/voucher/{quote(str(n).translate(ARABIC_INDIC))}", headers={"accept": "application/json"}),
    ]
    for response in responses:
        assert response.status_code < 500, (text, response.request.url, response.text[:200])
        assert response.status_code in (200, 404, 422)
