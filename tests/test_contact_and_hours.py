"""Contact details as patients type them, and the clinic's opening hours."""
from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import yaml

from bot.handoffs.contact import find_email, find_phone, read_name
from bot.content.hours import is_open, next_opening

CLINIC_FILE = Path(__file__).resolve().parent.parent / "knowledge" / "clinic.yml"
NEW_YORK = ZoneInfo("America/New_York")


@pytest.fixture(scope="module")
def clinic() -> dict:
    data = yaml.safe_load(CLINIC_FILE.read_text(encoding="utf-8"))
    # The assertions below rely on the example clinic's published hours.
    assert data["timezone"] == "America/New_York"
    assert data["hours"]["thu"] == "09:00-20:00"
    assert data["hours"]["sun"] == "closed"
    assert data["hours"]["mon"] == "09:00-18:00"
    assert data["hours"]["sat"] == "10:00-14:00"
    return data


def ny(*args: int) -> datetime:
    return datetime(*args, tzinfo=NEW_YORK)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=timezone.utc)


# -- phone numbers -----------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("+1 555 010 9999", "+15550109999"),
        ("(212) 555-0100", "+12125550100"),
        ("call me on 2125550100", "+12125550100"),
    ],
)
def test_find_phone_reads_us_numbers_as_e164(text: str, expected: str) -> None:
    assert find_phone(text, "US") == expected


@pytest.mark.parametrize("text", ["12", "no number here", ""])
def test_find_phone_rejects_text_that_is_not_a_phone_number(text: str) -> None:
    assert find_phone(text, "US") is None


# -- e-mail ------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("sarah@example.com", "sarah@example.com"),
        ("you can email me at j.smith@mail.com", "j.smith@mail.com"),
        ("j.smith@mail.com.", "j.smith@mail.com"),
    ],
)
def test_find_email_reads_addresses_in_a_sentence(text: str, expected: str) -> None:
    assert find_email(text) == expected


@pytest.mark.parametrize("text", ["sarah@", "not an email", "@example.com", ""])
def test_find_email_rejects_incomplete_addresses(text: str) -> None:
    assert find_email(text) is None


# -- names -------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("my name is Sarah Jones", "Sarah Jones"),
        ("My name is Sarah Jones.", "Sarah Jones"),
        ("it's Sarah", "Sarah"),
        ("i'm Tom Baker", "Tom Baker"),
        ("Sarah", "Sarah"),
    ],
)
def test_read_name_strips_the_lead_in(text: str, expected: str) -> None:
    assert read_name(text) == expected


@pytest.mark.parametrize(
    "text",
    ["Sarah 123", "my name is 2125550100", "sarah@example.com", "it's sarah@example", ""],
)
def test_read_name_rejects_numbers_emails_and_empty_answers(text: str) -> None:
    assert read_name(text) is None


# -- opening hours -----------------------------------------------------------
def test_open_on_thursday_evening(clinic: dict) -> None:
    assert is_open(clinic, ny(2025, 6, 12, 19, 0))  # Thursday, late opening until 20:00
    assert not is_open(clinic, ny(2025, 6, 12, 20, 0))  # closing time itself is closed


def test_closed_all_day_sunday(clinic: dict) -> None:
    for hour in (0, 9, 12, 17, 23):
        assert not is_open(clinic, ny(2025, 6, 15, hour, 0))


def test_closed_one_minute_before_monday_opening(clinic: dict) -> None:
    assert not is_open(clinic, ny(2025, 6, 16, 8, 59))
    assert is_open(clinic, ny(2025, 6, 16, 9, 0))


def test_next_opening_from_saturday_afternoon_is_monday_morning(clinic: dict) -> None:
    assert next_opening(clinic, ny(2025, 6, 14, 15, 0)) == "Mon 09:00"


def test_next_opening_before_saturday_opening_is_same_day(clinic: dict) -> None:
    assert next_opening(clinic, ny(2025, 6, 14, 8, 0)) == "Sat 10:00"


def test_utc_times_are_read_in_the_clinics_timezone(clinic: dict) -> None:
    # Thu 23:30 UTC in June is Thu 19:30 in New York (EDT, UTC-4): open,
    # although 23:30 on the clinic's own clock would be closed.
    assert is_open(clinic, utc(2025, 6, 12, 23, 30))
    assert not is_open(clinic, ny(2025, 6, 12, 23, 30))
    # Mon 13:30 UTC: 09:30 in summer (EDT) is open, 08:30 in winter (EST) is closed.
    assert is_open(clinic, utc(2025, 6, 16, 13, 30))
    assert not is_open(clinic, utc(2025, 1, 13, 13, 30))
    # Fri 01:00 UTC is still Thursday 21:00 in New York: after hours, and the
    # next opening is Friday morning on the clinic's clock.
    assert not is_open(clinic, utc(2025, 6, 13, 1, 0))
    assert next_opening(clinic, utc(2025, 6, 13, 1, 0)) == "Fri 09:00"
    # Sun 02:00 UTC is Saturday 22:00 in New York: next opening is Monday.
    assert next_opening(clinic, utc(2025, 6, 15, 2, 0)) == "Mon 09:00"


def test_local_only_number_without_area_code_is_not_taken() -> None:
    assert find_phone("555-0100", "US") is None


def test_lead_in_alone_is_not_a_name() -> None:
    assert read_name("my name is") is None
