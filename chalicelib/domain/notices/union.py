"""Rule: union status is required; a union notice names a contract we know."""
from __future__ import annotations

from ..text import analyse, terms
from .findings import BLOCK, REVIEW, UNION_CONTRACT, Finding, VettingConfig
from .model import Notice, Poster

KNOWN_CONTRACTS = ("SAG-AFTRA", "AEA (Actors' Equity)", "ACTRA", "UBCP/ACTRA", "CAEA (Canadian Actors' Equity)",
                   "UDA", "AGMA", "AGVA", "AFM", "CFM", "IATSE", "DGA", "DGC", "WGA", "WGC", "Teamsters", "NABET")
_CONTRACT_NAMES = terms(
    r"sag", r"aftra", r"aea", r"caea", r"equity", r"actra", r"ubcp", r"agma", r"agva", r"uda", r"union des artistes",
    r"afm", r"cfm", r"iatse", r"dga", r"dgc", r"wga", r"wgc", r"teamsters?", r"nabet", r"screen actors guild",
    r"american guild of (?:musical|variety) artists",
    r"american federation of (?:musicians|television and radio artists)",
    r"directors guild", r"writers guild", r"canadian federation of musicians", r"alliance of canadian cinema",
    negatable=False,
)


def rule_union(notice: Notice, poster: Poster, config: VettingConfig) -> list[Finding]:
    """Union status is required; a union notice names its contract."""
    if notice.union is None:
        return [Finding(UNION_CONTRACT, BLOCK, "Say whether the production is union or non-union.",
                        field="union.status")]
    if notice.union.status != "union":
        return []
    examples = "e.g. SAG-AFTRA Ultra Low Budget, AEA SPT, ACTRA IPA, UBCP/ACTRA BCMPA"
    if not notice.union.contract:
        return [Finding(UNION_CONTRACT, BLOCK, f"A union notice must name its contract ({examples}).",
                        field="union.contract")]
    if analyse(notice.union.contract).first(_CONTRACT_NAMES) is None:
        return [Finding(UNION_CONTRACT, REVIEW, (
            f"The contract \u201c{notice.union.contract}\u201d does not name a union we know "
            f"({', '.join(KNOWN_CONTRACTS)}); an editor will check it. Name the union and the agreement "
            f"({examples})."), field="union.contract", quote=notice.union.contract)]
    return []
