"""A quick guard on what searching and sending cost (the full measure is `make bench`,
tests/bench_messaging.py): DynamoDB items read by a search page, items written by a message in
all (request + stream + queues), read requests of a reply. `count` is in tests/conftest.py."""
from tests.api.test_threads import folder, ids, start

LIMIT = 3
READS = ("GetItem", "BatchGetItem", "Query", "Scan", "TransactGetItems")


def test_a_search_page_reads_at_most_twice_a_folder_page(api, pump, count):
    cara, tom = api.sign_up("Cara Casting", "casting"), api.sign_up("Tom Talent")
    tids = [start(api, cara, [tom], subject=f"Call {i}", body=f"Audition notes {i}" + (" zeppelin" * (i == 4)))
            ["thread_id"] for i in range(12)]
    pump.drain()
    budget = 2 * (LIMIT + 1) + 1  # + the caller's record
    cursor, found = None, []
    while True:
        with count() as tally:
            page = folder(api, tom, q="audition", limit=LIMIT, **({"cursor": cursor} if cursor else {}))
        assert tally.read <= budget, f"a page of a word in every thread read {tally.read} items"
        found += ids(page)
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert found == list(reversed(tids))
    with count() as tally:
        assert ids(folder(api, tom, q="zepp", limit=LIMIT)) == [tids[4]]
    assert tally.read <= 1 + 1 + 1, "a rare word: its match's posting and view, and the caller's record"


def one_line_reply(api, pump, count):
    cara, tom = api.sign_up("Cara Casting", "casting"), api.sign_up("Tom Talent")
    thread = start(api, cara, [tom], subject="Callback", body="Can you come on Friday?")["thread_id"]
    pump.drain()
    with count() as request:
        status, _ = api.post(f"/threads/{thread}/messages", tom["token"], {"body": "Thanks, see you at the studio."})
    assert status == 201
    with count() as background:
        pump.drain()
    return request, background


def test_a_reply_reads_twice_besides_the_callers_record(api, pump, count):
    """Its own view, then the others' views with blocks and contact marks (the send limits' reads)."""
    request, _ = one_line_reply(api, pump, count)
    assert sum(request.requests[op] for op in READS) <= 2 + 1, request.requests


def test_a_one_line_reply_writes_at_most_15_items_in_all(api, pump, count):
    """The reply's transaction (message, both views, the unread counter, the burst count, the first
    contact mark), then its search postings, the thread's word set and the alert's idempotency record."""
    request, background = one_line_reply(api, pump, count)
    # The local stage also keeps a copy of each email in its outbox (a write a deployed stage does not make).
    assert request.written + background.written - background.emails <= 15


def test_a_300_word_message_to_20_people_writes_at_most_500_items_in_all(api, pump, count):
    cara = api.sign_up("Cara Casting", "casting")
    cast = [api.sign_up(f"Actor {k}") for k in range(19)]
    thread = start(api, cara, cast, subject="Ensemble call", body="Welcome, everyone")["thread_id"]
    pump.drain()
    body = " ".join(f"w{k}x{k * 7 % 13}" for k in range(300))  # 300 words the thread has not seen
    with count() as request:
        assert api.post(f"/threads/{thread}/messages", cara["token"], {"body": body})[0] == 201
    with count() as background:
        pump.drain()
    assert request.written + background.written - background.emails <= 500
