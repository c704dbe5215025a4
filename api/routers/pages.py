"""Serves the web chat at / and the page assets at /static: plain files, no build step, no CDN.

The staff page (api/static/articles.html) is returned by the knowledge router for /articles when
a browser asks for HTML; this router only serves the chat page and the shared assets.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles

STATIC = Path(__file__).resolve().parent.parent / "static"

router = APIRouter(include_in_schema=False)
# Assets change with the code, not per request: revalidate rather than cache blindly, so a
# deployment is picked up on the next load.
_NO_STALE = {"Cache-Control": "no-cache"}


@router.get("/")
def chat_page() -> FileResponse:
    return FileResponse(STATIC / "index.html", media_type="text/html; charset=utf-8", headers=_NO_STALE)


router.mount("/static", StaticFiles(directory=STATIC), name="static")
