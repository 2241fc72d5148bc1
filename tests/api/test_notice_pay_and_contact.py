"""Notice vetting through the API (issue 15 item 6): contact off Callboard returns the notice; a notice
silent on pay is listed as "pay not stated"."""
from tests.api.test_notices import create, notice, people, publish  # noqa: F401 - people is a fixture


def test_a_phone_number_in_the_description_returns_the_notice(api, people):  # noqa: F811
    body = notice("clean_paid")
    body["description"] += " Questions? Text the producer at 917-555-0143."
    pid = create(api, people["cd"], body)
    status, result = api.post(f"/productions/{pid}/submit", people["cd"]["token"])
    assert status == 200 and result["status"] == "returned"
    [finding] = [f for f in result["findings"] if f["rule"] == "off_platform_contact"]
    assert finding["severity"] == "block" and "Callboard" in finding["message"]


def test_pay_label_in_listings_notice_page_and_the_owners_view(api, people):  # noqa: F811
    paid = publish(api, people)
    silent = publish(api, people, {**notice("clean_paid", pay=None), "name": "Quiet Diner"})
    page = {n["production_id"]: n for n in api.get("/notices?state=NY&job_type=film")[1]["items"]}
    assert page[paid]["pay_label"] == "paid" and page[paid]["paid_tag"] is True
    assert page[silent]["pay_label"] == "not_stated" and page[silent]["paid_tag"] is False
    assert api.get(f"/notices/{silent}")[1]["pay_label"] == "not_stated"
    assert api.get(f"/productions/{silent}", people["cd"]["token"])[1]["pay_label"] == "not_stated"
