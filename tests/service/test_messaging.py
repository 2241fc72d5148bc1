"""Messaging use cases over in-memory repositories: threads, replies, folders, unread counts,
bulk actions, search and blocks."""
from __future__ import annotations

import pytest

from chalicelib.domain.errors import Conflict, Forbidden, NotFound
from chalicelib.storage.unit_of_work import ConcurrentChange

from .fakes import FakeUnitOfWork


def unread(world, user):
    return world.messaging.unread_count(user)["unread"]


def folder(world, user, name="inbox", **kw):
    return [t["thread_id"] for t in world.messaging.list_threads(user, name, kw.get("q"), kw.get("unread", False),
                                                                  kw.get("cursor"), kw.get("limit", 25))["items"]]


def test_a_new_thread_is_in_the_senders_sent_and_each_recipients_inbox_unread(world):
    cara, tom, tia = world.person("Cara", "casting"), world.person("Tom"), world.person("Tia")
    thread = world.messaging.start_thread(cara, [tom.user_id, tia.user_id], "Sides", "Scene 12 attached soon")
    tid = thread["thread_id"]
    assert folder(world, cara, "sent") == [tid] and folder(world, cara) == []
    assert folder(world, tom) == [tid] == folder(world, tia)
    assert [unread(world, u) for u in (cara, tom, tia)] == [0, 1, 1]
    assert thread["messages"][0]["body"] == "Scene 12 attached soon" and thread["unread"] is False


def test_opening_a_thread_reads_it_and_a_reply_makes_it_unread_for_the_others(world):
    cara, tom = world.person("Cara", "casting"), world.person("Tom")
    tid = world.messaging.start_thread(cara, [tom.user_id], "Callback", "Friday at 3?")["thread_id"]
    opened = world.messaging.open_thread(tom, tid, None, 50)
    assert opened["unread"] is False and unread(world, tom) == 0
    reply = world.messaging.reply(tom, tid, "Friday works")
    assert reply["sender"]["user_id"] == tom.user_id
    assert unread(world, cara) == 1 and unread(world, tom) == 0
    assert folder(world, cara) == [tid], "a reply puts the thread in the starter's inbox too"
    messages = world.messaging.open_thread(cara, tid, None, 50)["messages"]
    assert [m["body"] for m in messages] == ["Friday at 3?", "Friday works"]


def test_messages_page_back_in_time(world):
    cara, tom = world.person("Cara", "casting"), world.person("Tom")
    tid = world.messaging.start_thread(cara, [tom.user_id], "Notes", "1")["thread_id"]
    for n in range(2, 6):
        world.messaging.reply(cara, tid, str(n))
    newest = world.messaging.open_thread(tom, tid, None, 2)
    assert [m["body"] for m in newest["messages"]] == ["4", "5"]
    older = world.messaging.open_thread(tom, tid, newest["older_messages_cursor"], 2)
    assert [m["body"] for m in older["messages"]] == ["2", "3"]


def test_folders_page_newest_activity_first(world):
    cara, tom = world.person("Cara", "casting"), world.person("Tom")
    ids = [world.messaging.start_thread(cara, [tom.user_id], f"S{n}", "b")["thread_id"] for n in range(5)]
    world.messaging.reply(cara, ids[0], "bump")  # the oldest becomes the newest
    first = world.messaging.list_threads(tom, "inbox", None, False, None, 3)
    second = world.messaging.list_threads(tom, "inbox", None, False, first["next_cursor"], 3)
    assert [t["thread_id"] for t in first["items"] + second["items"]] == [ids[0], ids[4], ids[3], ids[2], ids[1]]
    assert second["next_cursor"] is None


def test_archive_unarchive_delete_and_the_unread_counter(world):
    cara, tom = world.person("Cara", "casting"), world.person("Tom")
    a, b = (world.messaging.start_thread(cara, [tom.user_id], s, "b")["thread_id"] for s in ("A", "B"))
    assert world.messaging.act_on_threads(tom, "archive", [a]) == {"updated": 1}
    assert folder(world, tom) == [b] and folder(world, tom, "archive") == [a]
    assert world.messaging.unread_count(tom) == {"unread": 2, "in_archive": 1}, "the badge says where it is"
    world.messaging.act_on_threads(tom, "unarchive", [a])
    world.messaging.act_on_threads(tom, "delete", [b])
    assert folder(world, tom) == [a] and unread(world, tom) == 1
    with pytest.raises(NotFound):  # a deleted thread is gone for its user
        world.messaging.act_on_threads(tom, "mark_read", [b])
    assert folder(world, cara, "sent") == [b, a], "the other side keeps its views"


