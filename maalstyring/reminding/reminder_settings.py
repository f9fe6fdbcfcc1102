"""The reminders' settings from the environment, and the link a reminder gives to the Skabeloner page.

MAALSTYRING_PAAMIND_DAGE_FOER   days before a deadline the reminders start (default 7)
MAALSTYRING_APP_URL             the app's address in the link (default http://localhost:8501)
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

DAYS_BEFORE_ENV = "MAALSTYRING_PAAMIND_DAGE_FOER"
APP_URL_ENV = "MAALSTYRING_APP_URL"
DEFAULT_DAYS_BEFORE = 7
DEFAULT_APP_URL = "http://localhost:8501"
# The app's URL query parameters for the shared filters (ui/filters.py: KEY_YEAR, KEY_PERIOD, KEY_INSTITUTIONS).
# Repeated here because maalstyring/ never imports ui/; tests/test_reminders.py checks they still agree.
LINK_KEY_YEAR = "aar"
LINK_KEY_PERIOD = "periode"
LINK_KEY_INSTITUTIONS = "institution"
TEMPLATES_PAGE = "skabeloner"


class ReminderSettingsError(ValueError):
    """A reminder setting in the environment is wrong; the message says which, in Danish."""


@dataclass(frozen=True)
class ReminderSettings:
    days_before: int = DEFAULT_DAYS_BEFORE
    app_url: str = DEFAULT_APP_URL


def settings_from_env(env: Mapping[str, str] | None = None) -> ReminderSettings:
    env = os.environ if env is None else env
    text = env.get(DAYS_BEFORE_ENV, "").strip() or str(DEFAULT_DAYS_BEFORE)
    if not text.isdigit():
        raise ReminderSettingsError(f"{DAYS_BEFORE_ENV} skal være et helt antal dage, fx 7, ikke '{text}'.")
    url = (env.get(APP_URL_ENV, "").strip() or DEFAULT_APP_URL).rstrip("/")
    if not re.match(r"https?://", url):
        raise ReminderSettingsError(f"{APP_URL_ENV} skal begynde med http:// eller https://, fx {DEFAULT_APP_URL}.")
    return ReminderSettings(int(text), url)


def reminders_start(deadline: date, settings: ReminderSettings) -> date:
    return date.fromordinal(deadline.toordinal() - settings.days_before)


def templates_link(settings: ReminderSettings, code: str, name: str, year: int, period: str) -> str:
    """Skabeloner for this institution, year and period, in the app's own filter parameters.

    The institution filter binds its shown label, "Name (CODE)" (formatting.institution_label)."""
    from vocabulary.formatting import institution_label  # pandas: not for the CLI's parser, which reads this module

    query = urlencode(
        {LINK_KEY_INSTITUTIONS: institution_label(name, code), LINK_KEY_YEAR: year, LINK_KEY_PERIOD: period}
    )
    return f"{settings.app_url}/{TEMPLATES_PAGE}?{query}"
