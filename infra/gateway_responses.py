"""Gives an API made by `chalice deploy` the gateway responses of infra/api.json.

    python -m infra.gateway_responses --stage prod      # after every `chalice deploy`

`chalice package` merges infra/api.json into its template; `chalice deploy` cannot, and each of
its deploys replaces the API definition, so this puts the same responses (unknown path -> 404 in
the API's error shape, authorizer refusals, throttling, API Gateway's own errors) on the deployed
API named in .chalice/deployed/<stage>.json and redeploys its stage.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def responses() -> list[dict[str, Any]]:
    """put_gateway_response arguments for each response in infra/api.json."""
    template = json.loads((ROOT / "infra" / "api.json").read_text())
    found = []
    for resource in template["Resources"].values():
        if resource["Type"] != "AWS::ApiGateway::GatewayResponse":
            continue
        props = resource["Properties"]
        call = {"responseType": props["ResponseType"], "responseTemplates": props.get("ResponseTemplates", {}),
                "responseParameters": props.get("ResponseParameters", {})}
        if "StatusCode" in props:
            call["statusCode"] = props["StatusCode"]
        found.append(call)
    return found


def deployed_api(stage: str) -> str:
    deployed = json.loads((ROOT / ".chalice" / "deployed" / f"{stage}.json").read_text())
    return next(str(r["rest_api_id"]) for r in deployed["resources"] if r.get("rest_api_id"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stage", required=True)
    args = parser.parse_args()
    import boto3

    config = json.loads((ROOT / ".chalice" / "config.json").read_text())
    api_stage = config["stages"][args.stage].get("api_gateway_stage", config.get("api_gateway_stage", "api"))
    api_id = deployed_api(args.stage)
    client = boto3.client("apigateway")
    for response in responses():
        client.put_gateway_response(restApiId=api_id, **response)
        print(f"{response['responseType']}: {response.get('statusCode', 'default status')}")
    client.create_deployment(restApiId=api_id, stageName=api_stage, description="gateway responses")
    print(f"redeployed {api_id} stage {api_stage}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
