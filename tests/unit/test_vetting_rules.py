"""The vetting rules engine (SPEC.md section 6): parsing, each rule, and a table-driven text corpus."""
import copy
import json
import time
from pathlib import Path

import pytest

from chalicelib.domain import notices as n
from chalicelib.domain import wages
from chalicelib.domain.errors import InvalidInput

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "notices"
POSTER = n.Poster("usr_casting")
NEUTRAL = ("Northlight Pictures is casting a ninety-minute drama about two sisters who reopen their late father's "
           "diner. Filming runs for two weeks in Brooklyn with a small crew, and sides go to selected talent.")


def body(name: str = "clean_paid") -> dict:
    return json.loads((FIXTURES / f"{name}.json").read_text())


def notice(**changes: object) -> n.Notice:
    data = body()
    data.update(changes)
    return n.parse_notice(data)


def severity(vetting: n.Vetting, rule: str) -> str | None:
    """The strongest finding a rule produced: "block", "review" or None."""
    found = {f.severity for f in vetting.findings if f.rule == rule}
    return n.BLOCK if n.BLOCK in found else n.REVIEW if n.REVIEW in found else None


# --- Parsing ----------------------------------------------------------------------------------------------

def test_fixture_parses_and_round_trips():
    parsed = n.parse_notice(body())
    assert parsed.location == n.Location("Brooklyn", "NY", "US")
    assert parsed.union == n.Union("union", "SAG-AFTRA Ultra Low Budget")
    assert parsed.pay is not None and (parsed.pay.rate, parsed.pay.unit) == (250.0, "day")
    assert parsed.expires_at == "2026-05-15T23:59:59.999Z", "a date expires at the end of that day, UTC"
    assert [r.name for r in parsed.roles] == ["June", "Dell"]
    assert n.parse_notice(parsed.to_dict()) == parsed


def test_parse_normalises_enums_states_and_datetimes():
    data = body()
    data.update(job_type=" Music  Video ", category="CASTING", expires_at="2026-05-15T12:00:00-04:00",
                location={"city": "Montréal", "state": "Québec", "country": "ca"})
    parsed = n.parse_notice(data)
    assert (parsed.job_type, parsed.category) == ("music video", "casting")
    assert parsed.location == n.Location("Montréal", "QC", "CA")
    assert parsed.expires_at == "2026-05-15T16:00:00.000Z"


def test_a_draft_may_be_incomplete():
    draft = n.parse_notice({"name": "Untitled short", "job_type": "film", "category": "casting"})
    assert draft.roles == () and draft.location is None and draft.pay is None and draft.union is None
    vetting = n.vet(draft, POSTER)
    assert vetting.status == n.RETURNED and {n.VAGUE_LISTING, n.UNION_CONTRACT} <= vetting.rules(n.BLOCK)


@pytest.mark.parametrize(("change", "field"), [
    ({"name": "  "}, "name"),
    ({"name": "x" * 201}, "name"),
    ({"job_type": "podcast"}, "job_type"),
    ({"category": "audition"}, "category"),
    ({"description": 42}, "description"),
    ({"location": "Brooklyn"}, "location"),
    ({"location": {"city": "Austin", "state": "TX", "country": "MX"}}, "location.country"),
    ({"location": {"city": "Austin", "state": "Ontario", "country": "US"}}, "location.state"),
    ({"location": {"city": "Austin", "state": "TX"}}, "location.country"),
    ({"union": {"status": "guild"}}, "union.status"),
    ({"pay": {"kind": "paid", "rate": "250", "unit": "day"}}, "pay.rate"),
    ({"pay": {"kind": "paid", "rate": 250}}, "pay.unit"),
    ({"pay": {"kind": "paid", "rate": 250, "unit": "month"}}, "pay.unit"),
    ({"pay": {"kind": "paid", "rate": -1, "unit": "hour"}}, "pay.rate"),
    ({"pay": {"kind": "paid", "rate": True, "unit": "hour"}}, "pay.rate"),
    ({"pay": {"kind": "maybe"}}, "pay.kind"),
    ({"nudity": "no"}, "nudity"),
    ({"fee": {"amount": "ten"}}, "fee.amount"),
    ({"starts_on": "06/01/2026"}, "starts_on"),
    ({"starts_on": "2026-02-30"}, "starts_on"),
    ({"ends_on": "2026-05-01"}, "ends_on"),
    ({"expires_at": "next week"}, "expires_at"),
    ({"roles": {"name": "June"}}, "roles"),
    ({"roles": [{"name": "June"}] * 51}, "roles"),
    ({"roles": [{"description": "no name"}]}, "roles[0].name"),
    ({"roles": [{"name": "June", "age_min": 40, "age_max": 30}]}, "roles[0].age_max"),
    ({"roles": [{"name": "June", "age_min": 12.5}]}, "roles[0].age_min"),
    ({"roles": [{"name": "June", "nudity": 1}]}, "roles[0].nudity"),
])
def test_bad_input_names_the_field(change, field):
    data = body()
    data.update(change)
    with pytest.raises(InvalidInput) as caught:
        n.parse_notice(data)
    assert caught.value.message.startswith(field + " "), caught.value.message


