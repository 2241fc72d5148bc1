"""Account use cases: sign-in provisioning, own settings, blocks (public profiles: services/profiles.py;
reports: services/moderation.py)."""
from __future__ import annotations

from typing import Any

from ..domain.clock import now_iso
from ..domain.cursors import decode_cursor, encode_cursor
from ..domain.errors import Conflict, InvalidInput, NotFound
from ..domain.ids import new_id
from ..domain.relay import user_from_unsubscribe_token
from ..domain.users import User, clean_name, normalise_email
from ..storage.users import UserRepository


class AccountService:
    def __init__(self, users: UserRepository, secret: str) -> None:
        self.users = users
        self.secret = secret

    def sign_in(self, email: str, name: str, role: str, subscriber: bool = False, user_id: str | None = None) -> User:
        """Returns the user with this address, creating it on first use."""
        address = normalise_email(email)
        if user_id:
            existing = self.users.get(user_id)
        else:
            existing = self.users.find_by_email(address)
        if existing:
            return existing
        user = User(
            user_id=user_id or new_id("usr"),
            email=address,
            name=clean_name(name),
            role=role,
            subscriber=subscriber,
            created_at=now_iso(),
        )
        try:
            return self.users.create(user)
        except Conflict:
            # Two first requests raced: the other one created it.
            again = self.users.get(user.user_id) if user_id else self.users.find_by_email(address)
            if again is None:
                raise
            return again

    def get(self, user_id: str) -> User | None:
        return self.users.get(user_id)

    def update_me(self, user: User, name: str | None, notifications: str | None) -> User:
        changes: dict[str, Any] = {}
        if name is not None:
            changes["name"] = clean_name(name)
        if notifications is not None:
            changes["notifications"] = notifications
        if not changes:
            return user
        updated = self.users.update(user.user_id, **changes)
        if updated is None:
            raise NotFound("user not found", code="user_not_found")
        return updated

    def check_unsubscribe_token(self, token: str) -> str:
        return user_from_unsubscribe_token(self.secret, token)

    def unsubscribe(self, token: str) -> dict[str, Any]:
        """Sets email alerts to never for the user the signed token names; 400 if tampered."""
        user_id = user_from_unsubscribe_token(self.secret, token)
        if self.users.update(user_id, notifications="never") is None:
            raise NotFound("this unsubscribe link is for an account that no longer exists", code="user_not_found")
        return {"unsubscribed": True, "notifications": "never"}

    def suppress_address(self, address: str, reason: str) -> bool:
        """SES said this address bounced for good or complained: stop emailing it."""
        user = self.users.find_by_email(address)
        if user is None:
            return False
        self.users.update(user.user_id, email_suppressed=reason)
        return True

    def block(self, user: User, other_id: str) -> dict[str, Any]:
        if other_id == user.user_id:
            raise InvalidInput("you cannot block yourself", code="invalid_block")
        if self.users.get(other_id) is None:
            raise NotFound("user not found", code="user_not_found")
        self.users.block(user.user_id, other_id)
        return {"user_id": other_id, "blocked": True}

    def unblock(self, user: User, other_id: str) -> dict[str, Any]:
        self.users.unblock(user.user_id, other_id)
        return {"user_id": other_id, "blocked": False}

    def blocks(self, user: User, cursor: str | None, limit: int) -> dict[str, Any]:
        """The people the user blocked, with their names (never an address)."""
        scope = f"blocks|{user.user_id}"
        ids, position = self.users.blocked_by(user.user_id, decode_cursor(cursor, self.secret, scope), limit)
        people = self.users.get_many(ids)
        return {"items": [{"user_id": uid, "name": people[uid].name if uid in people else "Former member"}
                          for uid in ids],
                "next_cursor": encode_cursor(position, self.secret, scope)}
