"""Each vetting finding names the field it is about and quotes the poster's own sentence."""
import json
from pathlib import Path

from chalicelib.domain.notices import Poster, parse_notice, vet

CLEAN = json.loads((Path(__file__).resolve().parents[1] / "fixtures" / "notices" / "clean_paid.json").read_text())


def findings_of(**changes):
    return {f.rule: f.to_dict() for f in vet(parse_notice({**CLEAN, **changes}), Poster(user_id="usr_1")).findings}


def test_a_text_finding_names_its_field_and_quotes_the_whole_sentence_as_written():
    found = findings_of(description=("Night Market is a short drama shot over three nights in Brooklyn about a food "
                                     "stall family. Questions? W h a t s A p p us at 917 555 0142 before you apply."))
    contact = found["off_platform_contact"]
    assert contact["field"] == "description"
    assert contact["quote"] == "W h a t s A p p us at 917 555 0142 before you apply."


def test_a_role_finding_points_at_that_role_and_a_missing_value_at_its_field():
    roles = [CLEAN["roles"][0], {**CLEAN["roles"][1], "description": "Younger sister. Apply through our site today."}]
    found = findings_of(roles=roles, union={"status": "union"}, ends_on=None)
    assert found["third_party_promotion"]["field"] == "roles[1].description"
    assert found["third_party_promotion"]["quote"] == "Apply through our site today."
    assert found["union"]["field"] == "union.contract" and "quote" not in found["union"]
    assert found["vague_listing"]["field"] == "ends_on"
