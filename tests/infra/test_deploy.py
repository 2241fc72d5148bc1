"""The deploy path offline: `make deploy` (infra/deploy.py) with chalice and AWS stubbed, the zip
chalice's own packager makes from build/src, the web client's generated config.js, and the
stack's WebOrigins reaching CALLBOARD_WEB_ORIGINS."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from chalicelib.domain.attachments import client_limits
from infra import deploy, web_config
from infra.outputs_to_config import API_URL, example_outputs, fill_stage, web_origins_of
from infra.package import ROOT, SIZE_BUDGET

FILLED_LEFT: set[str] = set()


DESCRIBED = {"Outputs": [{"OutputKey": "DeployStateBucketName", "OutputValue": "callboard-prod-deploy-state"}],
             "Parameters": [{"ParameterKey": "WebOrigins", "ParameterValue": "https://callboard.example"}]}


class FakeState:
    """The shared state bucket: what a deploy pulls and pushes."""

    def __init__(self, initial: str | None = None) -> None:
        self.saved = initial
        self.pushes = 0

    def pull(self, stage: str, deployed: Path) -> bool:
        if self.saved is None:
            return False
        deployed.mkdir(parents=True, exist_ok=True)
        (deployed / f"{stage}.json").write_text(self.saved)
        return True

    def push(self, stage: str, deployed: Path) -> None:
        self.pushes += 1
        self.saved = (deployed / f"{stage}.json").read_text()


class Recorder:
    """Stands in for the build and every command; chalice deploy writes new deployed state."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, left: set[str], problems: list[str] | None = None) -> None:
        self.commands: list[list[str]] = []
        self.built = False
        self.state_seen_by_chalice: str | None = None
        monkeypatch.setenv("AWS_DEFAULT_REGION", "eu-west-1")
        self.left = set(left)
        monkeypatch.setattr(deploy, "prepare_sources", lambda source, stage, described, deployed: set(self.left))
        monkeypatch.setattr(deploy, "fill_stage", lambda chalice_dir, stage, outputs, api_url: set())
        monkeypatch.setattr(deploy, "build_package", self.build_package)
        monkeypatch.setattr(deploy, "run_command", self.run_command)
        self.problems = problems or []

    def build_package(self, build: Path, stage: str) -> list[str]:
        self.built = True
        return self.problems

    def run_command(self, command: list[str], region: str, cwd: Path = ROOT) -> None:
        assert region == "eu-west-1"
        self.commands.append(command)
        if "deploy" in command:
            state = Path(command[command.index("--project-dir") + 1]) / ".chalice" / "deployed" / "prod.json"
            self.state_seen_by_chalice = state.read_text() if state.exists() else None
            state.parent.mkdir(parents=True, exist_ok=True)
            state.write_text(json.dumps({"resources": [{"rest_api_id": "new123",
                                                        "rest_api_url": "https://new123.example/api/"}]}))


def test_deploy_pulls_the_shared_state_deploys_the_build_copy_pushes_the_state_back(tmp_path, monkeypatch):
    recorder = Recorder(monkeypatch, FILLED_LEFT)
    state = FakeState('{"resources": [{"rest_api_id": "old123"}]}')

    assert deploy.deploy("prod", tmp_path / "build", tmp_path / "deployed", DESCRIBED, state) is False

    assert recorder.built
    chalice, gateway, failures = recorder.commands
    assert chalice[1:] == ["--project-dir", str(tmp_path / "build" / "src"), "deploy", "--stage", "prod"]
    assert gateway[1:] == ["-m", "infra.gateway_responses", "--stage", "prod"]
    assert failures[1:] == ["-m", "infra.failures", "--stage", "prod", "--region", "eu-west-1"]
    assert recorder.state_seen_by_chalice == '{"resources": [{"rest_api_id": "old123"}]}'  # carried in
    assert json.loads(state.saved)["resources"][0]["rest_api_id"] == "new123"  # and back to the bucket
    assert state.pushes == 1


def test_state_goes_back_to_the_bucket_even_when_chalice_deploy_fails(tmp_path, monkeypatch):
    recorder = Recorder(monkeypatch, FILLED_LEFT)

    def failing(command: list[str], region: str, cwd: Path = ROOT) -> None:
        recorder.run_command(command, region, cwd)
        raise subprocess.CalledProcessError(1, command)

    monkeypatch.setattr(deploy, "run_command", failing)
    state = FakeState('{"resources": []}')
    with pytest.raises(subprocess.CalledProcessError):
        deploy.deploy("prod", tmp_path / "build", tmp_path / "deployed", DESCRIBED, state)
    assert json.loads(state.saved)["resources"][0]["rest_api_id"] == "new123"
    assert len(recorder.commands) == 1  # no gateway responses on a failed deploy


