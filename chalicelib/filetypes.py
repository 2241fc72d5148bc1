"""What a file really is, from its first bytes (the `filetype` library, pure Python, ~20 KB).

filetype knows every allowed type but the legacy Word .doc, an OLE2 compound file: that one
is added through the library's own extension point.
"""
from __future__ import annotations

import filetype
from filetype.types.base import Type

OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class _Ole2Word(Type):  # type: ignore[misc]
    """OLE2 compound documents; Word 97-2003 files are one (so are .xls/.ppt: see docs)."""

    MIME = "application/msword"
    EXTENSION = "doc"

    def __init__(self) -> None:
        super().__init__(mime=self.MIME, extension=self.EXTENSION)

    def match(self, buf: bytes) -> bool:
        return bytes(buf[:8]) == OLE2_SIGNATURE


filetype.add_type(_Ole2Word())


def sniff(head: bytes) -> str | None:
    """The MIME type the bytes show, or None when they show no known signature."""
    kind = filetype.guess(head)
    return kind.mime if kind else None
