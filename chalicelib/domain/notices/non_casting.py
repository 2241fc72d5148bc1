"""Rule: at most N open workshop/class/competition/event notices per poster."""
from __future__ import annotations

from .findings import BLOCK, NON_CASTING_LIMIT, Finding, VettingConfig
from .model import Notice, Poster


def rule_non_casting_limit(notice: Notice, poster: Poster, config: VettingConfig) -> list[Finding]:
    """At most N open workshop/class/competition/event notices per poster."""
    if notice.is_casting or poster.open_non_casting_count < config.non_casting_limit:
        return []
    return [Finding(NON_CASTING_LIMIT, BLOCK, (
        f"You already have {poster.open_non_casting_count} open workshop, class, competition or event notices; "
        f"the limit is {config.non_casting_limit}. Close one or wait for one to expire, then resubmit."),
        field="category")]
