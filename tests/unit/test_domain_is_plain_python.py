"""chalicelib/domain is plain Python: no AWS SDK, storage or web framework import."""
import ast
from pathlib import Path

DOMAIN = Path(__file__).resolve().parents[2] / "chalicelib" / "domain"
FORBIDDEN = ("boto3", "botocore", "pynamodb", "chalice", "aws_lambda_powertools", "moto")


def imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: must stay inside the domain package
                if node.level > 1:
                    names.add("chalicelib." + (node.module or ""))
            else:
                names.add(node.module or "")
    return names


def test_domain_imports_nothing_from_aws_storage_or_web():
    files = sorted(DOMAIN.glob("*.py"))
    assert files, "domain package not found"
    offenders = {}
    for path in files:
        bad = {m for m in imported_modules(path)
               if m.split(".")[0] in FORBIDDEN or m.startswith("chalicelib.")}
        if bad:
            offenders[path.name] = sorted(bad)
    assert offenders == {}


def test_the_check_itself_catches_a_forbidden_import(tmp_path):
    sample = tmp_path / "bad.py"
    sample.write_text("import boto3\nfrom pynamodb.models import Model\nfrom ..storage import x\n")
    assert imported_modules(sample) == {"boto3", "pynamodb.models", "chalicelib.storage"}