def test_a_first_deploy_deploys_again_with_the_new_api_url(tmp_path, monkeypatch):
    recorder = Recorder(monkeypatch, {API_URL})
    state = FakeState()
    assert deploy.deploy("prod", tmp_path / "build", tmp_path / "deployed", DESCRIBED, state) is True
    assert [c[-3] for c in recorder.commands[:2]] == ["deploy", "deploy"] and len(recorder.commands) == 4
    assert state.pushes == 2


@pytest.mark.parametrize("left, first", [
    ({"REPLACE_WITH_STACK_OUTPUT_FilesBucketName"}, True),
    ({API_URL, "REPLACE_WITH_STACK_OUTPUT_UserPoolArn"}, True),
    ({API_URL}, False),  # the API exists: its URL must be in its state
])
def test_a_config_the_stack_cannot_fill_refuses_before_anything_is_built_or_run(tmp_path, monkeypatch, left, first):
    recorder = Recorder(monkeypatch, left)
    state = FakeState(None if first else '{"resources": []}')
    with pytest.raises(deploy.NotDeployable):
        deploy.deploy("prod", tmp_path / "build", tmp_path / "deployed", DESCRIBED, state)
    assert not recorder.built and recorder.commands == []


def test_a_package_with_problems_is_not_deployed(tmp_path, monkeypatch):
    recorder = Recorder(monkeypatch, FILLED_LEFT, problems=["the zip is too big"])
    with pytest.raises(deploy.NotDeployable, match="problems"):
        deploy.deploy("prod", tmp_path / "build", tmp_path / "deployed", DESCRIBED, FakeState())
    assert recorder.commands == []


def test_the_state_store_keeps_the_stages_state_in_the_bucket(tmp_path):
    from moto import mock_aws

    with mock_aws():
        import boto3

        s3 = boto3.client("s3", region_name="us-east-1")
        s3.create_bucket(Bucket="callboard-prod-deploy-state")
        store = deploy.StateStore("callboard-prod-deploy-state", "us-east-1", s3)
        stale = tmp_path / "prod.json"
        stale.write_text("{}")
        assert store.pull("prod", tmp_path) is False and not stale.exists()  # nothing shared: no stale copy
        stale.write_text('{"resources": [1]}')
        store.push("prod", tmp_path)
        other = tmp_path / "other-machine"
        assert store.pull("prod", other) is True
        assert (other / "prod.json").read_text() == '{"resources": [1]}'


def test_the_tracked_config_keeps_its_placeholders():
    """Nothing rewrites .chalice/ in place: builds are filled, the repository is not."""
    text = (ROOT / ".chalice" / "config.json").read_text()
    assert "REPLACE_WITH_STACK_OUTPUT_FilesBucketName" in text


def test_the_repository_config_refuses_until_filled(tmp_path):
    chalice_dir = tmp_path / ".chalice"
    shutil.copytree(ROOT / ".chalice", chalice_dir, ignore=shutil.ignore_patterns("deployed", "deployments"))
    left = fill_stage(chalice_dir, "prod", {}, None)
    if not left - {API_URL}:
        pytest.skip("this checkout's .chalice/config.json is already filled for prod")
    with pytest.raises(deploy.NotDeployable):
        deploy.check_deployable(left, "prod", tmp_path / "deployed")


def test_the_zip_chalice_deploys_from_the_build_copy_is_small_with_bytecode(tmp_path):
    source = ROOT / "build" / "src"
    if not (source / "vendor").is_dir():
        pytest.skip("no build/src: run make package (make test does)")
    project = tmp_path / "src"
    shutil.copytree(source, project, ignore=shutil.ignore_patterns("deployed", "deployments"))
    # The build copy is filled (with example values, for linting) for the stage it was built for only.
    stages = json.loads((project / ".chalice" / "config.json").read_text())["stages"]
    built = [name for name, stage in stages.items() if name != "local" and "REPLACE_WITH" not in json.dumps(stage)]
    if not built:
        pytest.skip("build/src is not filled for any deployed stage")
    chalice = Path(sys.executable).parent / "chalice"
    # `chalice package` zips with the same packager `chalice deploy` uses; it needs a region, not AWS.
    subprocess.run([str(chalice), "--project-dir", str(project), "package", "--stage", built[0], str(tmp_path / "out")],
                   check=True, capture_output=True, env={**os.environ, "AWS_DEFAULT_REGION": "us-east-1"})
    package = tmp_path / "out" / "deployment.zip"
    names = zipfile.ZipFile(package).namelist()

    assert package.stat().st_size < SIZE_BUDGET
    assert not {n.split("/", 1)[0] for n in names} & {"boto3", "botocore", "s3transfer", "vendor"}
    assert "__pycache__/app.cpython-311.pyc" in names
    assert "chalice/__pycache__/app.cpython-311.pyc" in names
    assert any(n.startswith("chalicelib/") and n.endswith(".pyc") for n in names)
    assert any(n.startswith("pynamodb/") and n.endswith(".pyc") for n in names)
    assert len(names) == len(set(names))


