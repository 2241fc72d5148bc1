"""The pages an email's links open (unsubscribe, report this message) are opened by a person in a
browser: a link that is broken (cut by a mail program), tampered with or expired answers with a
page that says so in words, with the same 4xx status; an API client (Accept: application/json or
*/*) still gets the error shape."""
import pytest

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


@pytest.mark.parametrize("method,path", [("GET", "/unsubscribe?token=cut-by-a-mail-program"),
                                         ("POST", "/unsubscribe?token=cut-by-a-mail-program"),
                                         ("GET", "/reports/email?token=cut-by-a-mail-program"),
                                         ("POST", "/reports/email?token=cut-by-a-mail-program"),
                                         ("GET", "/unsubscribe")])
def test_a_broken_link_opened_in_a_browser_is_a_page_in_words(api, method, path):
    form = {"Content-Type": "application/x-www-form-urlencoded"} if method == "POST" else {}
    status, page = api.call(method, path, headers={"Accept": BROWSER, **form})
    assert status == 400, page
    assert isinstance(page, str) and page.lstrip().lower().startswith("<!doctype html>"), page
    assert "link is not valid" in page and "{" not in page.split("<body", 1)[1], page


@pytest.mark.parametrize("accept", ["application/json", "*/*", None])
def test_an_api_client_still_gets_the_error_shape(api, accept):
    status, data = api.call("POST", "/unsubscribe?token=cut", headers={"Accept": accept} if accept else {})
    assert status == 400 and data["error"]["code"] == "invalid_token", data


def test_other_routes_never_answer_html(api):
    status, data = api.call("GET", "/threads", headers={"Accept": BROWSER})
    assert status == 401 and data["error"]["code"] == "missing_token", data
