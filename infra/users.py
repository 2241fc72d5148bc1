"""Operators' user commands for a deployed stage (the Cognito user pool of its stack).

    python -m infra.users add-to-group --stage prod --email ana@example.com --group casting
    python -m infra.users remove-from-group --stage prod --email ana@example.com --group editor

A user's role comes from their groups (`casting`, `editor`; talent has none): chalicelib/auth.py
reads them from the token, so the change applies at their next sign-in.
"""
from __future__ import annotations

import argparse
import sys
from typing import Any

from infra.outputs_to_config import describe_stack, outputs_of

GROUPS = ("casting", "editor")


class NoSuchUser(Exception):
    pass


def username(cognito: Any, pool_id: str, email: str) -> str:
    """The pool's username for an email address (sign-up uses email as the username alias)."""
    quoted = email.replace("\\", "\\\\").replace('"', '\\"')
    users = cognito.list_users(UserPoolId=pool_id, Filter=f'email = "{quoted}"', Limit=2)["Users"]
    if len(users) != 1:
        raise NoSuchUser(f"{len(users)} users have the address {email} in pool {pool_id}")
    return str(users[0]["Username"])


def change_group(cognito: Any, pool_id: str, email: str, group: str, add: bool) -> str:
    if group not in GROUPS:
        raise NoSuchUser(f"no group {group!r}: one of {', '.join(GROUPS)}")
    name = username(cognito, pool_id, email)
    if add:
        cognito.admin_add_user_to_group(UserPoolId=pool_id, Username=name, GroupName=group)
    else:
        cognito.admin_remove_user_from_group(UserPoolId=pool_id, Username=name, GroupName=group)
    return name


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=["add-to-group", "remove-from-group"])
    parser.add_argument("--stage", required=True)
    parser.add_argument("--email", required=True)
    parser.add_argument("--group", required=True, choices=GROUPS)
    parser.add_argument("--region")
    args = parser.parse_args(argv)
    import boto3

    pool_id = outputs_of(describe_stack(f"callboard-{args.stage}", args.region))["UserPoolId"]
    cognito = boto3.client("cognito-idp", region_name=args.region)
    try:
        name = change_group(cognito, pool_id, args.email, args.group, args.command == "add-to-group")
    except NoSuchUser as problem:
        print(problem, file=sys.stderr)
        return 1
    print(f"{args.command} {args.group}: {name} (applies at their next sign-in)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