def test_body_must_be_an_object():
    with pytest.raises(InvalidInput):
        n.parse_notice(["not", "a", "notice"])


REMOTE_LOCATION = {"city": "Brooklyn", "state": "NY", "country": "US", "remote": True}


def test_a_remote_notice_parses_and_round_trips_keeping_where_it_is_based():
    parsed = notice(location=REMOTE_LOCATION)
    assert parsed.location == n.Location("Brooklyn", "NY", "US", remote=True)
    assert parsed.to_dict()["location"] == REMOTE_LOCATION
    assert n.parse_notice(parsed.to_dict()) == parsed


@pytest.mark.parametrize("flag", [False, None])
def test_a_notice_that_is_not_remote_stores_no_remote_flag(flag):
    """Stored notices from before the flag and new ones that are not remote look the same."""
    parsed = notice(location={"city": "Brooklyn", "state": "NY", "country": "US", "remote": flag})
    assert parsed.location is not None and parsed.location.remote is False
    assert parsed.to_dict()["location"] == {"city": "Brooklyn", "state": "NY", "country": "US"}
    assert n.parse_notice(parsed.to_dict()) == parsed


@pytest.mark.parametrize("flag", ["true", 1, 0, "yes", [], {}])
def test_a_remote_flag_that_is_not_a_boolean_names_location_remote(flag):
    with pytest.raises(InvalidInput) as caught:
        notice(location={**REMOTE_LOCATION, "remote": flag})
    assert caught.value.message == "location.remote must be true or false"
    assert caught.value.code == "invalid_notice"


def test_a_remote_notice_is_vetted_like_any_other():
    """Remote work still names where the production is based: the location rule asks for it and
    the Paid tag checks the rate against that state's minimum wage."""
    clean = n.vet(notice(location=REMOTE_LOCATION), POSTER)
    assert clean.status == n.PENDING_REVIEW and clean.paid_tag is True and not clean.findings
    vague = n.vet(notice(location={"remote": True}), POSTER)
    assert severity(vague, VAGUE) == B
    assert any("city, state or province and country" in f.message for f in vague.findings if f.rule == VAGUE)
    assert n.vet(notice(location={**REMOTE_LOCATION, "city": ""}), POSTER).rules(n.BLOCK) == {VAGUE}
    low = n.vet(notice(location=REMOTE_LOCATION, pay={"kind": "paid", "rate": 100, "unit": "day"},
                       starts_on="2026-06-01", ends_on="2026-06-01"), POSTER)
    assert low.paid_tag is False and "New York minimum wage" in low.findings[0].message


# --- Reading text past disguises -------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "words"), [
    ("PoRn", "porn"),
    ("p0rn", "porn"),
    ("$ex", "sex"),
    ("n u d e", "nude"),
    ("p.o.r.n", "porn"),
    ("p. o. r. n.", "porn"),
    ("n-u-d-3", "nude"),
    ("po rn", "porn"),
    ("nu.de", "nude"),
    ("p*rn", "porn"),
    ("n***", "n"),  # too little shows to guess
    ("nuuuude", "nude"),
    ("xxx", "xxx"),
    ("\u0440\u043ern", "porn"),  # Cyrillic er and o
    ("\u039d\u03bfde", "node"),  # Greek capital nu and omicron
    ("n\u200bu\u200bd\u200be", "nude"),
    ("ｎｕｄｅ", "nude"),
    ("Nüdé", "nude"),
    ("ᴘᴏʀɴ", "porn"),
    ("It's ex-wife", "its ex wife"),
    ("$25/hr, 9am, 18+, 2nd", "25 hr , 9am , 18 , 2nd"),
    ("Essex Street, Scunthorpe", "essex street , scunthorpe"),
    ("Nudity? None.", "nudity , none"),
])
def test_analyse_undoes_disguises_but_keeps_words_whole(text, words):
    assert n.analyse(text).joined == words


@pytest.mark.parametrize("text", ["a-" * 5000, "x." * 5000, "1 " * 5000, "www." * 2400, "a.b@" * 2500,
                                  "apply " * 1600, "to apply , visit " * 500, "x dot " * 1600, "1" * 10000])
def test_hostile_input_is_vetted_quickly(text):
    item = notice(description=text[:n.DESCRIPTION_MAX])
    started = time.perf_counter()
    n.vet(item, POSTER)
    assert time.perf_counter() - started < 1.0


# --- The fixtures the end-to-end flow uses -----------------------------------------------------------------

