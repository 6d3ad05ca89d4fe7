"""Reads and checks the contact details a patient types.

phonenumbers and email-validator do the checking, so "07700 900123" or
"+1 555 010 9999" are understood the way the clinic's phone system will.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

import phonenumbers
from email_validator import EmailNotValidError, validate_email

EMAIL_CANDIDATE = re.compile(r"[^\s,;<>()]+@[^\s,;<>()]+")
NAME_PREFIX = re.compile(r"^\s*(hi|hello|hey)?[\s,]*(my name is|my name's|name is|name's|i am|i'm|im|it's|its|this is)(\s+|$)", re.I)


@dataclass(frozen=True)
class Reachable:
    phone: Optional[str] = None
    email: Optional[str] = None


def find_email(text: str) -> Optional[str]:
    for candidate in EMAIL_CANDIDATE.findall(text):
        try:
            return validate_email(candidate.strip(".'\""), check_deliverability=False).normalized
        except EmailNotValidError:
            continue
    return None


def find_phone(text: str, region: str) -> Optional[str]:
    for match in phonenumbers.PhoneNumberMatcher(text, region, leniency=phonenumbers.Leniency.POSSIBLE):
        # IS_POSSIBLE, not IS_POSSIBLE_LOCAL_ONLY: "555-0100" has no area code to dial.
        if phonenumbers.is_possible_number_with_reason(match.number) == phonenumbers.ValidationResult.IS_POSSIBLE:
            return phonenumbers.format_number(match.number, phonenumbers.PhoneNumberFormat.E164)
    return None


def read_reachable(text: str, region: str) -> Reachable:
    return Reachable(phone=find_phone(text, region), email=find_email(text))


def looks_like_contact_attempt(text: str) -> bool:
    """Digits or an @ sign: the person tried to give a number or e-mail."""
    return "@" in text or sum(c.isdigit() for c in text) >= 5


def read_name(text: str) -> Optional[str]:
    name = NAME_PREFIX.sub("", text).strip(" .!,")
    if not name or len(name) > 100 or any(c.isdigit() for c in name) or "@" in name:
        return None
    if len(name.split()) > 5:
        return None
    return name
