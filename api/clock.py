"""The app's clock, read once per request at the edge: every route gets `Today`, nothing reads the machine.

`app.state.clock` is `knowledge.system_clock` in production; tests set a fixed clock on the app, so
answers, checks and dialogs behave the same on any date the machine thinks it is.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import Depends, Request

from knowledge import shanghai_date


def today(request: Request) -> date:
    """The calendar day in Shanghai, the measures' own."""
    return shanghai_date(request.app.state.clock())


Today = Annotated[date, Depends(today)]
