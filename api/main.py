"""The ASGI app: wires the routers, the middleware and the Chinese error handlers together, and holds
the app's clock (app.state.clock; tests set a fixed one), the only place time enters the API."""

from __future__ import annotations

from fastapi import Depends
# FastAPIOffline ships the Swagger UI assets: the assistant runs on networks without a CDN.
from fastapi_offline import FastAPIOffline
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from knowledge import registry, system_clock

from . import access_log
from .body_limit import BodyLimit
from .contract import install_contract
from .errors import install_error_handlers
from .json_text import no_lone_surrogates
from .rate_limit import RateLimits
from .routers import chat, checks, health, knowledge, pages, telegram
from .runtime import lifespan
from .schemas.errors import documented
from .security_headers import SecurityHeaders
from .server_errors import ServerErrors
from .settings import ApiSettings

settings = ApiSettings.from_env()
app = FastAPIOffline(
    title="上海科技政策助手",
    description=f"{registry().titles()}的问答、自检与条款查询。",
    version="0.1.0",
    lifespan=lifespan,  # the store, the retention job and the Telegram webhook's Application
    docs_url=None,  # served by the pages router with a strict Content-Security-Policy
    redoc_url=None,
    dependencies=[Depends(no_lone_surrogates)],
    responses=documented(413, 500),
)
app.state.clock = system_clock
app.state.rate_limits = RateLimits(settings)
install_error_handlers(app)
install_contract(app)
access_log.install()
app.include_router(health.router)
app.include_router(knowledge.router)
app.include_router(checks.router)
app.include_router(chat.router)
app.include_router(pages.router)
if telegram.enabled():  # TELEGRAM_BOT_TOKEN and TELEGRAM_WEBHOOK_SECRET both set
    app.include_router(telegram.router)

# The last added runs first: the client address is settled, then every response gets its headers,
# then any exception becomes a Chinese 500, then an oversized body is refused before the app reads it.
app.add_middleware(BodyLimit, max_bytes=settings.body_bytes)
app.add_middleware(ServerErrors)
app.add_middleware(SecurityHeaders)
if settings.trusted_proxies:
    app.add_middleware(ProxyHeadersMiddleware, trusted_hosts=list(settings.trusted_proxies))
