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


def every_page(api, user, q, limit, name="inbox"):
    """Follows next_cursor to the end; a walked page may hold fewer than `limit` (never more)."""
    found, cursor = [], None
    for _ in range(100):
        page = folder(api, user, name, q=q, limit=limit, **({"cursor": cursor} if cursor else {}))
        assert len(page["items"]) <= limit
        found += ids(page)
        cursor = page["next_cursor"]
        if not cursor:
            return found
    raise AssertionError("the search never ended")


def test_a_word_in_more_threads_than_a_page_is_walked_page_by_page_in_folder_order(api, pump):
    cara, tom = api.sign_up("Cara Casting", "casting"), api.sign_up("Tom Talent")
    tids = [start(api, cara, [tom], subject=f"Call {i}", body=f"Audition day {i}")["thread_id"] for i in range(7)]
    start(api, cara, [tom], subject="Other", body="Nothing to see")
    pump.drain()
    assert every_page(api, tom, "audition", limit=2) == list(reversed(tids))
    first = folder(api, tom, q="audition", limit=2)
    assert first["searched_to"], "a walked page says how far back it looked"


def test_the_last_word_matches_as_a_prefix(api, mailbox):
    tom = mailbox["tom"]
    assert search(api, tom, "ham") == [mailbox["hamlet"]]
    assert search(api, tom, "prep") == [mailbox["hamlet"]], "a body word's prefix"
    assert search(api, tom, "hamlet mono") == [mailbox["hamlet"]]
    assert search(api, tom, "monologue ham") == [mailbox["hamlet"]]
    assert search(api, tom, "mono hamlet") == [], "only the last word is a prefix"


def test_folder_all_lists_every_visible_thread_and_says_its_folder(api, mailbox):
    tom = mailbox["tom"]
    api.post("/threads/actions", tom["token"], {"action": "archive", "thread_ids": [mailbox["musical"]]})
    api.post("/threads/actions", tom["token"], {"action": "delete", "thread_ids": [mailbox["dance"]]})
    listed = folder(api, tom, "all")
    assert {t["thread_id"]: t["folder"] for t in listed["items"]} == {
        mailbox["hamlet"]: "inbox", mailbox["musical"]: "archive"}
    assert {t["thread_id"]: t["folder"] for t in folder(api, tom, "all", q="cara")["items"]} == {
        mailbox["hamlet"]: "inbox", mailbox["musical"]: "archive"}
    cara = mailbox["cara"]
    assert [t["folder"] for t in folder(api, cara, "all", q="chorus")["items"]] == ["sent"]
    unread_everywhere = folder(api, tom, "all", unread="true")
    assert {t["thread_id"] for t in unread_everywhere["items"]} <= {mailbox["hamlet"], mailbox["musical"]}
    assert all(t["unread"] for t in unread_everywhere["items"])


def test_a_big_group_message_past_the_posting_budget_is_still_found(api, pump, monkeypatch):
    from chalicelib.domain import search as rules

    monkeypatch.setattr(rules.share_postings, "__defaults__", (4,))  # 4 postings a message: 1 word each
    cara = api.sign_up("Cara Casting", "casting")
    cast = [api.sign_up(f"Actor {k}") for k in range(3)]
    group = start(api, cara, cast, subject="Ensemble", body="Bring tambourines and xylophones")["thread_id"]
    start(api, cara, [cast[0]], subject="Solo", body="Just you")
    pump.drain()
    for actor in cast:
        assert search(api, actor, "tambourines") == [group]
        assert search(api, actor, "xylophones ensemble") == [group]


def test_a_failing_stream_record_is_retried_through_the_jobs_queue(api, pump, app_module, monkeypatch):
    from chalicelib.services.search import SearchService

    cara, tom = api.sign_up("Cara Casting", "casting"), api.sign_up("Tom Talent")
    start(api, cara, [tom], subject="Flaky indexing")
    real = SearchService.index_message
    monkeypatch.setattr(SearchService, "index_message", lambda *a, **k: (_ for _ in ()).throw(RuntimeError("x")))
    pump.pump_stream()  # fails, but does not raise: the record went to the jobs queue
    monkeypatch.setattr(SearchService, "index_message", real)
    pump.drain()
    assert len(search(api, tom, "flaky")) == 1


def test_a_held_reply_is_found_by_its_words_only_once_released(api, pump):
    from tests.api.test_safety_holds import SCAM, decide

    sam, tom = api.sign_up("Sam Stranger", "casting"), api.sign_up("Tom Talent")
    ed = api.sign_up("Edda Editor", "editor")
    thread = start(api, sam, [tom], subject="A role", body="Hello Tom")["thread_id"]
    status, reply = api.post(f"/threads/{thread}/messages", sam["token"], {"body": SCAM})
    assert status == 201 and reply["status"] == "held"
    pump.drain()
    assert search(api, tom, "zelle") == [], "a held message's words find nothing"
    assert decide(api, ed, reply["message_id"], "release", "Checked")[0] == 200
    pump.drain()
    assert search(api, tom, "zelle") == [thread]
