"""Counted limits on what one account may do in a window, other than messaging (whose gate is
services/safety.py): reports, upload requests, new productions. The numbers are LimitPolicy
settings (domain/limits.py); each count is one conditional write (storage/limits.py). Kept apart
from the messaging gate so a function that only verifies uploads never reaches more than a counter."""
from __future__ import annotations

import time
from collections.abc import Callable

from ..domain import limits as rules
from ..domain.users import User
from ..storage.limits import LimitRepository


class ActionLimits:
    def __init__(self, policy: rules.LimitPolicy, limits: LimitRepository,
                 clock: Callable[[], float] = time.time) -> None:
        self.policy = policy
        self.limits = limits
        self.clock = clock

    def take_report(self, reporter: User) -> None:
        """Reports cost an editor's time: a person reads before reporting."""
        self._take(reporter, "reports", ((rules.MINUTE, self.policy.reports_per_minute),
                                         (rules.DAY, self.policy.reports_per_day)),
                   "you have sent a lot of reports in a short time")

    def take_upload(self, user: User) -> None:
        """Each upload request writes a record and hands out a signed form: a script could ask for
        thousands. A person attaching files or filling a locker needs far fewer an hour."""
        self._take(user, "uploads", ((rules.HOUR, self.policy.uploads_per_hour),),
                   "you have started a lot of uploads in a short time")

    def take_new_production(self, user: User) -> None:
        """A production (even a draft) is stored and shown to its team: a day's number bounds a script."""
        self._take(user, "productions", ((rules.DAY, self.policy.productions_per_day),),
                   "you have created a lot of productions today")

    def _take(self, user: User, name: str, spans: tuple[tuple[int, int], ...], what: str) -> None:
        now = self.clock()
        for seconds, maximum in spans:
            span = rules.window(now, seconds)
            if not self.limits.take(user.user_id, name, span.key, span.ends_at, maximum):
                raise rules.limited(what, span.retry_after(now))
