"""`make package`: what a deploy needs, built into build/<stage>/, offline apart from the package index.

1. build/src: a copy of the app (app.py, chalicelib/, .chalice/ config and policies) with
   vendor/ holding the runtime requirements, each pinned as pip resolves requirements.txt,
   minus what the Lambda Python runtime already ships (boto3, botocore and their dependencies).
   No requirements.txt is copied, so chalice downloads nothing itself.
2. `chalice package --pkg-format cloudformation --merge-template infra/api.json` into
   build/<stage>/: deployment.zip and sam.json (the app's functions, API and role, plus the
   API's gateway responses from infra/api.json).
3. Adds bytecode to the zip: Lambda's /var/task is read-only, so modules shipped as source are
   compiled again on every cold start (about 270 ms of this app's import); unchecked-hash .pyc
   files stay valid whatever mtimes the unzipping gives the sources.
4. Puts the same bytecode into build/src (app and chalice's own modules under vendor/, which
   chalice's packager lays out at the zip's root), so that `chalice deploy --project-dir
   build/src` (infra/deploy.py) zips what this zip holds.
5. Checks the zip: under the size budget, and no boto3/botocore inside.

The tracked config keeps REPLACE_WITH placeholders for what only the stack knows. With
--from-stack the build copy is filled from the stack `callboard-<stage>` (the pipeline's
deployable package); otherwise made-up values stand in, so that CI can build and lint the package
without a stack, and such a build says so in build/<stage>/NOT-DEPLOYABLE.txt.

cfn-lint and checkov then run on build/<stage>/sam.json (the Makefile does that).
"""
from __future__ import annotations

import argparse
import json
import os
import py_compile
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from infra.failures import package_template
from infra.outputs_to_config import (
    deployed_api_url,
    describe_stack,
    example_outputs,
    fill_stage,
    outputs_of,
    placeholders,
    web_origins_of,
)

ROOT = Path(__file__).resolve().parents[1]
# The Lambda Python runtime ships these (boto3 and its dependencies); vendoring them would
# only make the zip bigger and pin the runtime's SDK.
RUNTIME_PROVIDES = {"boto3", "botocore", "s3transfer", "jmespath", "urllib3", "python-dateutil", "six"}
SIZE_BUDGET = 3 * 1024 * 1024  # bytes, the zip
LAMBDA_PLATFORM = ["--platform", "manylinux2014_x86_64", "--implementation", "cp", "--python-version", "3.11",
                   "--only-binary=:all:"]
APP_FILES = ["app.py", "chalicelib"]


def run(command: list[str], cwd: Path = ROOT) -> None:
    print("$", " ".join(command), flush=True)
    # chalice wants a region even to package (the template itself uses ${AWS::Region}).
    region = os.environ.get("AWS_DEFAULT_REGION") or os.environ.get("AWS_REGION") or "us-east-1"
    env = {**os.environ, "AWS_DEFAULT_REGION": region}
    subprocess.run(command, cwd=cwd, check=True, env=env)


def resolved_requirements(build: Path) -> list[str]:
    """name==version of every distribution requirements.txt needs (pip resolves, installs nothing)."""
    report = build / "pip-report.json"
    run([sys.executable, "-m", "pip", "install", "--quiet", "--dry-run", "--ignore-installed", "--no-cache-dir",
         *LAMBDA_PLATFORM, "--target", str(build / "unused"), "--report", str(report), "-r", "requirements.txt"])
    installs = json.loads(report.read_text())["install"]
    return sorted(f"{i['metadata']['name']}=={i['metadata']['version']}" for i in installs)


def vendor(build: Path, source: Path) -> list[str]:
    wanted = [r for r in resolved_requirements(build) if r.split("==")[0].lower() not in RUNTIME_PROVIDES]
    run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-compile", *LAMBDA_PLATFORM,
         "--target", str(source / "vendor"), *wanted])
    shutil.rmtree(source / "vendor" / "bin", ignore_errors=True)  # console scripts: no use in Lambda
    for cache in (source / "vendor").rglob("__pycache__"):
        shutil.rmtree(cache)
    return wanted


