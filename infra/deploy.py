"""`make deploy STAGE=prod`: deploys the build `make package` makes, configured from the stack.

    python -m infra.deploy --stage prod

1. Reads the infra stack `callboard-<stage>` (its outputs and WebOrigins) and fetches chalice's
   deployed state for the stage from the stack's DeployStateBucket into .chalice/deployed/
   (gitignored): the state lives where every operator and the pipeline share it, so a second
   machine updates the same API and functions instead of making new ones.
2. Builds build/src as infra/package.py does (vendor/ without boto3/botocore, bytecode for the
   modules a cold start imports) and fills the build copy's config and policies from the stack's
   outputs (infra/outputs_to_config.py); the tracked files keep their placeholders. Refuses
   while any placeholder but the API URL is left (the stack is not the stage's).
3. `chalice --project-dir build/src deploy --stage <stage>`, with the state carried in and back
   out (also when the deploy fails part-way) and pushed to the bucket. A first deploy has no API
   URL to put in emails until the API exists: it fills it from the new state and deploys again.
4. Puts the API's gateway responses on the deployed API (infra/gateway_responses.py), and what
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
from typing import Any

from infra.outputs_to_config import API_URL, deployed_api_url, describe_stack, fill_stage, outputs_of, web_origins_of
from infra.package import ROOT, build_package, copy_sources

DEPLOYED = ROOT / ".chalice" / "deployed"
STATE_KEY = "chalice/deployed/{stage}.json"


class NotDeployable(Exception):
    pass


def check_deployable(left: set[str], stage: str, deployed: Path) -> bool:
    """Raises NotDeployable for a config that must not ship; True when it ships without its API
    URL (allowed only while the stage has no API yet)."""
    if left - {API_URL}:
        raise NotDeployable(f"the stack callboard-{stage} does not fill {sorted(left - {API_URL})}: "
                            f"deploy infra/template.json as callboard-{stage} first (README, Deploy)")
    if API_URL in left and (deployed / f"{stage}.json").exists():
        raise NotDeployable(f"the {stage} API exists ({deployed / f'{stage}.json'}) but its URL is not in it")
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


class StateStore:
    """Chalice's deployed state for one stage, in the stack's DeployStateBucket (versioned)."""

    def __init__(self, bucket: str, region: str, client: Any = None) -> None:
        import boto3

        self.bucket = bucket
        self.s3 = client or boto3.client("s3", region_name=region)

    def pull(self, stage: str, deployed: Path) -> bool:
        """The shared state into deployed/<stage>.json; False (and no local file) when there is none."""
        local = deployed / f"{stage}.json"
        try:
            body = self.s3.get_object(Bucket=self.bucket, Key=STATE_KEY.format(stage=stage))["Body"].read()
        except self.s3.exceptions.NoSuchKey:
            local.unlink(missing_ok=True)  # a stale local copy must not name another account's API
            return False
        deployed.mkdir(parents=True, exist_ok=True)
        local.write_bytes(body)
        return True

    def push(self, stage: str, deployed: Path) -> None:
        local = deployed / f"{stage}.json"
        if local.exists():
            self.s3.put_object(Bucket=self.bucket, Key=STATE_KEY.format(stage=stage), Body=local.read_bytes(),
                               ContentType="application/json", ServerSideEncryption="AES256")

    def forget(self, stage: str) -> None:
        self.s3.delete_object(Bucket=self.bucket, Key=STATE_KEY.format(stage=stage))


def prepare_sources(source: Path, stage: str, described: dict[str, Any], deployed: Path) -> set[str]:
    """A fresh build copy configured from the stack; returns the placeholders left."""
    copy_sources(source)
    return fill_stage(source / ".chalice", stage, outputs_of(described), deployed_api_url(stage, deployed),
                      web_origins_of(described))


def deploy(stage: str, build: Path, deployed: Path = DEPLOYED, described: dict[str, Any] | None = None,
           state: StateStore | None = None) -> bool:
    """Builds and deploys the stage; returns True when this was the stage's first deploy."""
    source = build / "src"
    region = deploy_region()
    described = described or describe_stack(f"callboard-{stage}", region)
    state = state or StateStore(outputs_of(described).get("DeployStateBucketName", ""), region)
    state.pull(stage, deployed)
    first = check_deployable(prepare_sources(source, stage, described, deployed), stage, deployed)
    if build_package(build, stage):
        raise NotDeployable(f"the package in {build / stage} has problems (listed above)")
    in_build = source / ".chalice" / "deployed"
    chalice = Path(sys.executable).parent / "chalice"
    for _ in range(2 if first else 1):
        carry_state(deployed, in_build)
        try:
            run_command([str(chalice), "--project-dir", str(source), "deploy", "--stage", stage], region, cwd=source)
        finally:
            carry_state(in_build, deployed)
            state.push(stage, deployed)
        # The API exists now: its URL goes into the config (links in emails), and out again.
        if fill_stage(source / ".chalice", stage, {}, deployed_api_url(stage, deployed)):
            raise NotDeployable(f"chalice deployed {stage} but its state names no API URL")
    run_command([sys.executable, "-m", "infra.gateway_responses", "--stage", stage], region)
    run_command([sys.executable, "-m", "infra.failures", "--stage", stage, "--region", region], region)
    return first


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stage", required=True)
    parser.add_argument("--out", default=str(ROOT / "build"))
    args = parser.parse_args()
    try:
        first = deploy(args.stage, Path(args.out).resolve())
    except NotDeployable as refusal:
        print(f"NOT DEPLOYED: {refusal}", file=sys.stderr)
        return 1
    print(f"deployed {args.stage}{' (first deploy: twice, to put the new API URL in)' if first else ''}; "
          f"the web client: make web STAGE={args.stage}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
