"""Cold start: `import app` from the deployment zip, as Lambda would, against `import boto3` alone.

    python -m infra.coldstart [--stage dev] [--runs 7]     (make bench runs it)

Each measurement is a fresh interpreter started without site-packages (`python -S`), whose path
holds only what a Lambda function has: the unpacked build/<stage>/deployment.zip (built by
infra.package when missing) and what the Lambda runtime ships (boto3, botocore and their
dependencies, taken from this virtualenv). `import app` runs with the stage's environment from
.chalice/config.json (example values for placeholders) and AWS_LAMBDA_FUNCTION_NAME set, so no
local default applies and any AWS call at import would fail (there are no credentials). Prints
the medians and exits 1 when `import app` costs more than twice `import boto3`.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import os
import statistics
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from infra.outputs_to_config import example_outputs, fill
from infra.package import ROOT, RUNTIME_PROVIDES

LIMIT = 2.0
MODULES = {"boto3": "boto3", "botocore": "botocore", "s3transfer": "s3transfer", "jmespath": "jmespath",
           "urllib3": "urllib3", "python-dateutil": "dateutil", "six": "six"}
TIMER = "import time; t = time.perf_counter(); import {module}; print(time.perf_counter() - t)"


def runtime_dir(into: Path) -> Path:
    """What the Lambda Python runtime puts on the path: boto3 and its dependencies."""
    runtime = into / "runtime"
    runtime.mkdir()
    for distribution in sorted(RUNTIME_PROVIDES):
        spec = importlib.util.find_spec(MODULES[distribution])
        assert spec and spec.origin, distribution
        origin = Path(spec.origin)
        source = origin.parent if origin.name == "__init__.py" else origin
        (runtime / source.name).symlink_to(source)
    return runtime


def lambda_environment(stage: str) -> dict[str, str]:
    config = json.loads((ROOT / ".chalice" / "config.json").read_text())
    env = {**config.get("environment_variables", {}), **config["stages"][stage]["environment_variables"]}
    env = {k: fill(v, example_outputs(stage), "https://example.execute-api.us-east-1.amazonaws.com/api")
           for k, v in env.items()}
    return {"PATH": os.environ.get("PATH", ""), "LANG": "C.UTF-8", "AWS_REGION": "us-east-1",
            "AWS_DEFAULT_REGION": "us-east-1", "AWS_LAMBDA_FUNCTION_NAME": f"callboard-{stage}",
            "POWERTOOLS_METRICS_DISABLED": "true", **env}


def imported_files(task: Path, stage: str) -> list[Path]:
    """The files under `task` that `import app` loads in a Lambda-like interpreter."""
    with tempfile.TemporaryDirectory() as scratch:
        paths = os.pathsep.join([str(task), str(runtime_dir(Path(scratch)))])
        script = ("import sys, json; import app; print(json.dumps([getattr(m, '__file__', None) or '' "
                  "for m in list(sys.modules.values())]))")
        env = {**lambda_environment(stage), "PYTHONPATH": paths, "PYTHONDONTWRITEBYTECODE": "1"}
        done = subprocess.run([sys.executable, "-S", "-c", script], env=env, cwd=task, capture_output=True,
                              text=True, check=True)
    root = task.resolve()
    files = {Path(f).resolve() for f in json.loads(done.stdout.strip().splitlines()[-1]) if f.endswith(".py")}
    return sorted(f for f in files if f.is_relative_to(root))


def measure(module: str, paths: list[Path], env: dict[str, str], cwd: Path, runs: int) -> list[float]:
    env = {**env, "PYTHONPATH": os.pathsep.join(str(p) for p in paths), "PYTHONDONTWRITEBYTECODE": "1"}
    times = []
    for _ in range(runs):
        done = subprocess.run([sys.executable, "-S", "-c", TIMER.format(module=module)], env=env, cwd=cwd,
                              capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise SystemExit(f"import {module} failed:\n{done.stderr}")
        times.append(float(done.stdout.strip().splitlines()[-1]))
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stage", default="dev")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    package = ROOT / "build" / args.stage / "deployment.zip"
    if not package.exists():
        subprocess.run([sys.executable, "-m", "infra.package", "--stage", args.stage], cwd=ROOT, check=True)
    with tempfile.TemporaryDirectory() as scratch:
        task = Path(scratch) / "task"
        with zipfile.ZipFile(package) as archive:
            archive.extractall(task)
        runtime = runtime_dir(Path(scratch))
        env = lambda_environment(args.stage)
        measure("boto3", [runtime], env, task, 1)  # warms the file cache for both sides
        boto3_times = measure("boto3", [runtime], env, task, args.runs)
        app_times = measure("app", [task, runtime], env, task, args.runs)
    boto3_ms, app_ms = statistics.median(boto3_times) * 1000, statistics.median(app_times) * 1000
    size = package.stat().st_size / 1024 / 1024
    print(f"\n## Cold start: import from {package.relative_to(ROOT)} ({size:.2f} MB), median of {args.runs} "
          f"fresh interpreters\n")
    print("| import | ms |\n|---|---:|")
    print(f"| `import boto3` (the runtime's SDK alone) | {boto3_ms:.0f} |")
    print(f"| `import app` (stage {args.stage}, Lambda-like environment) | {app_ms:.0f} |")
    ratio = app_ms / boto3_ms
    verdict = "ok" if ratio <= LIMIT else "OVER"
    print(f"\n## Guard: import app ≤ {LIMIT:g} × import boto3: {ratio:.2f} × ({verdict})")
    return 0 if ratio <= LIMIT else 1


if __name__ == "__main__":
    sys.exit(main())
