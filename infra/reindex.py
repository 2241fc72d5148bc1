"""Search index backfill: threads written before word sets and postings existed (issue 17) are
not found by a search (a walk of a folder matches their cards, no more) until their messages
are indexed again, oldest first, as the table stream would have done. Threads that already
have a word set are left alone, so a second run changes nothing; a stage's table can be done
in parallel segments.

    python -m infra.reindex --stage prod [--segment 0 --segments 4] [--region us-east-1]
"""
from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterator

from chalicelib.services.search import SearchService
from chalicelib.storage import connection
from chalicelib.storage.mail import META, MailRepository
from chalicelib.storage.models import ThreadItem, thread_key
from chalicelib.storage.search import SearchIndex

PAGE = 100


def every_thread(segment: int = 0, total_segments: int = 1) -> Iterator[str]:
    """The id of every thread in the table (one segment of a parallel Scan). An operator's tool
    only: no request path or Lambda function may Scan, so this lives here, not in chalicelib."""
    prefix = thread_key("")
    condition = (ThreadItem.sk == META) & ThreadItem.pk.startswith(prefix)
    for item in ThreadItem.scan(condition, segment=segment, total_segments=total_segments,
                                attributes_to_get=["pk"]):
        yield item.pk.removeprefix(prefix)


def reindex(search: SearchService, mail: MailRepository, index: SearchIndex, segment: int = 0,
            segments: int = 1) -> tuple[int, int]:
    """(threads indexed, messages indexed) in this segment."""
    threads = messages = 0
    for thread_id in every_thread(segment, segments):
        if index.thread_words(thread_id) is not None:
            continue
        bodies, start = [], None
        while True:
            page, start = mail.messages_of_thread(thread_id, start, PAGE)
            bodies += [m.body for m in page]
            if start is None:
                break
        for body in reversed(bodies):  # oldest first: the first one brings the card's words
            search.index_message(thread_id, body)
        threads, messages = threads + 1, messages + len(bodies)
    return threads, messages


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stage", required=True)
    parser.add_argument("--region", default=os.environ.get("AWS_REGION", "us-east-1"))
    parser.add_argument("--segment", type=int, default=0)
    parser.add_argument("--segments", type=int, default=1)
    args = parser.parse_args(argv)
    connection.configure(f"callboard-{args.stage}", args.region, os.environ.get("AWS_ENDPOINT_URL"))
    mail, index = MailRepository(), SearchIndex()
    threads, messages = reindex(SearchService(mail, index), mail, index, args.segment, args.segments)
    print(f"indexed {threads:,} threads ({messages:,} messages) in segment {args.segment} of {args.segments}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
