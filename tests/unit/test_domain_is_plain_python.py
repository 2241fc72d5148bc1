"""chalicelib/domain is plain Python: no AWS SDK, storage or web framework import."""
import ast
from pathlib import Path

DOMAIN = Path(__file__).resolve().parents[2] / "chalicelib" / "domain"
FORBIDDEN = ("boto3", "botocore", "pynamodb", "chalice", "aws_lambda_powertools", "moto")


def imported_modules(path: Path, root: Path = DOMAIN) -> set[str]:
    """Absolute names of what `path` imports; a relative import that climbs out of `root` is chalicelib.X."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: must stay inside the domain package
                depth = len(path.relative_to(root).parts) - 1 if path.is_relative_to(root) else 0
                if node.level > 1 + depth:
                    names.add("chalicelib." + (node.module or ""))
            else:
                names.add(node.module or "")
    return names


def test_domain_imports_nothing_from_aws_storage_or_web():
    files = sorted(DOMAIN.rglob("*.py"))  # sub-packages too (domain/notices, domain/text, ...)
    assert files, "domain package not found"
    assert any(path.parent != DOMAIN for path in files), "sub-packages were not walked"
    offenders = {}
    for path in files:
        bad = {m for m in imported_modules(path)
               if m.split(".")[0] in FORBIDDEN or m.startswith("chalicelib.")}
        if bad:
            offenders[str(path.relative_to(DOMAIN))] = sorted(bad)
    assert offenders == {}


def test_the_check_itself_catches_a_forbidden_import(tmp_path):
    sample = tmp_path / "bad.py"
    sample.write_text("import boto3\nfrom pynamodb.models import Model\nfrom ..storage import x\n")
    assert imported_modules(sample) == {"boto3", "pynamodb.models", "chalicelib.storage"}


def test_a_sub_package_may_import_its_siblings_but_not_leave_the_domain(tmp_path):
    root = tmp_path / "domain"
    (root / "text").mkdir(parents=True)
    inside, outside = root / "text" / "ok.py", root / "text" / "bad.py"
    inside.write_text("from ..wages import region_name\nfrom .phrases import Terms\n")
    outside.write_text("from ...storage import x\n")
    assert imported_modules(inside, root) == set()
    assert imported_modules(outside, root) == {"chalicelib.storage"}
