"""Routes: one-click unsubscribe (RFC 8058) from every alert and digest."""
from __future__ import annotations

import html
from typing import Any

from chalice import Response

from .http import Api, Call

PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport"
content="width=device-width, initial-scale=1"><title>Unsubscribe — Callboard</title></head>
<body style="font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem">
<h1>Stop email alerts?</h1>
<p>You will no longer get emails about new messages. You can turn them back on in your settings.</p>
<form method="post" action="?token={token}">
<button type="submit" style="font-size:1rem;padding:.5rem 1rem">Unsubscribe</button></form>
<p>Or choose another frequency (immediately, once daily or never) in
<a href="{account}">your account settings</a>.</p>
</body></html>"""

DONE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Unsubscribed — Callboard</title></head>
<body style="font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem">
<h1>You are unsubscribed</h1><p>No more email alerts will be sent to you.</p>
<p>Changed your mind? Turn alerts back on, immediately or once daily, in
<a href="{account}">your account settings</a>.</p></body></html>"""


def _account_url(call: Call) -> str:
    """The web client's account page (alert frequency), where alerts can be turned back on."""
    return html.escape(f"{call.services.settings.web_base_url.rstrip('/')}/#/account", quote=True)


def register(api: Api) -> None:
    @api.get("/unsubscribe", "A page with a button that unsubscribes (link scanners do not click buttons)",
             auth=False, query={"token": {"type": "string"}}, page=True)
    def unsubscribe_page(call: Call) -> Response:
        token = call.query("token", 300) or ""
        call.services.accounts.check_unsubscribe_token(token)
        return Response(body=PAGE.format(token=html.escape(token, quote=True), account=_account_url(call)),
                        status_code=200,
                        headers={"Content-Type": "text/html; charset=utf-8"})

    @api.post("/unsubscribe", "One-click unsubscribe (RFC 8058): sets email alerts to never", auth=False,
              query={"token": {"type": "string"}}, page=True)
    def unsubscribe(call: Call) -> Any:
        token = call.query("token", 300) or ""
        result = call.services.accounts.unsubscribe(token)
        if "text/html" in (call.request.headers.get("accept") or ""):
            return Response(body=DONE.format(account=_account_url(call)), status_code=200,
                            headers={"Content-Type": "text/html; charset=utf-8"})
        return result