def test_a_whole_folder_at_once_and_only_unread(world):
    cara, tom = world.person("Cara", "casting"), world.person("Tom")
    ids = [world.messaging.start_thread(cara, [tom.user_id], f"S{n}", "b")["thread_id"] for n in range(4)]
    world.messaging.open_thread(tom, ids[0], None, 50)
    assert folder(world, tom, unread=True) == ids[:0:-1]
    result, background = world.messaging.act_on_folder(tom, "mark_read", "inbox", None, unread_only=True)
    assert (result, background) == ({"updated": 3, "status": "done"}, False) and world.jobs.jobs() == []
    assert unread(world, tom) == 0 and folder(world, tom, unread=True) == []


def test_search_finds_threads_with_every_word_in_the_folder(world):
    cara, tom = world.person("Cara", "casting"), world.person("Tom")
    hit = world.messaging.start_thread(cara, [tom.user_id], "Hamlet sides", "Scene two, the ghost")["thread_id"]
    miss = world.messaging.start_thread(cara, [tom.user_id], "Hamlet fitting", "Costumes on Monday")["thread_id"]
    for tid, body in ((hit, "Scene two, the ghost"), (miss, "Costumes on Monday")):
        world.search.index_message(tid, body)  # what the table's stream does
    assert folder(world, tom, q="hamlet ghost") == [hit]
    assert set(folder(world, tom, q="hamlet")) == {hit, miss}
    assert folder(world, tom, "archive", q="hamlet") == []


def test_a_blocked_sender_can_neither_start_nor_reply_and_unblocking_lets_them_again(world):
    cara, tom = world.person("Cara", "casting"), world.person("Tom")
    tid = world.messaging.start_thread(cara, [tom.user_id], "Hi", "Hello")["thread_id"]
    assert world.accounts.block(tom, cara.user_id) == {"user_id": cara.user_id, "blocked": True}
    with pytest.raises(Forbidden):
        world.messaging.start_thread(cara, [tom.user_id], "Again", "Hello?")
    with pytest.raises(Forbidden):
        world.messaging.reply(cara, tid, "Are you there?")
    assert len(world.mail.messages[tid]) == 1, "nothing was written"
    world.messaging.reply(tom, tid, "Tom may still write")  # blocking is one way
    assert world.accounts.blocks(tom, None, 25)["items"] == [{"user_id": cara.user_id, "name": "Cara"}]
    world.accounts.unblock(tom, cara.user_id)
    world.messaging.reply(cara, tid, "Thanks")
    assert len(world.mail.messages[tid]) == 3


def test_someone_outside_a_thread_cannot_read_or_reply(world):
    cara, tom, olly = world.person("Cara", "casting"), world.person("Tom"), world.person("Olly")
    tid = world.messaging.start_thread(cara, [tom.user_id], "Private", "For Tom")["thread_id"]
    with pytest.raises(NotFound):
        world.messaging.open_thread(olly, tid, None, 50)
    with pytest.raises(NotFound):
        world.messaging.reply(olly, tid, "Me too")


def test_a_reply_racing_another_is_retried_from_a_fresh_read(world, monkeypatch):
    cara, tom = world.person("Cara", "casting"), world.person("Tom")
    tid = world.messaging.start_thread(cara, [tom.user_id], "Race", "Go")["thread_id"]
    real_commit, raced = FakeUnitOfWork.commit, []

    def commit_after_a_rival(unit):
        if not raced:  # another reply lands between this one's read and its commit
            raced.append(True)
            world.messaging.reply(tom, tid, "Rival")
        return real_commit(unit)

    monkeypatch.setattr(FakeUnitOfWork, "commit", commit_after_a_rival)
    world.messaging.reply(cara, tid, "Mine")
    bodies = [m["body"] for m in world.messaging.open_thread(cara, tid, None, 50)["messages"]]
    assert sorted(bodies) == ["Go", "Mine", "Rival"]
    assert unread(world, tom) == 1 and unread(world, cara) == 0


def test_a_stale_view_is_a_concurrent_change(world):
    cara, tom = world.person("Cara", "casting"), world.person("Tom")
    tid = world.messaging.start_thread(cara, [tom.user_id], "Old", "b")["thread_id"]
    stale = world.mail.get_view(tom.user_id, tid)
    world.mail.save_user_views(tom.user_id, [(stale, stale.apply("archive"))])
    with pytest.raises(ConcurrentChange):
        world.mail.save_user_views(tom.user_id, [(stale, stale.apply("mark_read"))])


def test_a_thread_that_keeps_changing_is_a_clear_409(world, monkeypatch):
    cara, tom = world.person("Cara", "casting"), world.person("Tom")
    tid = world.messaging.start_thread(cara, [tom.user_id], "Busy", "b")["thread_id"]
    monkeypatch.setattr(FakeUnitOfWork, "commit", lambda unit: (_ for _ in ()).throw(ConcurrentChange()))
    monkeypatch.setattr("chalicelib.storage.unit_of_work.backoff", lambda attempt: None)
    with pytest.raises(Conflict) as busy:
        world.messaging.reply(cara, tid, "Hello?")
    assert busy.value.code == "thread_busy"
