"""Fills a stage's REPLACE_WITH_* placeholders in a build copy of .chalice/ from the stack's outputs.

    python -m infra.outputs_to_config --stage prod                 # build/src/.chalice from stack callboard-prod
    python -m infra.outputs_to_config --stage prod --api-url URL   # the API URL given, not read from .chalice/deployed

The tracked .chalice/ keeps its placeholders: make package and make deploy fill their build copy
(infra/package.py --from-stack, infra/deploy.py) with `fill_stage`, so a checkout never carries
one account's bucket or API.

`.chalice/config.json` (the stage's environment variables) and its functions' `.chalice/policy-<stage>-<function>.json`
name some resources by what only the deployed stack knows: `REPLACE_WITH_STACK_OUTPUT_<Output>`
stands for that output of infra/template.json's stack (the bucket name carries the account id,
the stream ARN a timestamp, the pool ARN a generated id), and `REPLACE_WITH_API_URL` for the
API's URL, known after the first `chalice deploy` (read from .chalice/deployed/<stage>.json, or
given). Names that follow from the stage alone (tables, queues) are written out and checked by
tests/infra. CALLBOARD_WEB_ORIGINS (the API's CORS allow-list) gets, besides the WebUrl output,
every origin of the stack's WebOrigins parameter (a custom domain, a developer's machine), as the
stack's bucket CORS and Cognito callbacks do. Exits 1 while any placeholder but the API URL is left.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
PLACEHOLDER = re.compile(r"REPLACE_WITH_(?:STACK_OUTPUT_([A-Za-z0-9]+)|API_URL)")
API_URL = "REPLACE_WITH_API_URL"
WEB_ORIGINS = "CALLBOARD_WEB_ORIGINS"


def placeholders(text: str) -> set[str]:
    return {m.group(0) for m in PLACEHOLDER.finditer(text)}


def fill(text: str, outputs: dict[str, str], api_url: str | None = None) -> str:
    def value(match: re.Match[str]) -> str:
        if match.group(0) == API_URL:
            return api_url or match.group(0)
        return outputs.get(match.group(1), match.group(0))

    return PLACEHOLDER.sub(value, text)


def example_outputs(stage: str) -> dict[str, str]:
    """Made-up but well-formed outputs, for building and linting a package without a stack."""
    account, region = "123456789012", "us-east-1"
    return {
        "FilesBucketName": f"callboard-{stage}-files-{account}",
        "TableStreamArn": f"arn:aws:dynamodb:{region}:{account}:table/callboard-{stage}/stream/2024-01-01T00:00:00.000",
        "RelayDomain": f"relay.{stage}.callboard.example",
        "UserPoolArn": f"arn:aws:cognito-idp:{region}:{account}:userpool/{region}_EXAMPLE",
        "WebUrl": "https://d111111abcdef8.cloudfront.net",
        "SigningSecretArn": f"arn:aws:secretsmanager:{region}:{account}:secret:callboard-{stage}-signing-key-AbCdEf",
    }


def with_origins(listed: str, extra: list[str]) -> str:
    """The comma-separated origins `listed` plus those of `extra` it lacks, in order."""
    origins: list[str] = []
    for entry in [*listed.split(","), *extra]:
        origin = entry.strip().rstrip("/")
        if origin and origin not in origins:
            origins.append(origin)
    return ",".join(origins)


def fill_stage(chalice_dir: Path, stage: str, outputs: dict[str, str], api_url: str | None,
               web_origins: list[str] | None = None) -> set[str]:
    """Fills the stage's env in config.json and its policy file in place; returns what is left.
    `web_origins` (the stack's WebOrigins) join CALLBOARD_WEB_ORIGINS once its placeholder is filled."""
    config_path = chalice_dir / "config.json"
    config = json.loads(config_path.read_text())
    stage_config = config["stages"][stage]
    env = {k: fill(v, outputs, api_url) for k, v in stage_config.get("environment_variables", {}).items()}
    if web_origins and WEB_ORIGINS in env and not placeholders(env[WEB_ORIGINS]):
        env[WEB_ORIGINS] = with_origins(env[WEB_ORIGINS], web_origins)
    stage_config["environment_variables"] = env
    config_path.write_text(json.dumps(config, indent=2) + "\n")
    left = placeholders(json.dumps(stage_config))
    policy_files = {stage_config.get("iam_policy_file")} | {
        f.get("iam_policy_file") for f in stage_config.get("lambda_functions", {}).values()}
    for name in sorted(filter(None, policy_files)):
        policy = fill((chalice_dir / name).read_text(), outputs, api_url)
        (chalice_dir / name).write_text(policy)
        left |= placeholders(policy)
    return left


def describe_stack(stack: str, region: str | None) -> dict[str, Any]:
    import boto3

    return boto3.client("cloudformation", region_name=region).describe_stacks(StackName=stack)["Stacks"][0]


def outputs_of(described: dict[str, Any]) -> dict[str, str]:
    return {o["OutputKey"]: o["OutputValue"] for o in described.get("Outputs", [])}


def web_origins_of(described: dict[str, Any]) -> list[str]:
    """The stack's WebOrigins parameter (comma-separated; CloudFormation reports the list as given)."""
    value = next((p["ParameterValue"] for p in described.get("Parameters", [])
                  if p["ParameterKey"] == "WebOrigins"), "")
    return [origin.strip() for origin in value.split(",") if origin.strip()]


def stack_outputs(stack: str, region: str | None) -> dict[str, str]:
    return outputs_of(describe_stack(stack, region))


def deployed_api_url(stage: str, deployed_dir: Path = ROOT / ".chalice" / "deployed") -> str | None:
    deployed = deployed_dir / f"{stage}.json"
    if not deployed.exists():
        return None
    resources: list[dict[str, Any]] = json.loads(deployed.read_text()).get("resources", [])
    return next((str(r["rest_api_url"]).rstrip("/") for r in resources if r.get("rest_api_url")), None)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stage", required=True)
    parser.add_argument("--stack", help="the infra stack (default callboard-<stage>)")
    parser.add_argument("--region")
    parser.add_argument("--project-dir", default=str(ROOT / "build" / "src"),
                        help="the build copy to fill (default build/src); the tracked .chalice/ is never rewritten")
    parser.add_argument("--api-url", help="the API's URL (default: from .chalice/deployed/<stage>.json)")
    args = parser.parse_args()
    chalice_dir = Path(args.project_dir) / ".chalice"
    if chalice_dir.resolve() == (ROOT / ".chalice").resolve():
        print("refusing to rewrite the tracked .chalice/: fill a build copy (make package, make deploy)",
              file=sys.stderr)
        return 2
    described = describe_stack(args.stack or f"callboard-{args.stage}", args.region)
    left = fill_stage(chalice_dir, args.stage, outputs_of(described),
                      args.api_url or deployed_api_url(args.stage), web_origins_of(described))
    if left - {API_URL}:
        print(f"still unfilled (not outputs of the stack): {sorted(left)}", file=sys.stderr)
        return 1
    print(f"filled {chalice_dir} (stage {args.stage}) from the stack's outputs"
          + (" (the API URL stays until the first deploy has made the API)" if left else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
