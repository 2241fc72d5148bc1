"""infra/reindex.py: threads written before the search index existed get their word sets and
postings from their messages, oldest first; a second run changes nothing."""
from tests.api.test_search import search
from tests.api.test_threads import start


def test_threads_never_indexed_are_found_after_a_reindex(api, pump, app_module):
    from chalicelib.services.search import SearchService
    from chalicelib.storage.mail import MailRepository
    from chalicelib.storage.search import SearchIndex
    from infra.reindex import reindex

    cara, tom = api.sign_up("Cara Casting", "casting"), api.sign_up("Tom Talent")
    thread = start(api, cara, [tom], subject="Hamlet", body="Bring the tambourine")["thread_id"]
    api.post(f"/threads/{thread}/messages", tom["token"], {"body": "And the xylophone?"})
    pump._stream_records()  # the stream's records are passed over, as if written before indexing existed
    assert search(api, tom, "tambourine") == [] and search(api, tom, "hamlet") == [], "not indexed"
    mail, index = MailRepository(), SearchIndex()
    assert reindex(SearchService(mail, index), mail, index) == (1, 2)
    assert search(api, tom, "tambourine") == [thread]
    assert search(api, cara, "xylo") == [thread]
    assert reindex(SearchService(mail, index), mail, index) == (0, 0), "a second run leaves it alone"
