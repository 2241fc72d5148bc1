"""Search over participant names, production/role names, subjects and every message body."""
import pytest

from tests.api.test_threads import folder, ids, start


@pytest.fixture
def mailbox(api, pump):
    cara, tom, uma = api.sign_up("Cara Casting", "casting"), api.sign_up("Tom Talent"), api.sign_up("Zoë Dancer")
    hamlet = start(api, cara, [tom], subject="Hamlet callback", body="Please prepare the monologue")["thread_id"]
    musical = start(api, cara, [tom], subject="Chorus line", body="Bring character shoes")["thread_id"]
    dance = start(api, uma, [tom], subject="Rehearsal", body="Studio B at noon")["thread_id"]
    api.post(f"/threads/{hamlet}/messages", tom["token"], {"body": "Will the sides include Ophelia?"})
    pump.drain()
    return {"cara": cara, "tom": tom, "uma": uma, "hamlet": hamlet, "musical": musical, "dance": dance}


def search(api, user, q, name="inbox"):
    return ids(folder(api, user, name, q=q))


def test_search_by_subject_body_reply_and_participant(api, mailbox):
    tom = mailbox["tom"]
    assert search(api, tom, "hamlet") == [mailbox["hamlet"]]
    assert search(api, tom, "shoes") == [mailbox["musical"]]
    assert search(api, tom, "ophelia", "sent") == [mailbox["hamlet"]]
    assert search(api, tom, "zoe") == [mailbox["dance"]], "accent-insensitive participant name"
    assert set(search(api, tom, "cara")) == {mailbox["hamlet"], mailbox["musical"]}


def test_results_are_in_folder_order_and_words_are_anded(api, mailbox):
    tom = mailbox["tom"]
    inbox_order = ids(folder(api, tom))
    found = search(api, tom, "cara")
    assert found == [t for t in inbox_order if t in found]
    assert search(api, tom, "cara shoes") == [mailbox["musical"]]
    assert search(api, tom, "shoes ophelia") == []


def test_search_is_private_to_each_user(api, mailbox):
    assert search(api, mailbox["uma"], "hamlet") == []
    assert search(api, mailbox["cara"], "studio") == []


def test_search_respects_folders_and_deletes(api, mailbox):
    tom = mailbox["tom"]
    api.post("/threads/actions", tom["token"], {"action": "archive", "thread_ids": [mailbox["musical"]]})
    assert search(api, tom, "shoes") == []
    assert search(api, tom, "shoes", "archive") == [mailbox["musical"]]
    api.post("/threads/actions", tom["token"], {"action": "delete", "thread_ids": [mailbox["dance"]]})
    assert search(api, tom, "studio") == []


def test_search_pages_with_cursor(api, pump):
    cara, tom = api.sign_up("Cara Casting", "casting"), api.sign_up("Tom Talent")
    tids = [start(api, cara, [tom], subject=f"Audition {i}")["thread_id"] for i in range(5)]
    pump.drain()
    page1 = folder(api, tom, q="audition", limit=3)
    page2 = folder(api, tom, q="audition", limit=3, cursor=page1["next_cursor"])
    assert ids(page1) + ids(page2) == list(reversed(tids)) and page2["next_cursor"] is None


def test_query_without_a_word_is_a_clear_400(api):
    tom = api.sign_up("Tom Talent")
    status, data = api.get("/threads?q=!", tom["token"])
    assert status == 400 and data["error"]["code"] == "invalid_query"


def test_replaying_stream_records_indexes_once(api, pump, app_module):
    cara, tom = api.sign_up("Cara Casting", "casting"), api.sign_up("Tom Talent")
    start(api, cara, [tom], subject="Encore", body="again")
    records = pump._stream_records()
    app_module.on_table_stream({"Records": records}, None)
    app_module.on_table_stream({"Records": records}, None)
    assert len(search(api, tom, "encore")) == 1


def test_a_search_too_broad_to_page_asks_for_another_word(api, pump, monkeypatch):
    from chalicelib.services import messaging

    monkeypatch.setattr(messaging, "SEARCH_MATCH_LIMIT", 2)
    cara, tom = api.sign_up("Cara Casting", "casting"), api.sign_up("Tom Talent")
    for i in range(3):
        start(api, cara, [tom], subject=f"Audition {i}")
    pump.drain()
    status, data = api.get("/threads?q=audition", tom["token"])
    assert status == 422 and data["error"]["code"] == "search_too_broad"


def test_a_failing_stream_record_is_retried_through_the_jobs_queue(api, pump, app_module, monkeypatch):
    from chalicelib.services.messaging import MessagingService

    cara, tom = api.sign_up("Cara Casting", "casting"), api.sign_up("Tom Talent")
    start(api, cara, [tom], subject="Flaky indexing")
    real = MessagingService.index_message
    monkeypatch.setattr(MessagingService, "index_message", lambda *a, **k: (_ for _ in ()).throw(RuntimeError("x")))
    pump.pump_stream()  # fails, but does not raise: the record went to the jobs queue
    monkeypatch.setattr(MessagingService, "index_message", real)
    pump.drain()
    assert len(search(api, tom, "flaky")) == 1
