"""Casting writes to applicants from the application manager: one applicant, or the same message
and sides to several (one conversation each), always about the application's production and role."""
from __future__ import annotations

from typing import Any, Protocol

from ..domain.applications import Application
from ..domain.errors import Conflict, Forbidden, NotFound
from ..domain.users import User
from .applications import Messaging


class Applications(Protocol):
    def submission_for(self, casting: User, application_id: str) -> Application: ...
    def is_member(self, user: User, production_id: str) -> bool: ...
    def note_contacted(self, app: Application) -> None: ...


class Files(Protocol):
    def copies_to_send_again(self, sender: User, attachment_ids: list[str]) -> list[str]: ...


class ApplicantContact:
    def __init__(self, applications: Applications, messaging: Messaging, files: Files) -> None:
        self.applications = applications
        self.messaging = messaging
        self.files = files

    def contact(self, casting: User, application_id: str, subject: Any, body: Any,
                attachment_ids: list[str] | None = None) -> dict[str, Any]:
        """A thread with the applicant about that production and role, with the sides attached if
        any; the application counts as viewed from then on."""
        app = self.applications.submission_for(casting, application_id)
        return self._send(casting, app, subject, body, list(dict.fromkeys(attachment_ids or [])))

    def contact_many(self, casting: User, production_id: str, application_ids: list[str], subject: Any, body: Any,
                     attachment_ids: list[str] | None = None) -> dict[str, Any]:
        """The same message (and sides) to several applicants of one production, one conversation
        each. Each applicant's outcome is reported: one who blocked the sender does not stop the rest."""
        ids = list(dict.fromkeys(application_ids))  # 1..CONTACT_MANY_MAX: the route's schema
        if not self.applications.is_member(casting, production_id):
            raise NotFound("production not found", code="production_not_found")
        casting.ensure_can_send()  # the sender's own state stops them all, not applicant by applicant
        files = list(dict.fromkeys(attachment_ids or []))
        sent: list[dict[str, Any]] = []
        failed: list[dict[str, Any]] = []
        for application_id in ids:
            try:
                app = self.applications.submission_for(casting, application_id)
                if app.production_id != production_id:
                    raise NotFound("application not found", code="application_not_found")
                # The uploads go with the first message sent; every later one gets copies of them.
                these = self.files.copies_to_send_again(casting, files) if sent and files else files
                thread = self._send(casting, app, subject, body, these)
            except (Forbidden, NotFound, Conflict) as refused:
                failed.append({"application_id": application_id, "code": refused.code, "message": str(refused)})
                continue
            sent.append({"application_id": application_id, "thread_id": thread["thread_id"],
                         "talent_id": app.talent_id})
        return {"sent": sent, "failed": failed}

    def _send(self, casting: User, app: Application, subject: Any, body: Any,
              attachment_ids: list[str]) -> dict[str, Any]:
        if not (isinstance(subject, str) and subject.strip()):
            subject = f"{app.role_name} in {app.production_name}"
        thread = self.messaging.start_thread(casting, [app.talent_id], subject[:200], body,
                                             production_id=app.production_id, role_id=app.role_id,
                                             attachment_ids=attachment_ids,
                                             production_name=app.production_name, role_name=app.role_name)
        self.applications.note_contacted(app)
        return thread