STACK_OUTPUTS = {
    "HostedUiUrl": "https://callboard-prod-123456789012.auth.eu-west-1.amazoncognito.com",
    "UserPoolClientId": "3n4b5urk1ft4fl3mg5e62d9ado",
    "UserPoolArn": "arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_AbCdEf",
    "WebBucketName": "callboard-prod-web-123456789012",
    "WebDistributionId": "E2QWRUHAPOMQZL",
    "WebUrl": "https://d111111abcdef8.cloudfront.net",
}
API = "https://abc123.execute-api.eu-west-1.amazonaws.com/api/"


def test_web_config_names_the_deployed_api_and_hosted_ui(tmp_path):
    site = web_config.write_site(web_config.deployed_web_config(STACK_OUTPUTS, API), tmp_path / "prod")

    script = (site / "config.js").read_text()
    config = json.loads(script[script.index("{"):script.rindex("}") + 1])
    assert config == {
        "apiUrl": "https://abc123.execute-api.eu-west-1.amazonaws.com/api", "auth": "cognito", "region": "eu-west-1",
        "cognito": {"domain": "callboard-prod-123456789012.auth.eu-west-1.amazoncognito.com",
                    "clientId": "3n4b5urk1ft4fl3mg5e62d9ado"},
        "limits": client_limits(),  # the upload limits the client checks are the server's own
    }
    assert "127.0.0.1" not in script and "localhost" not in script
    assert (site / "index.html").read_bytes() == (ROOT / "web" / "index.html").read_bytes()
    assert "127.0.0.1" in (ROOT / "web" / "config.js").read_text()  # the source stays the local one


def test_web_publish_syncs_the_site_and_invalidates_the_distribution(tmp_path):
    sync, invalidate = web_config.publish_commands(tmp_path / "prod", STACK_OUTPUTS)
    assert sync == ["aws", "s3", "sync", f"{tmp_path / 'prod'}/", "s3://callboard-prod-web-123456789012/", "--delete"]
    assert invalidate[:5] == ["aws", "cloudfront", "create-invalidation", "--distribution-id", "E2QWRUHAPOMQZL"]


@pytest.mark.parametrize("outputs, api_url", [
    ({k: v for k, v in STACK_OUTPUTS.items() if k != "UserPoolClientId"}, API),  # a local stack has no pool
    (STACK_OUTPUTS, "http://127.0.0.1:8000"),
    (STACK_OUTPUTS, "REPLACE_WITH_API_URL"),
])
def test_web_config_refuses_without_pool_or_deployed_api(outputs, api_url):
    with pytest.raises(web_config.NoWebConfig):
        web_config.deployed_web_config(outputs, api_url)


def test_every_web_origin_of_the_stack_joins_the_api_cors_origins(tmp_path):
    chalice_dir = tmp_path / ".chalice"
    shutil.copytree(ROOT / ".chalice", chalice_dir, ignore=shutil.ignore_patterns("deployed", "deployments"))
    described = {"Parameters": [{"ParameterKey": "Stage", "ParameterValue": "prod"},
                                {"ParameterKey": "WebOrigins",
                                 "ParameterValue": "https://casting.example.com, https://d111111abcdef8.cloudfront.net/"}]}
    origins = web_origins_of(described)

    fill_stage(chalice_dir, "prod", example_outputs("prod"), API, origins)
    fill_stage(chalice_dir, "prod", example_outputs("prod"), API, origins)  # again: nothing doubles

    env = json.loads((chalice_dir / "config.json").read_text())["stages"]["prod"]["environment_variables"]
    assert env["CALLBOARD_WEB_ORIGINS"] == "https://d111111abcdef8.cloudfront.net,https://casting.example.com"
