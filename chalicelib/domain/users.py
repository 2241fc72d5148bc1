"""Users, roles and the rules about who may do what."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .errors import Forbidden, InvalidInput

ROLES = ("talent", "casting", "editor")
NOTIFICATION_PREFERENCES = ("immediate", "daily", "never")
NAME_MAX = 100


@dataclass
class User:
    user_id: str
    email: str
    name: str
    role: str
    notifications: str = "immediate"
    subscriber: bool = False
    suspended: bool = False
    created_at: str = ""
    email_suppressed: str | None = None
    last_digest_at: str | None = None
    third_party_approved: bool = False
    extra: dict[str, object] = field(default_factory=dict)

    def public(self) -> dict[str, object]:
        """What any other user may see: never the email address."""
        return {"user_id": self.user_id, "name": self.name, "role": self.role}

    def own(self) -> dict[str, object]:
        return {
            "user_id": self.user_id,
            "name": self.name,
            "role": self.role,
            "email": self.email,
            "notifications": self.notifications,
            "subscriber": self.subscriber,
            "suspended": self.suspended,
            "created_at": self.created_at,
            "email_suppressed": self.email_suppressed,
        }

    def ensure_can_send(self) -> None:
        if self.suspended:
            raise Forbidden("your account is suspended and cannot send messages", code="suspended")

    def ensure_active(self, doing: str) -> None:
        """A suspended account waits for an editor: it reads, but adds nothing others would see or
        act on (reports, uploads, its public profile), so suspension cannot be worked around."""
        if self.suspended:
            raise Forbidden(f"your account is suspended, so {doing} is not possible until an editor has "
                            "reviewed it", code="suspended")


_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def clean_name(value: str) -> str:
    # Names travel into other people's email headers: no control characters at all.
    name = " ".join(_CONTROLS.sub(" ", value).split())
    if not 1 <= len(name) <= NAME_MAX:
        raise InvalidInput(f"name must be 1-{NAME_MAX} characters", code="invalid_name")
    return name


def normalise_email(value: str) -> str:
    email = value.strip()
    local, sep, domain = email.rpartition("@")
    if not sep or not local or "." not in domain or len(email) > 254 or any(c.isspace() for c in email):
        raise InvalidInput("email is not a valid address", code="invalid_email")
    return f"{local}@{domain.lower()}"
