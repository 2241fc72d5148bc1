"""`make teardown STAGE=dev`: removes a stage's functions and API, then its infra stack.

    python -m infra.teardown --stage dev
    python -m infra.teardown --stage prod --confirm prod    # prod only when named twice

1. `chalice delete` with the stage's deployed state from the DeployStateBucket (the API, the
   functions and their roles, event sources), then the state object itself;
2. `aws cloudformation delete-stack` of callboard-<stage>. What the template retains stays
   (DeletionPolicy Retain: the tables in prod carry deletion protection too, the signing key's
   KMS key, the deploy-state bucket's older versions): the data of a stage is never deleted by a
   command, only by a person who means it, in the console.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from infra.deploy import DEPLOYED, StateStore, deploy_region, run_command
from infra.outputs_to_config import describe_stack, outputs_of
from infra.package import ROOT, copy_sources

PROTECTED = {"prod"}


class Refused(Exception):
    pass


def check(stage: str, confirm: str | None) -> None:
    if stage in PROTECTED and confirm != stage:
        raise Refused(f"{stage} is protected: run make teardown STAGE={stage} CONFIRM={stage} if you mean it")


def teardown(stage: str, build: Path, confirm: str | None = None) -> None:
    check(stage, confirm)
    region = deploy_region()
    stack = f"callboard-{stage}"
    state = StateStore(outputs_of(describe_stack(stack, region)).get("DeployStateBucketName", ""), region)
    if state.pull(stage, DEPLOYED):
        source = build / "src"
        copy_sources(source)
        (source / ".chalice" / "deployed").mkdir(parents=True, exist_ok=True)
        (source / ".chalice" / "deployed" / f"{stage}.json").write_bytes((DEPLOYED / f"{stage}.json").read_bytes())
        chalice = Path(sys.executable).parent / "chalice"
        run_command([str(chalice), "--project-dir", str(source), "delete", "--stage", stage], region, cwd=source)
        state.forget(stage)
        (DEPLOYED / f"{stage}.json").unlink(missing_ok=True)
    run_command(["aws", "cloudformation", "delete-stack", "--stack-name", stack, "--region", region], region)
    run_command(["aws", "cloudformation", "wait", "stack-delete-complete", "--stack-name", stack, "--region", region],
                region)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stage", required=True)
    parser.add_argument("--confirm", help="the stage's name again (required for prod)")
    parser.add_argument("--out", default=str(ROOT / "build"))
    args = parser.parse_args()
    try:
        teardown(args.stage, Path(args.out).resolve(), args.confirm or None)
    except Refused as refusal:
        print(f"NOT TORN DOWN: {refusal}", file=sys.stderr)
        return 1
    print(f"{args.stage} torn down (retained resources listed in infra/template.json stay)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