@pytest.mark.parametrize(("fixture", "rule"), [
    ("pay_to_play", n.PAY_TO_PLAY), ("undisclosed_nudity", n.ADULT_CONTENT), ("third_party", n.THIRD_PARTY)])
def test_bad_fixtures_are_returned_naming_the_rule(fixture, rule):
    vetting = n.vet(n.parse_notice(body(fixture)), POSTER)
    assert vetting.status == n.RETURNED
    assert vetting.rules(n.BLOCK) == {rule}


def test_clean_paid_notice_waits_for_an_editor_with_the_paid_tag():
    vetting = n.vet(n.parse_notice(body()), POSTER)
    assert vetting.to_dict() == {"status": "pending_review", "findings": [], "paid_tag": True, "pay_label": "paid",
                                 "student_badge": False}


def test_deferred_pay_goes_out_not_paid_without_blocking():
    vetting = n.vet(n.parse_notice(body("deferred_pay")), POSTER)
    assert (vetting.status, vetting.paid_tag) == (n.PENDING_REVIEW, False)
    assert [(f.rule, f.severity) for f in vetting.findings] == [(n.PAID_TAG, n.REVIEW)]
    assert "Not Paid" in vetting.findings[0].message


def test_workshop_with_its_fee_spelled_out_is_fine():
    vetting = n.vet(n.parse_notice(body("workshop_with_fee")), POSTER)
    assert vetting.status == n.PENDING_REVIEW and vetting.findings == ()


# --- The text corpus: (rule, expected severity or None, text, where it goes) ------------------------------
# Every case runs the whole engine on the clean notice with the text added; only the named rule is checked.

