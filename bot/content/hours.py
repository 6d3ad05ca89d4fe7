"""Whether the clinic is open, so the patient is told honestly when staff reply."""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, Mapping, Optional
from zoneinfo import ZoneInfo

from bot.content.knowledge import DAYS, ENGLISH_CALENDAR


def _window(value: str) -> Optional[tuple[str, str]]:
    if value == "closed":
        return None
    start, end = value.split("-")
    return start, end


def is_open(clinic: Mapping[str, Any], moment: datetime) -> bool:
    local = moment.astimezone(ZoneInfo(clinic["timezone"]))
    window = _window(clinic["hours"][DAYS[local.weekday()]])
    return window is not None and window[0] <= local.strftime("%H:%M") < window[1]


def next_opening(clinic: Mapping[str, Any], moment: datetime,
                 calendar: Mapping[str, Any] = ENGLISH_CALENDAR) -> Optional[str]:
    """'Mon 09:00' ('el lunes a las 09:00' with the Spanish calendar) for the next time the clinic opens."""
    local = moment.astimezone(ZoneInfo(clinic["timezone"]))
    for offset in range(0, 8):
        day = local + timedelta(days=offset)
        window = _window(clinic["hours"][DAYS[day.weekday()]])
        if window is None or (offset == 0 and local.strftime("%H:%M") >= window[0]):
            continue
        return str(calendar["opening"]).format(day=calendar["days"][day.weekday()], time=window[0])
    return None
