"""Counters stay right under concurrency: the unread count is changed only in the transaction that
changes a view, guarded by the view's version, so replies racing each other can neither count a
thread twice nor lose one. (tests/conftest.py makes each in-process moto request atomic, as a
DynamoDB request is; the app's reads and transactions from different threads still interleave.)"""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from chalicelib.container import services
from chalicelib.storage.unit_of_work import ConcurrentChange, UnitOfWork


def unread_in_index(api, user) -> int:
    status, page = api.get("/threads?folder=inbox&unread=true&limit=100", user["token"])
    assert status == 200, page
    return len(page["items"])


def test_concurrent_replies_count_each_unread_thread_once(api, monkeypatch):
    casting = [api.sign_up(f"Caster {i}", "casting") for i in range(3)]
    talent = api.sign_up("Tara Talent")
    threads = []
    for index in range(4):
        status, thread = api.post("/threads", talent["token"], {
            "recipient_ids": [c["user_id"] for c in casting], "subject": f"Question {index}", "body": "Hello all"})
        assert status == 201, thread
        threads.append(thread["thread_id"])
    assert api.get("/threads/unread-count", talent["token"])[1]["unread"] == 0

    people = {c["user_id"]: services().accounts.get(c["user_id"]) for c in casting}
    replies = [(people[c["user_id"]], thread_id) for thread_id in threads for c in casting for _ in range(2)]

    def reply(job):
        sender, thread_id = job
        return services().messaging.reply(sender, thread_id, f"Reply from {sender.name}")

    conflicts = []
    commit = UnitOfWork.commit

    def counting_commit(unit):
        try:
            return commit(unit)
        except ConcurrentChange:
            conflicts.append(unit)
            raise

    monkeypatch.setattr(UnitOfWork, "commit", counting_commit)
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(reply, replies))
    assert len(results) == 24
    assert conflicts, "the replies really raced (some transactions lost and were retried)"

    status, count = api.get("/threads/unread-count", talent["token"])
    assert status == 200 and count["unread"] == 4 == unread_in_index(api, talent)
    for thread_id in threads:
        opened = api.get(f"/threads/{thread_id}?limit=100", talent["token"])[1]
        assert len(opened["messages"]) == 7, "every reply landed"
    assert api.get("/threads/unread-count", talent["token"])[1]["unread"] == 0 == unread_in_index(api, talent)
    for caster in casting:  # each caster saw the others' replies: unread for them too, once per thread
        assert api.get("/threads/unread-count", caster["token"])[1]["unread"] == unread_in_index(api, caster)