ADULT, FEE, THIRD, PAID, VAGUE = n.ADULT_CONTENT, n.PAY_TO_PLAY, n.THIRD_PARTY, n.PAID_TAG, n.VAGUE_LISTING
B, R = n.BLOCK, n.REVIEW
CORPUS = [
    # adult content: pornography, and nudity/sex without disclosure, however it is written
    (ADULT, B, "Must be comfortable with n u d e scenes.", "description"),
    (ADULT, B, "A short p0rn parody sketch for our channel.", "description"),
    (ADULT, B, "Shooting content for an adult website.", "description"),
    (ADULT, B, "Looking for models for our p.o.r.n site.", "description"),
    (ADULT, B, "р\u043ern shoot downtown", "description"),  # Cyrillic er and o
    (ADULT, B, "ｎｕｄｅ figure photography project", "description"),  # fullwidth
    (ADULT, B, "𝐧𝐮𝐝𝐞 art photography", "description"),  # mathematical bold
    (ADULT, B, "One scene requires full frontal nudity.", "description"),
    (ADULT, B, "Topless beach scene in act two.", "description"),
    (ADULT, B, "The role has a simulated sex scene; an intimacy coordinator will be on set.", "description"),
    (ADULT, B, "Includes a love scene with the lead.", "description"),
    (ADULT, B, "Brief n.u.d.i.t.y in the shower scene.", "description"),
    (ADULT, B, "Must be comfortable being naked on camera.", "description"),
    (ADULT, B, "Nuuude modeling for a figure drawing class.", "description"),
    (ADULT, B, "Not afraid of nudity? Perfect.", "description"),
    (ADULT, B, "No problem with nudity is a must.", "description"),
    (ADULT, B, "Sexually suggestive dance number in the club scene.", "description"),
    (ADULT, B, "One s3x scene, tastefully shot.", "description"),
    (ADULT, B, "n\u200bu\u200bd\u200be scenes", "description"),  # zero-width spaces
    (ADULT, B, "\u039dude scene in the lake", "description"),  # Greek capital nu
    (ADULT, B, "N̷u̷d̷e̷ scenes required", "description"),  # combining strokes
    (ADULT, B, "Seeking OnlyFans creators for a collab.", "description"),
    (ADULT, B, "XXX-rated feature, all ages 18+.", "description"),
    (ADULT, B, "po rn shoot this weekend", "description"),
    (ADULT, B, "Casting for a p*rn parody.", "description"),
    (ADULT, B, "NSFW content for a private client.", "description"),
    (ADULT, B, "Dancer at a strip club; some partial nudity.", "role"),
    (ADULT, B, "Appears n.a.k.e.d in the final scene.", "role"),
    (ADULT, B, "Pornographic film", "title"),
    (ADULT, R, "Lingerie catalog shoot for a national brand.", "description"),
    (ADULT, R, "A drama about the aftermath of sexual assault.", "description"),
    (ADULT, R, "The character undresses behind a screen; no nudity is shown.", "description"),
    (ADULT, R, "The lead is a sex worker trying to leave the life.", "role"),
    (ADULT, B, "Comfortable with nudity? No problem.", "description"),
    (ADULT, B, "Must be ok with nu dity.", "description"),
    (ADULT, B, "Must be OK with NÚDITY.", "description"),
    (ADULT, B, "Must be ok with ɴᴜᴅɪᴛʏ.", "description"),  # Latin small capitals
    (ADULT, None, "Makeup: nude lip and natural brows.", "description"),
    (ADULT, None, "Wear nude-colored undergarments under the costume.", "description"),
    (ADULT, None, "Rehearsals at the Essex Street theater.", "description"),
    (ADULT, None, "Filming on location in Scunthorpe and Middlesex.", "description"),
    (ADULT, None, "No nudity.", "description"),
    (ADULT, None, "There is no nudity or sexual content in this film.", "description"),
    (ADULT, None, "Nudity: none.", "description"),
    (ADULT, None, "Nudity is not required for any role.", "description"),
    (ADULT, None, "Sex: female. Age 25-35.", "role"),
    (ADULT, None, "A story about a same-sex couple opening a bakery.", "description"),
    (ADULT, None, "All genders and sexual orientations welcome.", "description"),
    (ADULT, None, "Jazz sextet needs a vocalist for the wedding scene.", "description"),
    (ADULT, None, "Nude heels and a black dress for the gala scene.", "role"),
    (ADULT, None, "Details too small to see with the naked eye.", "description"),
    (ADULT, None, "Non-nude swimwear shoot on the beach.", "description"),
    (ADULT, None, "Sexton, the gravedigger, is the analyst of the village.", "role"),
    (ADULT, None, "Zero tolerance for sexual harassment on set.", "description"),
    (ADULT, None, "It's ex-wife's birthday scene.", "description"),
    (ADULT, None, "Nudity? None. Pay? $300/day.", "description"),
    (ADULT, None, "A running gag about a naked mole rat named Steve.", "description"),
    (ADULT, None, "Models for a cosmetics campaign: nude lip, dewy skin, minimal makeup.", "description"),
    # pay-to-play (casting notices)
    (FEE, B, "A $35 registration fee is due before your slot is confirmed.", "description"),
    (FEE, B, "Actors must pay a small fee to audition.", "description"),
    (FEE, B, "Submission fee: $20.", "description"),
    (FEE, B, "Talent will be charged $50 for the casting session.", "description"),
    (FEE, B, "Pay to play: $100 gets you seen by our agents.", "description"),
    (FEE, B, "Headshots must be purchased from our photographer.", "description"),
    (FEE, B, "You are required to buy our $200 headshot package.", "description"),
    (FEE, B, "You must enroll in our acting class to be considered.", "description"),
    (FEE, B, "A refundable deposit of $100 is required.", "description"),
    (FEE, B, "There is a $25 fee to audition.", "description"),
    (FEE, B, "It costs $10 to submit.", "description"),
    (FEE, B, "Participants pay $40 each for the showcase.", "description"),
    (FEE, B, "Registration fees apply.", "description"),
    (FEE, B, "Background: $15 sign-up fee", "role"),
    (FEE, B, "Tuition is $300 for the program.", "description"),
    (FEE, B, "Each actor pays $25 for their slot.", "description"),
    (FEE, B, "Must take a paid workshop with our coach before the audition.", "description"),
    (FEE, B, "$ubmission f33 is $20", "description"),  # leetspeak
    (FEE, B, "ɑudition fee $30", "description"),  # Latin alpha
    (FEE, B, "R E G I S T R A T I O N fee: $45", "description"),
    (FEE, B, "We charge talent a one-time setup charge.", "description"),
    (FEE, B, "We charge all actors $20 to audition.", "description"),
    (FEE, B, "Reg fee $30 due at check-in.", "description"),
    (FEE, B, "Bring $50 cash for the casting session.", "description"),
    (FEE, B, "You'll pay $25 for your audition slot.", "description"),
    (FEE, B, "You will need to pay $25 for your slot.", "description"),
    (FEE, B, "Headshots required from our in-house photographer ($150).", "description"),
    (FEE, None, "There is no cost to apply.", "description"),
    (FEE, None, "No fees, ever.", "description"),
    (FEE, None, "Free to submit.", "description"),
    (FEE, None, "Pay rate $25/hr, paid weekly.", "description"),
    (FEE, None, "We pay a session fee of $500 plus usage.", "description"),
    (FEE, None, "Appearance fee: $300 for the day.", "description"),
    (FEE, None, "There is no registration fee and no audition fee.", "description"),
    (FEE, None, "You will never be asked to pay to audition.", "description"),
    (FEE, None, "Submission fee: none.", "description"),
    (FEE, None, "Headshots are not required; a phone snapshot is fine.", "description"),
    (FEE, None, "We do not charge talent.", "description"),
    (FEE, None, "Talent pay: $200/day plus overtime.", "description"),
    (FEE, None, "Paid weekly via direct deposit.", "description"),
    (FEE, None, "Registration fee waived for all actors.", "description"),
    (FEE, None, "The production will buy all wardrobe.", "description"),
    (FEE, None, "You do not need to buy headshots for this audition.", "description"),
    (FEE, None, "Rate: $400/day + 20% agency fee.", "description"),
    (FEE, None, "Casting fee covered by production.", "description"),
    (FEE, None, "We pay a fee of $500 to each actor.", "description"),
    (FEE, None, "Each participant receives $100 per person.", "description"),
    (FEE, None, "Session fee $350 plus usage. Talent fee: $500 buyout.", "description"),
    # third-party promotion
    (THIRD, B, "Apply on our website to be considered.", "description"),
    (THIRD, B, "Sign up at castingapp.com to submit.", "description"),
    (THIRD, B, "Download the app to audition.", "description"),
    (THIRD, B, "Submit through Actors Access.", "description"),
    (THIRD, B, "DM us on Instagram to apply.", "description"),
    (THIRD, B, "Register via Eventbrite.", "description"),
    (THIRD, B, "Apply at https://starcasting.example/roles", "description"),
    (THIRD, B, "Fill in forms.gle/abc123 to submit.", "description"),
    (THIRD, B, "Must follow us on TikTok to be considered.", "description"),
    (THIRD, B, "Apply via castfast dot com", "description"),
    (THIRD, B, "\u0410pply on our w\u0435bsite.", "description"),  # Cyrillic A and e
    (THIRD, B, "Submit via the Castly app.", "role"),
    (THIRD, B, "To apply, visit our casting portal.", "description"),
    (THIRD, B, "Join our Discord to audition.", "description"),
    (THIRD, B, "Send submissions to our Insta @northlight.", "description"),
    (THIRD, B, "Text us on WhatsApp to book your slot.", "description"),
    (THIRD, R, "See our past work at www.northlight.example.com", "description"),
    (THIRD, R, "Follow us on Instagram for behind-the-scenes updates.", "description"),
    (THIRD, None, "Apply through Callboard only.", "description"),
    (THIRD, None, "Submit a link to your reel on YouTube or Vimeo.", "description"),
    (THIRD, None, "Auditions at the Essex Street Theater; sign up at the door.", "description"),
    (THIRD, None, "Email your headshot to casting@northlight.com.", "description"),
    (THIRD, None, "Our last film streamed on Netflix.", "description"),
    (THIRD, None, "There is no cost to apply.", "description"),
    (THIRD, None, "Apply here on this site.", "description"),
    (THIRD, None, "Use the Callboard app to submit your tape.", "description"),
    (THIRD, None, "Submit your self tape via WeTransfer.", "description"),
    (THIRD, None, "Register at the front desk when you arrive.", "description"),
    # paid tag: in-kind, deferred and contingent pay (the notice asks for Paid at $250/day in New York)
    (PAID, R, "Deferred pay.", "pay"),
    (PAID, R, "Paid if the film gets picked up for distribution.", "pay"),
    (PAID, R, "Copy, credit and meals only.", "pay"),
    (PAID, R, "TFP shoot.", "pay"),
    (PAID, R, "Profit share from festival sales.", "pay"),
    (PAID, R, "Payment upon distribution.", "pay"),
    (PAID, R, "Paid in exposure and experience.", "description"),
    (PAID, R, "Unpaid, but a great reel opportunity.", "pay"),
    (PAID, None, "Guaranteed $250/day, not deferred.", "pay"),
    (PAID, None, "Pay rate $25/hr.", "pay"),
    (PAID, None, "Meals provided and parking covered.", "pay"),
    (PAID, None, "Deferred to a later date: the shoot moved to June.", "description"),
    # vague listing: placeholders in an otherwise complete notice
    (VAGUE, R, "Shoot location details TBA.", "description"),
    (VAGUE, R, "DM for more details.", "description"),
    (VAGUE, None, "Shooting at the Essex Street studio in Brooklyn.", "description"),
]


