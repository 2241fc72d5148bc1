"""Search items (storage/search.py): what a thread's messages say, once per thread."""
from __future__ import annotations

from pynamodb.attributes import (
    UnicodeAttribute,
    UnicodeSetAttribute,
)

from .base import BaseItem, _Meta


class WordSetItem(BaseItem):
    """pk THREAD#<thread_id>, sk WORDS: the thread's distinct body words, shared by its participants."""

    class Meta(_Meta):
        pass

    words = UnicodeSetAttribute(null=True)
    started_at = UnicodeAttribute(null=True)
