"""The ``staff`` and ``audit`` commands of ``python -m bot.ops.cli``: accounts and the audit check.

There is no default account; the first admin is made with ``staff add NAME
--role admin``. Account changes are audited with ``source_ip = "cli"`` and
the affected account's id.
"""
from __future__ import annotations

import argparse
import getpass
import sys
from typing import Optional, TextIO

from bot.web.console.accounts import AccountError, Accounts
from bot.storage.audit import AuditLog
from bot.storage.database import make_engine, migrate
from bot.web.console.sessions import Sessions
from bot.content.settings import Settings

CLI_SOURCE = "cli"


def add_arguments(commands: argparse._SubParsersAction) -> None:
    """Adds ``staff add|disable|list`` and ``audit verify`` to the CLI's subcommands."""
    staff = commands.add_parser("staff", help="manage staff console accounts")
    actions = staff.add_subparsers(dest="staff_command", required=True)
    add = actions.add_parser("add", help="create an account (asks for the password)")
    add.add_argument("username")
    add.add_argument("--role", choices=("staff", "admin"), default="staff")
    add.add_argument("--password-stdin", action="store_true", help="read the password from the first line of stdin")
    disable = actions.add_parser("disable", help="disable an account and end its sessions at once")
    disable.add_argument("username")
    actions.add_parser("list", help="list accounts")
    audit = commands.add_parser("audit", help="check the staff console's audit log")
    audit.add_subparsers(dest="audit_command", required=True).add_parser(
        "verify", help="check the hash chain; exit 1 if a row was changed or removed")


def _read_password(from_stdin: bool, stdin: TextIO) -> str:
    if from_stdin:
        return stdin.readline().rstrip("\r\n")
    first = getpass.getpass("Password (12+ characters): ")
    if getpass.getpass("Same password again: ") != first:
        raise AccountError("The two passwords differ. Fix: run the command again.")
    return first


def run(args: argparse.Namespace, settings: Settings, stdin: Optional[TextIO] = None) -> int:
    engine = make_engine(settings.database_url)
    try:
        migrate(engine)
        accounts, audit = Accounts(engine), AuditLog(engine)
        if args.command == "audit":
            broken = audit.verify()
            if broken:
                print(f"Audit log broken at rows {', '.join(map(str, broken))}: changed, or rows before them deleted.")
                return 1
            print(f"Audit log intact ({audit.count()} rows).")
            return 0
        if args.staff_command == "list":
            for user in accounts.list():
                state = "disabled" if user.disabled else "active"
                if user.locked_until:
                    state += f", locked until {user.locked_until:%Y-%m-%d %H:%M} UTC"
                print(f"{user.username}\t{user.role}\t{state}\tcreated {user.created_at:%Y-%m-%d}")
            return 0
        if args.staff_command == "add":
            staff = accounts.create(args.username, _read_password(args.password_stdin, stdin or sys.stdin), args.role)
            audit.record("account_created", "ok", staff.id, None, CLI_SOURCE)
            print(f"Created {staff.role} account {staff.username!r}.")
            return 0
        if args.staff_command == "disable":
            staff = accounts.disable(args.username)
            ended = Sessions(engine).end_all(staff.id)
            audit.record("account_disabled", "ok", staff.id, None, CLI_SOURCE)
            print(f"Disabled {staff.username!r}; ended {ended} session(s).")
            return 0
        raise AssertionError(args)
    except AccountError as error:
        print(error, file=sys.stderr)
        return 1
    finally:
        engine.dispose()