def with_text(text: str, where: str) -> n.Notice:
    data = body()
    data["description"] = NEUTRAL
    if where == "description":
        data["description"] = f"{NEUTRAL} {text}"
    elif where == "title":
        data["name"] = text
    elif where == "role":
        data["roles"][1]["description"] = text
    elif where == "pay":
        data["pay"]["notes"] = text
    else:
        raise AssertionError(where)
    return n.parse_notice(data)


def test_corpus_is_big_and_has_both_kinds():
    assert len(CORPUS) >= 60
    for rule in (ADULT, FEE, THIRD, PAID):
        kinds = {expected for r, expected, _, _ in CORPUS if r == rule}
        assert None in kinds and (B in kinds or R in kinds), rule


def test_the_neutral_notice_fires_nothing():
    assert n.vet(with_text("", "description"), POSTER).findings == ()


@pytest.mark.parametrize(("rule", "expected", "text", "where"), CORPUS,
                         ids=[f"{rule}-{expected or 'ok'}-{text[:40]}" for rule, expected, text, _ in CORPUS])
def test_corpus(rule, expected, text, where):
    vetting = n.vet(with_text(text, where), POSTER)
    assert severity(vetting, rule) == expected, [f.message for f in vetting.findings]


# --- Adult content: disclosure on the notice and the role ------------------------------------------------

