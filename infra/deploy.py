"""`make deploy STAGE=prod`: deploys the build `make package` makes, not the repository as is.

    python -m infra.deploy --stage prod

1. Builds build/src as infra/package.py does (vendor/ without boto3/botocore, bytecode for the
   modules a cold start imports), from .chalice/ as infra/outputs_to_config.py filled it.
   Refuses while the stage's config holds REPLACE_WITH placeholders, except REPLACE_WITH_API_URL
   on the first deploy: the API's URL exists only once that deploy has made the API.
2. `chalice --project-dir build/src deploy --stage <stage>`: chalice zips build/src, so the
   functions get the small zip with its bytecode (a plain `chalice deploy` from the repository
   would package requirements.txt with botocore and no bytecode). Chalice keeps what it deployed
   in <project-dir>/.chalice/deployed/<stage>.json: the repository's copy is carried into the
   build before and back after (also when the deploy fails part-way), so every deploy updates the
   same API and functions.
3. Puts the API's gateway responses on the deployed API (infra/gateway_responses.py), and what
   chalice's config cannot say (infra/failures.py): the stream trigger's retry limit, bisection
   and failure queue, the schedules' and the SNS subscription's dead letters, the functions'
   on-failure destinations, the stage's throttling.
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

from infra.outputs_to_config import API_URL
from infra.package import ROOT, build_package, prepare_sources

DEPLOYED = ROOT / ".chalice" / "deployed"


class NotDeployable(Exception):
    pass


def check_deployable(left: set[str], stage: str, deployed: Path) -> bool:
    """Raises NotDeployable for a config that must not ship; True when it ships without its API
    URL (allowed only while the stage has no API yet)."""
    fill = f"run python -m infra.outputs_to_config --stage {stage}, then make deploy STAGE={stage} again"
    if left - {API_URL}:
        raise NotDeployable(f"the {stage} config still holds {sorted(left - {API_URL})}: {fill}")
    if API_URL in left and (deployed / f"{stage}.json").exists():
        raise NotDeployable(f"the {stage} API exists ({deployed / f'{stage}.json'}) but {API_URL} is unfilled: {fill}")
    return API_URL in left


def deploy_region() -> str:
    """The region every step deploys to, chosen once (AWS_REGION alone does not steer chalice)."""
    region = os.environ.get("AWS_DEFAULT_REGION") or os.environ.get("AWS_REGION")
    if not region:
        import boto3

        region = boto3.session.Session().region_name
    if not region:
        raise NotDeployable("no AWS region: export AWS_REGION (a region where SES receives mail)")
    return region


def run_command(command: list[str], region: str, cwd: Path = ROOT) -> None:
    print("$", " ".join(command), flush=True)
    subprocess.run(command, cwd=cwd, check=True, env={**os.environ, "AWS_DEFAULT_REGION": region})


def carry_state(source: Path, target: Path) -> None:
    """Copies chalice's deployed-state files from one .chalice/deployed/ to another."""
    if not source.is_dir():
        return
    target.mkdir(parents=True, exist_ok=True)
    for state in source.glob("*.json"):
        shutil.copy2(state, target / state.name)


def deploy(stage: str, build: Path, deployed: Path = DEPLOYED) -> bool:
    """Builds and deploys the stage; returns True when it went out without its API URL."""
    source = build / "src"
    region = deploy_region()
    without_api_url = check_deployable(prepare_sources(source, stage), stage, deployed)
    if build_package(build, stage):
        raise NotDeployable(f"the package in {build / stage} has problems (listed above)")
    in_build = source / ".chalice" / "deployed"
    carry_state(deployed, in_build)
    chalice = Path(sys.executable).parent / "chalice"
    try:
        run_command([str(chalice), "--project-dir", str(source), "deploy", "--stage", stage], region, cwd=source)
    finally:
        carry_state(in_build, deployed)
    run_command([sys.executable, "-m", "infra.gateway_responses", "--stage", stage], region)
    run_command([sys.executable, "-m", "infra.failures", "--stage", stage, "--region", region], region)
    return without_api_url


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stage", required=True)
    parser.add_argument("--out", default=str(ROOT / "build"))
    args = parser.parse_args()
    try:
        without_api_url = deploy(args.stage, Path(args.out).resolve())
    except NotDeployable as refusal:
        print(f"NOT DEPLOYED: {refusal}", file=sys.stderr)
        return 1
    if without_api_url:
        print(f"First deploy done; the API now exists but its URL (links in emails) is not set. Run:\n"
              f"  python -m infra.outputs_to_config --stage {args.stage}\n  make deploy STAGE={args.stage}")
    else:
        print(f"deployed {args.stage}; the web client: make web STAGE={args.stage}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
