"""The ASGI app: only wires routers and the Chinese error handler together."""

from __future__ import annotations

# FastAPIOffline serves the /docs assets itself: the assistant runs on networks without a CDN.
from fastapi_offline import FastAPIOffline

from knowledge import registry, system_clock

from .errors import install_error_handlers
from .routers import chat, checks, health, knowledge, pages, telegram
from .runtime import lifespan

app = FastAPIOffline(
    title="上海科技政策助手",
    description=f"{registry().titles()}的问答、自检与条款查询。",
    version="0.1.0",
    lifespan=lifespan,  # the store, the retention job and the Telegram webhook's Application
)
app.state.clock = system_clock
install_error_handlers(app)
app.include_router(health.router)
app.include_router(knowledge.router)
app.include_router(checks.router)
app.include_router(chat.router)
app.include_router(pages.router)
if telegram.enabled():  # TELEGRAM_BOT_TOKEN and TELEGRAM_WEBHOOK_SECRET both set
    app.include_router(telegram.router)
