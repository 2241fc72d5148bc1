import pytest

from chalicelib.domain.errors import InvalidInput
from chalicelib.domain.search import (
    MAX_TOKENS_PER_TEXT,
    index_words,
    parse_query,
    query_tokens,
    share_postings,
    tokenize,
)


def test_case_and_accents_fold():
    assert tokenize("Café ZOË naïve") == {"cafe", "zoe", "naive"}


def test_punctuation_splits_and_short_words_drop():
    assert tokenize("Hamlet's re-audition, a 2nd call!") == {"hamlet", "re", "audition", "2nd", "call"}


def test_non_latin_scripts_are_words():
    assert {"שלום", "привет", "東京"} <= tokenize("שלום привет 東京 🎭")


def test_several_texts_and_none():
    assert tokenize("one two", None, "three") == {"one", "two", "three"}


def test_token_cap_bounds_indexing_work():
    assert len(tokenize(" ".join(f"w{i}" for i in range(MAX_TOKENS_PER_TEXT + 500)))) == MAX_TOKENS_PER_TEXT


def test_query_tokens_longest_first_and_empty_when_no_word():
    assert query_tokens("a big audition") == ["audition", "big"]
    assert query_tokens("!! a") == []


# -- queries, matching and the posting budget (domain/search.py) ------------------------------


def test_a_query_is_whole_words_longest_first_and_its_last_word_as_a_prefix():
    query = parse_query("the big Audi")
    assert query.words == ("big",) and query.prefix == "audi", "stop words among whole words go"
    assert query.terms_to_try == [("audi", True), ("big", False)], "longest first"
    assert parse_query("audi").terms_to_try == [("audi", True)]
    assert parse_query("the").prefix == "the", "the last word stays whatever it is"
    with pytest.raises(InvalidInput):
        parse_query("!! a")


def test_matching_needs_every_whole_word_and_a_word_beginning_with_the_prefix():
    tokens = {"audition", "friday", "studio"}
    assert parse_query("friday audi").matches(tokens)
    assert not parse_query("fri audition").matches(tokens), "an earlier word must be whole"
    assert not parse_query("monday audi").matches(tokens)


def test_index_words_leave_out_stop_words():
    assert index_words("See you at the audition") == {"see", "audition"}


def test_postings_are_shared_out_and_whoever_would_need_more_is_marked_partial():
    cards = {"a": set(), "b": set()}
    shared = share_postings(["tambourine", "drum", "flute"], cards, budget=4)
    assert shared.words == {"a": ["tambourine", "flute"], "b": ["tambourine", "flute"]}, "longest first"
    assert shared.partial == ["a", "b"] and shared.count == 6
    roomy = share_postings(["drum"], cards, budget=240)
    assert roomy.words == {"a": ["drum"], "b": ["drum"]} and roomy.partial == []


def test_at_a_threads_start_each_participant_gets_its_card_first():
    cards = {"a": {"hamlet", "bea"}, "b": {"hamlet", "al"}}
    shared = share_postings(["monologue"], cards, budget=240)
    assert shared.words == {"a": ["hamlet", "bea", "monologue"], "b": ["hamlet", "al", "monologue"]}