def nude_role(notice_flag: bool, role_flag: bool, text: str = "One brief topless scene.") -> n.Notice:
    data = body()
    data["nudity"] = notice_flag
    data["roles"][1].update(description=text, nudity=role_flag)
    return n.parse_notice(data)


def test_disclosed_nudity_is_allowed():
    vetting = n.vet(nude_role(True, True), POSTER)
    assert severity(vetting, ADULT) is None and vetting.status == n.PENDING_REVIEW


@pytest.mark.parametrize(("notice_flag", "role_flag"), [(False, False), (True, False), (False, True)])
def test_nudity_needs_both_disclosures(notice_flag, role_flag):
    assert severity(n.vet(nude_role(notice_flag, role_flag), POSTER), ADULT) == B


def test_notice_disclosure_must_say_which_role():
    vetting = n.vet(nude_role(True, False, "The younger sister."), POSTER)
    assert severity(vetting, ADULT) == B and "which roles" in vetting.findings[0].message


def test_description_mentioning_nudity_needs_a_flagged_role():
    data = body()
    data.update(description=NEUTRAL + " One scene involves partial nudity.", nudity=True)
    assert severity(n.vet(n.parse_notice(data), POSTER), ADULT) == B
    data["roles"][1]["nudity"] = True
    assert severity(n.vet(n.parse_notice(data), POSTER), ADULT) is None


def test_pornography_is_refused_even_when_disclosed():
    vetting = n.vet(nude_role(True, True, "Lead in an adult film."), POSTER)
    assert severity(vetting, ADULT) == B and "pornograph" in vetting.findings[0].message


# --- Paid tag --------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("state", "country", "rate", "unit", "days", "paid"), [
    ("CA", "US", 16.50, "hour", 1, True),   # California floor 16.50
    ("CA", "US", 16.00, "hour", 1, False),
    ("TX", "US", 7.25, "hour", 1, True),    # no state floor above federal
    ("TX", "US", 7.00, "hour", 1, False),
    ("NY", "US", 100, "day", 1, False),     # 12.50/h at 8 h/day < 15.50
    ("NY", "US", 130, "day", 1, True),      # 16.25/h
    ("WA", "US", 600, "week", 5, False),    # 15.00/h at 40 h/week < 16.66
    ("WA", "US", 700, "week", 5, True),     # 17.50/h
    ("NY", "US", 1000, "flat", 14, False),  # 1000 / (14 days x 8 h) = 8.93/h
    ("NY", "US", 1000, "flat", 1, True),    # 125/h
    ("ON", "CA", 17.20, "hour", 1, True),
    ("ON", "CA", 17.00, "hour", 1, False),
    ("NU", "CA", 18.99, "hour", 1, False),  # Nunavut 19.00
    ("BC", "CA", 140, "day", 1, True),      # 17.50/h >= 17.40
])
def test_paid_tag_needs_the_local_minimum_wage(state, country, rate, unit, days, paid):
    ends_on = f"2026-06-{days:02d}"
    item = notice(location={"city": "Somewhere", "state": state, "country": country}, starts_on="2026-06-01",
                  ends_on=ends_on, pay={"kind": "paid", "rate": rate, "unit": unit})
    vetting = n.vet(item, POSTER)
    assert vetting.paid_tag is paid
    assert severity(vetting, PAID) == (None if paid else R)
    if not paid:
        assert "minimum wage" in vetting.findings[0].message and vetting.status == n.PENDING_REVIEW


def test_not_paid_notice_has_no_finding_and_no_tag():
    vetting = n.vet(notice(pay={"kind": "not_paid", "notes": "Copy, credit and meals."}), POSTER)
    assert vetting.paid_tag is False and severity(vetting, PAID) is None


@pytest.mark.parametrize("pay", [None, {"kind": "paid"}])
def test_paid_without_a_rate_is_not_paid(pay):
    vetting = n.vet(notice(pay=pay), POSTER)
    assert vetting.paid_tag is False and severity(vetting, PAID) == R


def test_flat_rate_without_dates_cannot_be_checked():
    item = notice(pay={"kind": "paid", "rate": 5000, "unit": "flat"}, starts_on=None, ends_on=None)
    assert n.assess_pay(item).paid is False and "dates" in (n.assess_pay(item).reason or "")


