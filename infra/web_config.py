"""`make web STAGE=prod`: the web client for a deployed stage, built and published.

    python -m infra.web_config --stage prod             # build/web/prod/, then sync it and refresh CloudFront
    python -m infra.web_config --stage prod --dry-run   # build/web/prod/ and the commands, run nothing

build/web/<stage>/ is a copy of web/ whose config.js (web/config.js points at the local stack)
names the stage's API and its Cognito hosted UI: the API URL from .chalice/deployed/<stage>.json
(written by `make deploy`) or the filled CALLBOARD_API_URL, the hosted UI domain, app client and
region from the infra stack's outputs (HostedUiUrl, UserPoolClientId, UserPoolArn). It is then
synced to the WebBucketName bucket and the WebDistributionId distribution is invalidated, so the
new config.js and modules are served at WebUrl at once.
"""
from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from chalicelib.domain.attachments import client_limits
from infra.outputs_to_config import deployed_api_url, placeholders, stack_outputs

ROOT = Path(__file__).resolve().parents[1]
WEB = ROOT / "web"
NEEDED_OUTPUTS = ("HostedUiUrl", "UserPoolClientId", "UserPoolArn", "WebBucketName", "WebDistributionId")


class NoWebConfig(Exception):
    pass


def configured_api_url(stage: str) -> str | None:
    """CALLBOARD_API_URL of the stage's config, once outputs_to_config has filled it."""
    config = json.loads((ROOT / ".chalice" / "config.json").read_text())
    url = config["stages"][stage].get("environment_variables", {}).get("CALLBOARD_API_URL", "")
    return url.rstrip("/") if url and not placeholders(url) else None


def deployed_web_config(outputs: dict[str, str], api_url: str) -> dict[str, Any]:
    """What web/js reads from config.js (api.js: apiUrl; auth.js: auth, cognito.domain/clientId;
    uploads.js: limits, the server's own)."""
    missing = [name for name in NEEDED_OUTPUTS if not outputs.get(name)]
    if missing:
        raise NoWebConfig(f"the stack lacks the outputs {missing} (is it a deployed stage's stack?)")
    parsed = urlparse(api_url)
    if parsed.scheme != "https" or parsed.hostname in {None, "localhost", "127.0.0.1"}:
        raise NoWebConfig(f"the API URL must be the deployed API's https URL, not {api_url!r}")
    return {
        "apiUrl": api_url.rstrip("/"),
        "auth": "cognito",
        "region": outputs["UserPoolArn"].split(":")[3],
        "cognito": {"domain": urlparse(outputs["HostedUiUrl"]).netloc, "clientId": outputs["UserPoolClientId"]},
        "limits": client_limits(),
    }


def config_script(config: dict[str, Any]) -> str:
    return f"// Written by infra/web_config.py for this stage.\nexport default {json.dumps(config, indent=2)};\n"


def write_site(config: dict[str, Any], site: Path) -> Path:
    """site = web/ with the stage's config.js."""
    if site.exists():
        shutil.rmtree(site)
    shutil.copytree(WEB, site)
    (site / "config.js").write_text(config_script(config))
    return site


def publish_commands(site: Path, outputs: dict[str, str]) -> list[list[str]]:
    return [
        ["aws", "s3", "sync", f"{site}/", f"s3://{outputs['WebBucketName']}/", "--delete"],
        ["aws", "cloudfront", "create-invalidation", "--distribution-id", outputs["WebDistributionId"],
         "--paths", "/*"],
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stage", required=True)
    parser.add_argument("--stack", help="the infra stack (default callboard-<stage>)")
    parser.add_argument("--region")
    parser.add_argument("--api-url", help="default: from .chalice/deployed/<stage>.json, else the filled config")
    parser.add_argument("--out", default=str(ROOT / "build" / "web"))
    parser.add_argument("--dry-run", action="store_true", help="write the site and print the commands only")
    args = parser.parse_args()
    api_url = args.api_url or deployed_api_url(args.stage) or configured_api_url(args.stage)
    if not api_url:
        print(f"no API URL for {args.stage}: run make deploy STAGE={args.stage} first (or pass --api-url)",
              file=sys.stderr)
        return 1
    outputs = stack_outputs(args.stack or f"callboard-{args.stage}", args.region)
    try:
        site = write_site(deployed_web_config(outputs, api_url), Path(args.out).resolve() / args.stage)
    except NoWebConfig as problem:
        print(f"NOT WRITTEN: {problem}", file=sys.stderr)
        return 1
    print(f"wrote {site} (config.js: API {api_url})")
    for command in publish_commands(site, outputs):
        print("$", " ".join(command), flush=True)
        if not args.dry_run:
            subprocess.run(command, check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
