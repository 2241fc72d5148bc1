"""Routes: the editors' safety queue (held messages, open reports), decisions, history, suspension;
and the "Report this message" link of email alerts."""
from __future__ import annotations

import html
from typing import Any
from urllib.parse import parse_qs

from chalice import Response

from ..domain import moderation as rules
from ..domain.errors import InvalidInput
from . import schemas as s
from .http import Api, Call

MESSAGE_DECISION = s.obj({"decision": {"enum": list(rules.MESSAGE_DECISIONS)},
                          "reason": {"type": "string", "minLength": 1, "maxLength": rules.DECISION_REASON_MAX}},
                         ("decision", "reason"))
USER_DECISION = s.obj({"decision": {"enum": list(rules.USER_DECISIONS)},
                       "reason": {"type": "string", "minLength": 1, "maxLength": rules.DECISION_REASON_MAX}},
                      ("decision", "reason"))
REPORT_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport"
content="width=device-width, initial-scale=1"><title>Report a message — Callboard</title></head>
<body style="font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem">
<h1>Report this message?</h1>
<p>Callboard's editors will read it. The sender is not told who reported it.</p>
<form method="post" action="?token={token}"><fieldset style="border:0;padding:0">
<legend>What is wrong with it?</legend>{choices}</fieldset>
<button type="submit" style="font-size:1rem;padding:.5rem 1rem;margin-top:1rem">Report</button></form>
</body></html>"""
REPORTED_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Reported — Callboard</title></head>
<body style="font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem">
<h1>Thank you</h1><p>The message was reported; an editor will look at it. Never send money or personal
details to someone you have not checked.</p></body></html>"""
CATEGORY_LABELS = {"scam": "A scam or fake casting", "asks_for_money": "Asks me for money",
                   "off_platform": "Wants to talk somewhere else", "harassment": "Harassment",
                   "misleading_notice": "Misleading", "undisclosed_nudity": "Nudity I was not told about",
                   "other": "Something else"}
TOKEN_QUERY = {"token": {"type": "string"}, "category": {"enum": list(rules.CATEGORIES)}}
HISTORY_QUERY = {**s.LIST_QUERY, "kind": {"enum": list(rules.REPORT_KINDS)}, "target_id": {"type": "string"}}


def register(api: Api) -> None:
    @api.get("/moderation/queue", "Editors: held messages and open reports, most urgent first (severity, then "
             "distinct reporters, then the longest waiting)", response=s.page_of(s.CASE), query=s.LIST_QUERY)
    def moderation_queue(call: Call) -> dict[str, Any]:
        return call.services.moderation.queue(call.user, call.query("cursor", 2048), call.limit())

    @api.get("/moderation/history", "Editors: every report, hold, vetting run and decision on one target, oldest "
             "first", response=s.page_of(s.HISTORY_EVENT), query=HISTORY_QUERY)
    def moderation_history(call: Call) -> dict[str, Any]:
        kind = call.query_choice("kind", rules.REPORT_KINDS, "")
        return call.services.moderation.history(call.user, kind, (call.query("target_id", 200) or "").strip(),
                                                call.query("cursor", 2048), call.limit())

    @api.post("/moderation/messages/{message_id}/decision", "Editors: release or remove a held or reported "
              "message; or dismiss its reports, warn or suspend its sender", body=MESSAGE_DECISION,
              response=s.DECISION_RESULT)
    def decide_message(call: Call, message_id: str) -> dict[str, Any]:
        body = call.body
        return call.services.moderation.decide_message(call.user, message_id, body["decision"], body["reason"])

    @api.post("/moderation/users/{user_id}/decision",
              "Editors: dismiss reports of a user, warn, suspend or reinstate them",
              body=USER_DECISION, response=s.DECISION_RESULT)
    def decide_user(call: Call, user_id: str) -> dict[str, Any]:
        body = call.body
        return call.services.moderation.decide_user(call.user, user_id, body["decision"], body["reason"])

    @api.post("/moderation/users/{user_id}/suspend", "Editors: suspend an account: it cannot send (by web or by "
              "email), report or upload, and its notices are hidden")
    def suspend(call: Call, user_id: str) -> dict[str, Any]:
        return call.services.moderation.suspend(call.user, user_id, "suspended by an editor")

    @api.get("/reports/email", "The page an email alert's \"Report this message\" link opens: a button that "
             "reports (link scanners do not press buttons)", auth=False, query=TOKEN_QUERY, page=True)
    def report_link_page(call: Call) -> Response:
        token = call.query("token", 300) or ""
        call.services.moderation.reporter_of_link(token)
        choices = "".join(f'<label style="display:block"><input type="radio" name="category" value="{key}"'
                          f'{" checked" if key == "scam" else ""}> {html.escape(label)}</label>'
                          for key, label in CATEGORY_LABELS.items())
        return Response(body=REPORT_PAGE.format(token=html.escape(token, quote=True), choices=choices),
                        status_code=200, headers={"Content-Type": "text/html; charset=utf-8"})

    @api.post("/reports/email", "One click from an email alert: the recipient reports that message (signed "
              "link; category from the page's form or the query, default other)", auth=False, query=TOKEN_QUERY,
              page=True)
    def report_from_link(call: Call) -> Any:
        try:
            form = parse_qs((call.request.raw_body or b"").decode("utf-8", "replace"), max_num_fields=5)
        except ValueError:  # more fields than the page's form has
            raise InvalidInput("this report form is not the one the page sends", code="invalid_form") from None
        category = (form.get("category") or [call.query("category", 40) or "other"])[0]
        report, _ = call.services.moderation.report_from_link(call.query("token", 300) or "", category)
        if "text/html" in (call.request.headers.get("accept") or ""):
            return Response(body=REPORTED_PAGE, status_code=200, headers={"Content-Type": "text/html; charset=utf-8"})
        return report