def test_wage_table_and_hours_are_configurable():
    item = notice(location={"city": "Austin", "state": "TX", "country": "US"},
                  pay={"kind": "paid", "rate": 80, "unit": "day"})
    assert n.vet(item, POSTER).paid_tag is True  # 10/h vs federal 7.25
    assert n.vet(item, POSTER, n.VettingConfig(wage_floors={("US", "TX"): 12.0})).paid_tag is False
    assert n.vet(item, POSTER, n.VettingConfig(hours_per_day=12)).paid_tag is False  # 6.67/h


def test_hourly_rate_states_its_assumption():
    pay = n.Pay("paid", 900, "flat")
    hourly, assumption = n.hourly_rate(pay, "2026-06-01", "2026-06-03", n.DEFAULT_CONFIG)
    assert hourly == pytest.approx(37.5) and assumption == "3 days of 8 hours"


def test_wage_table_covers_every_state_and_province():
    for code in wages.US_STATES:
        assert wages.minimum_wage("US", code) >= wages.US_FEDERAL_MINIMUM
    assert set(wages.CA_PROVINCE_MINIMUMS) == set(wages.CA_PROVINCES)
    assert wages.minimum_wage("US", "GA") == 7.25 and wages.minimum_wage("US", "CA") == 16.50
    assert (wages.region_code("US", "new york"), wages.region_code("CA", "P.E.I."),
            wages.region_code("CA", "Québec"), wages.region_code("US", "Ontario")) == ("NY", "PE", "QC", None)


# --- Pay-to-play: structured fees ------------------------------------------------------------------------

def workshop(**changes: object) -> n.Notice:
    data = body("workshop_with_fee")
    data.update(changes)
    return n.parse_notice(data)


def test_casting_notice_may_not_have_a_fee():
    vetting = n.vet(notice(fee={"amount": 25, "description": "Covers the studio rental for the day"}), POSTER)
    assert severity(vetting, FEE) == B


def test_zero_fee_is_no_fee():
    assert severity(n.vet(notice(fee={"amount": 0, "description": ""}), POSTER), FEE) is None


@pytest.mark.parametrize(("fee", "fragment"), [
    ({"description": "Two evening sessions with individual on-camera notes"}, "amount"),
    ({"amount": 150, "description": "Fee"}, "what the workshop's fee buys"),
    ({"amount": 150}, "what the workshop's fee buys"),
])
def test_workshop_fee_must_spell_out_amount_and_what_it_buys(fee, fragment):
    vetting = n.vet(workshop(fee=fee), POSTER)
    assert severity(vetting, FEE) == B and any(fragment in f.message for f in vetting.findings)


def test_workshop_mentioning_a_fee_must_fill_the_fee_field():
    text = body("workshop_with_fee")["description"] + " Tuition is $150, payable at the door."
    assert severity(n.vet(workshop(description=text, fee=None), POSTER), FEE) == B
    assert severity(n.vet(workshop(description=text), POSTER), FEE) is None


@pytest.mark.parametrize("category", n.NON_CASTING_CATEGORIES)
def test_every_non_casting_category_may_charge_a_spelled_out_fee(category):
    assert severity(n.vet(workshop(category=category), POSTER), FEE) is None


# --- Vague listings --------------------------------------------------------------------------------------

@pytest.mark.parametrize(("change", "fragment"), [
    ({"description": "Actors needed. Paid."}, "too short"),
    ({"description": " ".join(["actors needed"] * 10)}, "too short"),
    ({"starts_on": None}, "start date"),
    ({"ends_on": None, "expires_at": None}, "end date and expiry date"),
    ({"location": None}, "city, state or province and country"),
    ({"location": {"city": "", "state": "NY", "country": "US"}}, "city"),
    ({"roles": []}, "role"),
])
def test_vague_listing_is_returned(change, fragment):
    vetting = n.vet(notice(**change), POSTER)
    assert severity(vetting, VAGUE) == B and vetting.status == n.RETURNED
    assert any(fragment in f.message for f in vetting.findings if f.rule == VAGUE)


def test_non_casting_notice_needs_no_roles():
    assert severity(n.vet(workshop(roles=[]), POSTER), VAGUE) is None


def test_min_description_words_is_configurable():
    item = notice(description="Two sisters reopen a diner. Two-week shoot in Brooklyn.")
    assert severity(n.vet(item, POSTER), VAGUE) == B
    assert severity(n.vet(item, POSTER, n.VettingConfig(min_description_words=8)), VAGUE) is None


# --- Third party: an editor's pre-approval --------------------------------------------------------------

def test_pre_approved_poster_may_send_talent_elsewhere():
    item = n.parse_notice(body("third_party"))
    assert severity(n.vet(item, n.Poster("usr_casting", third_party_approved=True)), THIRD) is None


