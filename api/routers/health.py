"""Health for load balancers and orchestrators: is the process up, and can it serve right now.

/health/live answers 200 whenever the process answers at all. /health/ready (and /health, kept for
what already polls it) answers 200 only when the knowledge base is loaded and the store answers a
read and a write — so an instance whose database is full, read-only, corrupt, deleted under it or
unreachable is taken out of rotation, and the body says why, in Chinese.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from bot.store import StoreError
from knowledge import corpus

from ..clock import Today

router = APIRouter(tags=["运行状态"])


@router.get("/health/live", summary="进程存活")
def live() -> dict:
    return {"status": "live"}


@router.get("/health/ready", summary="可以服务：知识库已加载，对话存储可读可写")
def ready(request: Request, today: Today) -> JSONResponse:
    problems: list[str] = []
    body: dict = {}
    try:
        c = corpus(today)
        body = {"measures": {m.id: len(m.articles) for m in c.measures.values()}, "clauses": len(c.clauses)}
    except Exception as err:  # noqa: BLE001 — whatever broke the knowledge base, this instance cannot answer
        problems.append(f"知识库未能加载：{type(err).__name__}")
    runtime = getattr(request.app.state, "runtime", None)
    if runtime is None:
        problems.append("对话存储尚未启动。")
    elif runtime.error is not None:
        problems.append(str(runtime.error).splitlines()[0])
    else:
        try:
            runtime.store.probe(runtime.clock())
            body["store"] = runtime.store.db.kind
        except StoreError as err:
            problems.append(str(err).splitlines()[0])
    if problems:
        return JSONResponse({"status": "not_ready", "problems": problems, **body}, status_code=503)
    return JSONResponse({"status": "ok", **body})


@router.get("/health", summary="同 /health/ready")
def health(request: Request, today: Today) -> JSONResponse:
    return ready(request, today)
