"""HTTP endpoints over the knowledge base: hotline Q&A, articles, citation lookup, staff search.

/articles, /articles/{measure} and /articles/{measure}/{article} serve the staff page to a browser
and JSON to everything else, so a deep link someone pastes (or the address a tab left in the bar)
opens the page while scripts get data.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, HTTPException, Path as PathParam, Query, Request, Response
from fastapi.responses import FileResponse

from knowledge import ask, corpus, registry, resolve, search, to_citation
from knowledge.limits import CITATION_CHARS, NON_BLANK, SEARCH_QUERY_CHARS, SEARCH_RESULTS

from ..clock import Today
from .pages import PAGE_HEADERS
from ..rate_limit import rate_limited
from ..schemas.errors import documented
from ..schemas.knowledge import (
    ArticleOut, AskRequest, AskResponse, CiteResponse, MeasureOut, SearchResponse,
    article_out, measure_out,
)

router = APIRouter(tags=["条款问答与查询"])
STAFF_PAGE = Path(__file__).resolve().parent.parent / "static" / "articles.html"


def _wants_html(request: Request, response: Response) -> bool:
    # Caches must key these URLs on Accept, or a browser hands its own page's fetch() the HTML.
    response.headers["Vary"] = "Accept"
    return "text/html" in request.headers.get("accept", "")


def _staff_page() -> FileResponse:
    return FileResponse(STAFF_PAGE, headers={**PAGE_HEADERS, "Vary": "Accept"})


@router.post("/ask", response_model=AskResponse, summary="热线问答：日常中文提问，返回原文条款与出处",
             dependencies=[rate_limited("ask")], responses=documented(429))
def ask_question(body: AskRequest, today: Today) -> AskResponse:
    return ask(body.question, body.today or today)


@router.get("/articles", response_model=list[MeasureOut], summary="两个文件的条目录")
def list_articles(request: Request, response: Response, today: Today):
    if _wants_html(request, response):
        return _staff_page()
    return [measure_out(m, today) for m in corpus(today).measures.values()]


# A measure that does not exist is a page that does not exist: 404 (a browser gets the page that says
# so), not a 422 about a parameter, since people reach these addresses by typing or pasting links.
Measure = Annotated[str, PathParam(description=f"文件：{'、'.join(registry().ids)}")]


def _measure(c, measure: str):
    if measure not in c.measures:
        known = "、".join(f"{m.id}（{m.short_title}）" for m in c.measures.values())
        raise HTTPException(404, detail=f"没有这个文件：{measure[:50]}。可用：{known}。")
    return c.measures[measure]


@router.get("/articles/{measure}", response_model=MeasureOut, summary="一个文件的条目录",
            responses=documented(404))
def get_measure(measure: Measure, request: Request, response: Response, today: Today):
    found = _measure(corpus(today), measure)
    if _wants_html(request, response):
        return _staff_page()
    return measure_out(found, today)


@router.get("/articles/{measure}/{article}", response_model=ArticleOut, summary="一条的全文、各项及引用标签",
            responses=documented(404))
def get_article(measure: Measure, article: Annotated[int, PathParam(ge=1, description="第几条")],
                request: Request, response: Response, today: Today):
    c = corpus(today)
    found_measure = _measure(c, measure)
    if _wants_html(request, response):
        return _staff_page()
    found = article_out(c, found_measure, article)
    if found is None:
        raise HTTPException(404, detail=resolve(f"{measure}{article}", c).error)
    return found


@router.get("/cite", response_model=CiteResponse, summary="按条款编号查原文：第七条第（三）项、7.3、简称加编号、Art. 7(3)",
            responses=documented(404))
def cite(ref: Annotated[str, Query(min_length=1, max_length=CITATION_CHARS, pattern=NON_BLANK,
                                   description="条款编号")], today: Today) -> CiteResponse:
    found = resolve(ref, corpus(today))
    if found.error:
        raise HTTPException(404, detail=found.error)
    return CiteResponse(query=ref, citations=[to_citation(cl) for cl in found.clauses])


@router.get("/search", response_model=SearchResponse, summary="关键词或编号检索条款，按相关度排序")
def search_clauses(
    q: Annotated[str, Query(min_length=1, max_length=SEARCH_QUERY_CHARS, pattern=NON_BLANK,
                            description="关键词、问题或条款编号，例如“场地面积”或“清退”")],
    today: Today,
    k: Annotated[int, Query(ge=1, le=SEARCH_RESULTS, description="最多返回几条")] = 10,
):
    return search(q, today, k)
