import pytest

from chalicelib.domain import messaging as m
from chalicelib.domain.errors import InvalidInput, NotFound

CASTING, TALENT = "usr_c", "usr_t"
PEOPLE = [m.Participant(CASTING, "Cara"), m.Participant(TALENT, "Tom")]


def message(sender: str, at: str = "2026-01-01T00:00:00.000Z", body: str = "hello") -> m.Message:
    name = "Cara" if sender == CASTING else "Tom"
    return m.Message("thr_1", "thr_1.msg_1", m.Participant(sender, name), body, at)


def new_views() -> dict[str, m.ThreadView]:
    thread = m.Thread("thr_1", "Callback", PEOPLE, "2026-01-01T00:00:00.000Z", "2026-01-01T00:00:00.000Z")
    views = m.new_thread_views(thread, message(CASTING), has_attachments=False)
    return {v.user_id: v for v in views}


def folders(view: m.ThreadView) -> set[str]:
    return {f for f in m.FOLDERS if view.in_folder(f)}


def test_new_thread_is_in_senders_sent_and_recipients_inbox_unread():
    views = new_views()
    assert folders(views[CASTING]) == {"sent"} and not views[CASTING].unread
    assert folders(views[TALENT]) == {"inbox"} and views[TALENT].unread


def test_reply_puts_thread_in_both_inboxes_and_both_sents():
    views = new_views()
    reply = message(TALENT, "2026-01-02T00:00:00.000Z", "thanks")
    after = {uid: v.after_message(reply, "thanks", False) for uid, v in views.items()}
    assert folders(after[CASTING]) == {"inbox", "sent"} and after[CASTING].unread
    assert folders(after[TALENT]) == {"inbox", "sent"}
    assert after[TALENT].unread, "the talent's own reply does not mark the thread read for them"
    assert after[CASTING].last_activity_at == "2026-01-02T00:00:00.000Z"


def test_new_message_brings_archived_thread_back_to_recipients_inbox_but_not_senders():
    views = {uid: v.apply("archive") for uid, v in new_views().items()}
    assert folders(views[TALENT]) == {"archive"}
    assert folders(views[CASTING]) == {"archive", "sent"}
    after = {uid: v.after_message(message(CASTING, "2026-01-03T00:00:00.000Z"), "x", False)
             for uid, v in views.items()}
    assert folders(after[TALENT]) == {"inbox"} and after[TALENT].unread
    assert folders(after[CASTING]) == {"archive", "sent"}, "the sender's own message leaves their archive alone"


def test_delete_hides_everywhere_until_a_new_message_arrives():
    talent = new_views()[TALENT].apply("delete")
    assert folders(talent) == set() and not talent.counts_as_unread
    with pytest.raises(NotFound):
        m.require_visible(talent)
    back = talent.after_message(message(CASTING, "2026-01-04T00:00:00.000Z"), "x", False)
    assert folders(back) == {"inbox"} and back.unread


def test_unarchive_moves_a_sent_only_thread_to_the_inbox():
    casting = new_views()[CASTING].apply("archive").apply("unarchive")
    assert folders(casting) == {"inbox", "sent"}


@pytest.mark.parametrize(
    ("before_unread", "action", "delta"),
    [(True, "mark_read", -1), (False, "mark_unread", 1), (True, "mark_unread", 0), (False, "mark_read", 0),
     (True, "delete", -1), (True, "archive", 0)],
)
def test_unread_counter_delta(before_unread, action, delta):
    view = new_views()[TALENT]
    view.unread = before_unread
    assert m.unread_delta(view, view.apply(action)) == delta


def test_unknown_action_is_refused():
    with pytest.raises(InvalidInput):
        new_views()[TALENT].apply("explode")


@pytest.mark.parametrize("subject", ["", "   ", "x" * 201, "line\nbreak", "nul\x00", "bell\x07", "sep\u2028x"])
def test_bad_subjects(subject):
    with pytest.raises(InvalidInput):
        m.validate_subject(subject)


@pytest.mark.parametrize("body", ["", "\n\t ", "x" * 20_001, "nul\x00", "esc\x1b[31m"])
def test_bad_bodies(body):
    with pytest.raises(InvalidInput):
        m.validate_body(body)


def test_bodies_keep_line_breaks_and_tabs():
    assert m.validate_body("Line one\r\nLine two\n\tindented")


def test_limits_are_inclusive():
    assert m.validate_subject("x" * 200) and m.validate_body("x" * 20_000) and m.validate_body("x")


def test_recipients_rules():
    assert m.validate_recipients("a", ["b", "b", "c"]) == ["b", "c"]
    for bad in ([], ["a"], [f"u{i}" for i in range(m.MAX_PARTICIPANTS)]):
        with pytest.raises(InvalidInput):
            m.validate_recipients("a", bad)


def test_snippet_flattens_whitespace_and_truncates():
    assert m.make_snippet("a\n\n b\tc") == "a b c"
    long = m.make_snippet("word " * 100)
    assert len(long) <= m.SNIPPET_LEN and long.endswith("…")
