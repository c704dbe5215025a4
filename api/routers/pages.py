"""Serves the web chat at /, the API page at /docs and the page assets at /static: plain files, no CDN.

The staff page (api/static/articles.html) is returned by the knowledge router for /articles when
a browser asks for HTML; this router serves the chat page, the API page and the shared assets.
The API page is Swagger UI from fastapi-offline's copy; ReDoc is not served, since its bundle loads
a logo from a CDN.
"""

from __future__ import annotations

from functools import cache
from html import escape
from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse, HTMLResponse
from fastapi.staticfiles import StaticFiles

from knowledge import registry

STATIC = Path(__file__).resolve().parent.parent / "static"

router = APIRouter(include_in_schema=False)
# Assets change with the code, not per request: revalidate rather than cache blindly, so a
# deployment is picked up on the next load. The pages load nothing from elsewhere and run no inline
# code, so the policy can be strict: an injected script or a framing site gets nowhere. The other
# security headers come with every response (api/security_headers.py).
PAGE_HEADERS = {
    "Cache-Control": "no-cache",
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; object-src 'none'; "
                               "base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
}


@cache
def _chat_page() -> str:
    """index.html with the registered measures named in its heading and description (no measure is
    written into the page, so adding or removing one needs no edit here)."""
    page = (STATIC / "index.html").read_text(encoding="utf-8")
    return page.replace("{{titles}}", escape(registry().titles())).replace("{{headings}}", escape(registry().headings()))


@router.get("/")
def chat_page() -> HTMLResponse:
    return HTMLResponse(_chat_page(), headers=PAGE_HEADERS)


@router.get("/docs")
def api_page() -> FileResponse:
    return FileResponse(STATIC / "docs.html", media_type="text/html; charset=utf-8", headers=PAGE_HEADERS)


router.mount("/static", StaticFiles(directory=STATIC), name="static")
