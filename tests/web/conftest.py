"""The app served on a free loopback port from a thread of this process, so a test sets its clock
(app.state.clock) instead of waiting; Debian's headless Chromium driven by Playwright; axe-core as
scripts/setup --browser installs it from npm into .venv (nothing of it enters the checkout)."""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest
import uvicorn

from api.main import app
from api.routers import chat as chat_router
from bot import Conversations, Engine, Store
from knowledge import fixed_clock
from web_helpers import FAILED_PLATFORM_CHECK, START, talk

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "docs" / "screenshots"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
IDLE = timedelta(minutes=30)
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    before = app.state.clock
    app.state.clock = fixed_clock(START)
    # The routes read the time from app.state.clock, and so do these conversations.
    chats = Conversations(Store(str(tmp_path_factory.mktemp("web") / "assistant.db")),
                          Engine(idle_timeout=IDLE), clock=lambda: app.state.clock())
    app.dependency_overrides[chat_router.conversations] = lambda: chats
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=_free_port(), log_level="warning",
                                           lifespan="off"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("server did not start")
        time.sleep(0.02)
    yield f"http://127.0.0.1:{server.config.port}"
    server.should_exit = True
    thread.join(10)
    app.state.clock = before
    app.dependency_overrides.pop(chat_router.conversations, None)


@pytest.fixture
def move_clock():
    """Sets the app's clock to START + a delta for the rest of one test."""
    before = app.state.clock
    yield lambda **delta: setattr(app.state, "clock", fixed_clock(START + timedelta(**delta)))
    app.state.clock = before


@pytest.fixture(scope="session")
def browser():
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        pytest.skip(f"Chromium not found at {CHROMIUM}")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


def new_context(browser, **options):
    """A browser context as people have it, minus animation (nothing waits for a transition to end)."""
    ctx = browser.new_context(**{"viewport": DESKTOP, "locale": "zh-CN", "reduced_motion": "reduce", **options})
    ctx.set_default_timeout(15_000)
    return ctx


def _shared(browser, **options):
    """One context and one page for the whole run: a new page costs Chromium about half a second, a
    test's own state is reset instead (storage, size, media, network; see _fresh)."""
    ctx = new_context(browser, **options)
    pg = ctx.new_page()
    pg.errors = []
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    return ctx, pg


def _fresh(ctx, pg, live_server, size):
    """The shared page as a new visitor finds it: no stored conversation, the context's screen, online."""
    pg.goto(live_server + "/health")
    pg.evaluate("localStorage.clear()")
    pg.set_viewport_size(size)
    pg.emulate_media(media="null")  # no emulation: the screen, and print for page.pdf()
    ctx.set_offline(False)
    pg.errors.clear()
    yield pg
    assert not pg.errors, f"JavaScript errors: {pg.errors}"


@pytest.fixture(scope="session")
def _desktop(browser, live_server):
    ctx, pg = _shared(browser, permissions=["clipboard-read", "clipboard-write"])
    yield ctx, pg
    ctx.close()


@pytest.fixture(scope="session")
def _phone(browser, live_server):
    ctx, pg = _shared(browser, viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    yield ctx, pg
    ctx.close()


@pytest.fixture
def context(_desktop):
    return _desktop[0]


@pytest.fixture
def page(_desktop, live_server):
    yield from _fresh(*_desktop, live_server, DESKTOP)


@pytest.fixture
def phone_page(_phone, live_server):
    yield from _fresh(*_phone, live_server, PHONE)


@pytest.fixture(scope="session")
def screenshots(tmp_path_factory) -> Path:
    """Where the tests save their screenshots: the README's docs/screenshots/ when UPDATE_SCREENSHOTS=1
    (so an ordinary test run leaves the checkout clean), a temporary folder otherwise."""
    folder = SCREENSHOTS if os.environ.get("UPDATE_SCREENSHOTS") == "1" else tmp_path_factory.mktemp("screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="session")
def failed_check(live_server) -> str:
    """A platform application that fails on floor space, needs review on staff (原则上), rests on two
    declarations and meets eight conditions; the measure expires within six months of START."""
    return talk(live_server, *FAILED_PLATFORM_CHECK)
