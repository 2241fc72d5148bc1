"""Shared text reading for the rules that look for words in what users write (notices, messages)."""
from .phrases import BREAK, NEGATION_WINDOW, Hit, Terms, Text, denied_in_clause, split_sentences, terms
from .reading import DISGUISED_WORDS, analyse, fold

__all__ = ["BREAK", "DISGUISED_WORDS", "NEGATION_WINDOW", "Hit", "Terms", "Text", "analyse", "denied_in_clause", "fold",
           "split_sentences", "terms"]