def copy_sources(source: Path) -> None:
    if source.exists():
        shutil.rmtree(source)
    source.mkdir(parents=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in APP_FILES:
        path = ROOT / name
        if path.is_dir():
            shutil.copytree(path, source / name, ignore=ignore)
        else:
            shutil.copy2(path, source / name)
    (source / ".chalice").mkdir()
    for config in [ROOT / ".chalice" / "config.json", *sorted((ROOT / ".chalice").glob("policy-*.json"))]:
        shutil.copy2(config, source / ".chalice" / config.name)


def add_bytecode(package: Path, stage: str) -> int:
    """Rewrites the zip with a .pyc beside each module that `import app` loads (for the runtime
    chalice chose: this Python). Only those: bytecode for the whole of powertools would push the
    zip past its budget for modules a cold start never reads. Returns how many were added."""
    from infra.coldstart import imported_files

    with tempfile.TemporaryDirectory() as scratch:
        tree = Path(scratch) / "task"
        with zipfile.ZipFile(package) as archive:
            archive.extractall(tree)
        modules = imported_files(tree, stage)
        for module in modules:
            py_compile.compile(str(module), doraise=True,
                               invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH)
        package.unlink()
        with zipfile.ZipFile(package, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
            for path in sorted(tree.rglob("*")):
                if path.is_file():
                    archive.write(path, path.relative_to(tree).as_posix())
    return len(modules)


def seed_bytecode(package: Path, source: Path) -> int:
    """Copies the zip's .pyc files into the build copy where chalice's packager picks them up
    again: chalicelib/ as is, everything else (app.py's, chalice's) under vendor/, whose
    contents chalice writes at the zip's root. Returns how many were copied."""
    for stale in [*(source / "chalicelib").rglob("__pycache__"), *(source / "vendor").rglob("__pycache__")]:
        shutil.rmtree(stale, ignore_errors=True)
    copied = 0
    with zipfile.ZipFile(package) as archive:
        for name in archive.namelist():
            if not name.endswith(".pyc"):
                continue
            target = source / name if name.startswith("chalicelib/") else source / "vendor" / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(archive.read(name))
            copied += 1
    return copied


def check_zip(path: Path) -> list[str]:
    """Problems with the deployment zip; prints what it holds."""
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
    tops: dict[str, int] = {}
    with zipfile.ZipFile(path) as archive:
        for info in archive.infolist():
            top = info.filename.split("/", 1)[0]
            tops[top] = tops.get(top, 0) + info.compress_size
    size = path.stat().st_size
    print(f"{path.relative_to(ROOT)}: {size / 1024 / 1024:.2f} MB, {len(names)} files")
    for top, compressed in sorted(tops.items(), key=lambda item: -item[1]):
        print(f"  {compressed / 1024:8.0f} KB  {top}")
    problems = []
    if size > SIZE_BUDGET:
        problems.append(f"the zip is {size} bytes, over the budget of {SIZE_BUDGET}")
    shipped = sorted({n.split("/", 1)[0] for n in names} & {"boto3", "botocore", "s3transfer"})
    if shipped:
        problems.append(f"the zip carries what the Lambda runtime ships: {shipped}")
    for needed in ("app.py", "chalicelib/", "pynamodb/", "chalice/"):
        if not any(n == needed or n.startswith(needed) for n in names):
            problems.append(f"the zip lacks {needed}")
    return problems


def prepare_sources(source: Path, stage: str) -> set[str]:
    """A fresh build copy of the app; returns the placeholders its stage config still holds."""
    copy_sources(source)
    return fill_stage(source / ".chalice", stage, {}, None)


def app_stack_url(stage: str) -> str | None:
    """The API URL of the app's CloudFormation stack (the pipeline's path), once it exists."""
    from botocore.exceptions import ClientError

    try:
        outputs = outputs_of(describe_stack(f"callboard-{stage}-app", None))
    except ClientError:  # no app stack yet: its first deployment makes the API
        return None
    return outputs.get("EndpointURL", "").rstrip("/") or None


def build_package(build: Path, stage: str) -> list[str]:
    """Vendors, runs `chalice package` on build/src into build/<stage>/, adds bytecode to the
    zip and the build copy; returns the zip's problems (none when it may ship)."""
    source, output = build / "src", build / stage
    print("vendored:", ", ".join(vendor(build, source)))
    if output.exists():
        shutil.rmtree(output)
    chalice = Path(sys.executable).parent / "chalice"
    run([str(chalice), "--project-dir", str(source), "package", "--stage", stage,
         "--pkg-format", "cloudformation", "--template-format", "json",
         "--merge-template", str(ROOT / "infra" / "api.json"), str(output)], cwd=source)
    sam = output / "sam.json"
    sam.write_text(json.dumps(package_template(json.loads(sam.read_text()), stage), indent=2) + "\n")
    print("failure destinations, retry limits and stage throttling added (infra/failures.py)")
    package = output / "deployment.zip"
    print(f"bytecode added for the {add_bytecode(package, stage)} modules a cold start imports")
    print(f"{seed_bytecode(package, source)} .pyc files put into {source} for chalice deploy")
    problems = check_zip(package)
    for problem in problems:
        print("PROBLEM:", problem, file=sys.stderr)
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stage", default="dev")
    parser.add_argument("--out", default=str(ROOT / "build"))
    parser.add_argument("--from-stack", action="store_true",
                        help="configure the build from the stack callboard-<stage> (a deployable package, for the "
                             "pipeline); without it, example values stand in (for linting)")
    args = parser.parse_args()
    build = Path(args.out).resolve()
    source, output = build / "src", build / args.stage
    examples = prepare_sources(source, args.stage)
    if args.from_stack:
        described = describe_stack(f"callboard-{args.stage}", None)
        fill_stage(source / ".chalice", args.stage, outputs_of(described),
                   deployed_api_url(args.stage) or app_stack_url(args.stage), web_origins_of(described))
        examples = placeholders(json.dumps(json.loads((source / ".chalice" / "config.json").read_text())
                                           ["stages"][args.stage]))
    fill_stage(source / ".chalice", args.stage, example_outputs(args.stage),
               "https://example.execute-api.us-east-1.amazonaws.com/api")
    problems = build_package(build, args.stage)
    if examples:
        (output / "NOT-DEPLOYABLE.txt").write_text(
            f"Built with example values for {sorted(examples)}: build with --from-stack (the stage's stack "
            f"deployed) for a package that can be deployed.\n")
        print(f"NOT DEPLOYABLE: example values stand for {sorted(examples)} (for linting only)")
    print(f"template: {(output / 'sam.json').relative_to(ROOT)}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
