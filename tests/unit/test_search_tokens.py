from chalicelib.domain.search import MAX_TOKENS_PER_TEXT, query_tokens, tokenize


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
