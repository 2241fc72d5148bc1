"""What follows a delivered message, from the table's stream: its words into the search index and
one queued alert per recipient. One use case, so the thread is read once for both."""
from __future__ import annotations

from ..storage.mail import MailRepository
from .alerts import AlertService
from .search import SearchService


class MessageFanout:
    def __init__(self, mail: MailRepository, search: SearchService, alerts: AlertService) -> None:
        self.mail = mail
        self.search = search
        self.alerts = alerts

    def delivered(self, thread_id: str, message_id: str, sender_id: str, body: str) -> int:
        """Indexes the message and queues its alerts; returns how many alerts (0: the thread is gone)."""
        thread = self.mail.get_thread(thread_id)
        if thread is None:
            return 0
        self.search.index_message(thread_id, body, thread=thread)
        return self.alerts.enqueue_for_message(thread_id, message_id, sender_id, thread=thread)
