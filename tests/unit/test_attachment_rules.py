import pytest

from chalicelib.domain import attachments as a
from chalicelib.domain.errors import InvalidInput, RuleBroken, TooLarge
from chalicelib.filetypes import sniff

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100


def test_declared_upload_accepted_at_the_limit():
    d = a.validate_declared("Sides – Act 1.pdf", "Application/PDF", a.MAX_BYTES)
    assert (d.filename, d.content_type, d.size) == ("Sides – Act 1.pdf", "application/pdf", 6_291_456)


@pytest.mark.parametrize(
    ("name", "ctype", "size", "error"),
    [("a.pdf", "application/pdf", a.MAX_BYTES + 1, TooLarge), ("a.pdf", "application/pdf", 0, InvalidInput),
     ("a.exe", "application/octet-stream", 10, InvalidInput), ("a.png", "application/pdf", 10, InvalidInput),
     ("...", "application/pdf", 10, InvalidInput), ("a.html", "text/html", 10, InvalidInput)],
)
def test_declared_upload_refused(name, ctype, size, error):
    with pytest.raises(error):
        a.validate_declared(name, ctype, size)


def test_media_kinds_restrict_types():
    with pytest.raises(InvalidInput):
        a.validate_declared("reel.mp4", "video/mp4", 10, allowed=a.MEDIA_KINDS["photo"])
    assert a.validate_declared("reel.mp4", "video/mp4", 10, allowed=a.MEDIA_KINDS["video"])


def test_filenames_lose_paths_and_unsafe_characters_but_keep_their_extension():
    assert a.clean_filename("C:\\Users\\me\\head<shot>.png") == "head_shot_.png"
    assert a.clean_filename("../../etc/passwd.txt") == "passwd.txt"
    assert a.clean_filename("bad\r\nname.pdf") == "bad__name.pdf"
    long = a.clean_filename("x" * 300 + ".pdf")
    assert len(long) == a.FILENAME_MAX and long.endswith(".pdf")


@pytest.mark.parametrize(
    ("declared", "size", "head", "ok"),
    [("application/pdf", 100, PDF, True), ("application/pdf", 100, b"MZ\x90\x00" + b"\x00" * 60, False),
     ("application/pdf", 0, b"", False), ("application/pdf", a.MAX_BYTES + 1, PDF, False),
     ("application/msword", 100, OLE, True), ("image/png", 100, PDF, False),
     ("text/plain", 100, "Hello ✨ wörld\n".encode(), True), ("text/plain", 100, b"\x00\x01binary", False),
     ("text/plain", 100, PDF, False), ("text/plain", 100, "é".encode() * 10 + "✨".encode()[:2], True)],
)
def test_judging_what_landed(declared, size, head, ok):
    verdict = a.judge_upload(declared, size, sniff(head) if head else None, head)
    assert verdict.ok is ok and (ok or verdict.reason)


def test_content_disposition_is_safe_and_exact():
    header = a.content_disposition('Sides "final" – Ωmega.pdf')
    assert header.startswith('attachment; filename="Sides final  mega.pdf"; ')
    assert "filename*=UTF-8''Sides%20%22final%22%20%E2%80%93%20%CE%A9mega.pdf" in header
    assert "\n" not in header and "\r" not in header


def test_every_allowed_type_has_a_name_and_the_client_gets_the_same_limits():
    assert set(a.TYPE_NAMES) == set(a.ALLOWED)
    assert all(set(types) <= set(a.ALLOWED) for types in a.MEDIA_KINDS.values())
    limits = a.client_limits()
    assert (limits["maxBytes"], limits["maxAttachments"]) == (a.MAX_BYTES, a.MAX_ATTACHMENTS)
    assert set(limits["extensions"].values()) <= set(a.ALLOWED)
    for content_type, (extensions, _) in a.ALLOWED.items():
        assert all(ext in limits["extensions"] for ext in extensions), content_type
    assert "Word (DOCX)" in limits["typeNames"] and limits["typeNames"].count("M4A") == 1


def test_the_local_web_config_carries_the_limits():
    import json

    from infra.local.web import config_script

    script = config_script("http://127.0.0.1:9", []).decode()
    config = json.loads(script[script.index("{"):script.rindex("}") + 1])
    assert config["limits"] == a.client_limits()


def test_a_message_carries_at_most_the_attachment_limit():
    a.check_count(["att_1"] * a.MAX_ATTACHMENTS)
    with pytest.raises(RuleBroken) as refused:
        a.check_count(["att_1"] * (a.MAX_ATTACHMENTS + 1))
    assert refused.value.code == "too_many_attachments"


def test_stored_records_show_their_owner_what_they_are_and_never_where_they_live():
    from chalicelib.domain.locker import Headshot, LockerItem, check_deletable, check_headshot

    common = {"owner_id": "usr_a", "filename": "me.png", "content_type": "image/png", "size": 10,
              "s3_key": "media/usr_a/med_1", "created_at": "2027-01-01T00:00:00Z"}
    refused = a.Attachment(**common, attachment_id="att_1", status="rejected", reason="not a PNG")
    assert refused.public() == {"attachment_id": "att_1", "filename": "me.png", "content_type": "image/png",
                                "size": 10, "status": "rejected", "reason": "not a PNG"}
    assert refused.state() == "rejected: not a PNG" and not refused.ready
    photo = LockerItem(**common, media_id="med_1", kind="photo", status="ready", version_id="v1")
    assert "s3_key" not in photo.public() and "reason" not in photo.public()
    check_headshot(photo)
    check_deletable(photo)
    assert Headshot.from_dict(photo.as_headshot().to_dict()) == photo.as_headshot()
    with pytest.raises(RuleBroken):
        check_headshot(LockerItem(**common, media_id="med_2", kind="photo"))  # still pending