# --- Union ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("union", "expected"), [
    (None, B),
    ({"status": "union"}, B),
    ({"status": "union", "contract": "   "}, B),
    ({"status": "union", "contract": "SAG-AFTRA Ultra Low Budget"}, None),
    ({"status": "union", "contract": "AEA Small Professional Theatre"}, None),
    ({"status": "union", "contract": "ACTRA IPA"}, None),
    ({"status": "union", "contract": "UBCP/ACTRA BCMPA"}, None),
    ({"status": "union", "contract": "AGMA"}, None),
    ({"status": "union", "contract": "Canadian Actors' Equity Association"}, None),
    ({"status": "union", "contract": "Local agreement 52"}, R),
    ({"status": "non-union"}, None),
])
def test_union_status_and_contract(union, expected):
    assert severity(n.vet(notice(union=union), POSTER), n.UNION_CONTRACT) == expected


# --- Non-casting limit -----------------------------------------------------------------------------------

@pytest.mark.parametrize(("open_count", "limit", "expected"), [(0, 3, None), (2, 3, None), (3, 3, B), (7, 3, B),
                                                                (4, 5, None)])
def test_non_casting_notices_are_limited_per_poster(open_count, limit, expected):
    poster = n.Poster("usr_casting", open_non_casting_count=open_count)
    vetting = n.vet(workshop(), poster, n.VettingConfig(non_casting_limit=limit))
    assert severity(vetting, n.NON_CASTING_LIMIT) == expected


def test_casting_notices_are_not_limited():
    poster = n.Poster("usr_casting", open_non_casting_count=50)
    assert severity(n.vet(n.parse_notice(body()), poster), n.NON_CASTING_LIMIT) is None


# --- Student film --------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("email", "verified", "badge"), [
    ("ana@nyu.edu", True, True),
    ("ana@nyu.edu", False, False),
    ("ana@mail.utoronto.ca", True, True),
    ("ana@sfu.ca", True, True),
    ("ana@notutoronto.ca", True, False),
    ("ana@utoronto.ca.example.com", True, False),
    ("ana@edu.example.com", True, False),
    ("ana@gmail.com", True, False),
    (None, True, False),
])
def test_student_badge_needs_a_verified_school_address(email, verified, badge):
    poster = n.Poster("usr_casting", email=email, email_verified=verified)
    assert n.vet(n.parse_notice(body()), poster).student_badge is badge


def test_school_domains_are_configurable_and_override_counts():
    poster = n.Poster("usr_casting", email="ana@filmschool.example", email_verified=True)
    assert n.student_badge(poster) is False
    assert n.student_badge(poster, n.VettingConfig(school_domains=("filmschool.example",))) is True
    assert n.student_badge(n.Poster("usr_casting", verified_school_email=True)) is True


def test_claiming_a_student_film_without_the_badge_is_noted():
    item = notice(description=NEUTRAL + " This is my thesis film at the conservatory.")
    assert severity(n.vet(item, POSTER), n.STUDENT_FILM) == R
    student = n.Poster("usr_casting", email="ana@nyu.edu", email_verified=True)
    assert severity(n.vet(item, student), n.STUDENT_FILM) is None


# --- The verdict -----------------------------------------------------------------------------------------------

def test_reviews_alone_do_not_return_a_notice_and_any_block_does():
    reviewed = n.vet(notice(pay={"kind": "paid", "rate": 50, "unit": "day"}), POSTER)
    assert reviewed.status == n.PENDING_REVIEW and reviewed.rules() == {PAID}
    blocked = n.vet(notice(pay={"kind": "paid", "rate": 50, "unit": "day"}, union=None), POSTER)
    assert blocked.status == n.RETURNED and blocked.rules(n.BLOCK) == {n.UNION_CONTRACT}


def test_every_rule_is_small_named_and_documented():
    assert len(n.RULES) == 9
    for rule in n.RULES:
        assert rule.__name__.startswith("rule_") and rule.__doc__
    names = {n.PAID_TAG, n.PAY_TO_PLAY, n.VAGUE_LISTING, n.THIRD_PARTY, n.ADULT_CONTENT, n.UNION_CONTRACT,
             n.NON_CASTING_LIMIT, n.STUDENT_FILM, n.OFF_PLATFORM_CONTACT}
    assert len(names) == 9


def test_findings_messages_are_sentences_the_poster_can_act_on():
    worst = copy.deepcopy(body())
    worst.update(description="Apply on our website. Registration fee $20. Nude scenes.", union={"status": "union"},
                 roles=[], pay={"kind": "paid", "rate": 5, "unit": "hour"})
    vetting = n.vet(n.parse_notice(worst), POSTER)
    assert {n.VAGUE_LISTING, n.PAY_TO_PLAY, n.THIRD_PARTY, n.ADULT_CONTENT, n.UNION_CONTRACT} <= vetting.rules(B)
    for finding in vetting.findings:
        assert finding.message[0].isupper() and finding.message.endswith(".") and len(finding.message) > 20
