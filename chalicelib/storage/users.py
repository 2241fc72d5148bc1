"""Users, their email lookup, counters and blocks."""
from __future__ import annotations

from typing import Any

from pynamodb.exceptions import DoesNotExist

from ..domain.clock import now_iso
from ..domain.errors import Conflict
from ..domain.users import User
from .conditional import update_if
from .models import BlockItem, CounterItem, EmailItem, UserItem, user_key
from .unit_of_work import UnitOfWork

PROFILE = "PROFILE"


def _user_exists() -> Conflict:
    return Conflict("a user with that email or id already exists", code="user_exists")


def block_sk(blocked_id: str) -> str:
    """The sort key of a block, under the blocker's partition."""
    return f"BLOCK#{blocked_id}"


def to_user(item: UserItem) -> User:
    return User(
        user_id=item.user_id,
        email=item.email,
        name=item.name,
        role=item.role,
        notifications=item.notifications,
        subscriber=bool(item.subscriber),
        suspended=bool(item.suspended),
        created_at=item.created_at,
        email_suppressed=item.email_suppressed,
        last_digest_at=item.last_digest_at,
        third_party_approved=bool(item.third_party_approved),
    )


class UserRepository:
    def get(self, user_id: str) -> User | None:
        try:
            return to_user(UserItem.get(user_key(user_id), PROFILE))
        except DoesNotExist:
            return None

    def get_many(self, user_ids: list[str]) -> dict[str, User]:
        keys = [(user_key(uid), PROFILE) for uid in dict.fromkeys(user_ids)]
        return {item.user_id: to_user(item) for item in UserItem.batch_get(keys)}

    def find_by_email(self, email: str) -> User | None:
        try:
            lookup = EmailItem.get(f"EMAIL#{email.lower()}", "EMAIL")
        except DoesNotExist:
            return None
        return self.get(lookup.user_id)

    def create(self, user: User) -> User:
        """Creates the user and claims the address in one transaction (addresses are unique)."""
        item = UserItem(
            user_key(user.user_id),
            PROFILE,
            user_id=user.user_id,
            email=user.email,
            name=user.name,
            role=user.role,
            notifications=user.notifications,
            subscriber=user.subscriber,
            suspended=user.suspended,
            created_at=user.created_at or now_iso(),
        )
        email = EmailItem(f"EMAIL#{user.email.lower()}", "EMAIL", user_id=user.user_id)
        unit = UnitOfWork()
        unit.save(item, condition=UserItem.pk.does_not_exist(), refused=_user_exists)
        unit.save(email, condition=EmailItem.pk.does_not_exist(), refused=_user_exists)
        unit.commit()
        return to_user(item)

    def update(self, user_id: str, **changes: object) -> User | None:
        item = UserItem(user_key(user_id), PROFILE)
        actions = [getattr(UserItem, name).set(value) for name, value in changes.items()]
        if not update_if(item, actions, UserItem.pk.exists()):
            return None  # the user is gone
        return to_user(item)

    # -- counters ----------------------------------------------------------------------------
    def unread_threads(self, user_id: str) -> int:
        try:
            return int(CounterItem.get(user_key(user_id), "COUNTERS").unread_threads or 0)
        except DoesNotExist:
            return 0

    def counters(self, user_id: str) -> dict[str, int]:
        """Every counter of the user (unread threads, media locker, application tabs): one GetItem."""
        try:
            item = CounterItem.get(user_key(user_id), "COUNTERS")
        except DoesNotExist:
            return {}
        return {name: max(0, int(value)) for name, value in item.attribute_values.items()
                if isinstance(value, (int, float)) and not isinstance(value, bool)}

    # -- blocks ------------------------------------------------------------------------------
    def block(self, blocker_id: str, blocked_id: str) -> None:
        BlockItem(user_key(blocker_id), block_sk(blocked_id), created_at=now_iso()).save()

    def unblock(self, blocker_id: str, blocked_id: str) -> None:
        BlockItem(user_key(blocker_id), block_sk(blocked_id)).delete()

    def blocked_by(self, blocker_id: str, start: dict[str, Any] | None, limit: int
                   ) -> tuple[list[str], dict[str, Any] | None]:
        """A page of the ids the user blocked (one Query of their BLOCK# items)."""
        items = list(BlockItem.query(user_key(blocker_id), BlockItem.sk.startswith("BLOCK#"), limit=limit + 1,
                                     page_size=limit + 1, last_evaluated_key=start))
        position = None
        if len(items) > limit:
            position = {"pk": {"S": items[limit - 1].pk}, "sk": {"S": items[limit - 1].sk}}
        return [i.sk.removeprefix("BLOCK#") for i in items[:limit]], position

    def who_blocked(self, sender_id: str, recipient_ids: list[str]) -> set[str]:
        """Which of these recipients have blocked the sender (one BatchGet)."""
        keys = [(user_key(rid), block_sk(sender_id)) for rid in dict.fromkeys(recipient_ids)]
        return {item.pk.removeprefix("USER#") for item in BlockItem.batch_get(keys)}
