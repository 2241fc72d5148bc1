"""Does the local stack's memory stay flat under traffic? `python -m infra.local.soak`.

Starts `python -m infra.local.stack` on free ports (no demo data, no web client), makes
`--calls` API calls of mixed kinds (sign-ups, new threads with 300-word bodies, replies, folder
pages, opening threads, searches, unread counts, profile edits, notice searches, uploads posted
to the bucket through their presigned form, dashboards), and prints the resident memory (RSS)
of the stack's process tree (the stack itself with the AWS stand-in and the event pump, and
`chalice local`) before, every `--every` calls, and after. It exits 1 if the stack stopped
answering or the tree ends above `--limit-mb`.
"""
from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
READY = re.compile(r"^READY api=(\S+) aws=(\S+) smtp=(\S+)$", re.MULTILINE)
PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024
WORDS = ("audition callback sides monologue rehearsal director producer casting tape studio lighting script "
         "scene wardrobe schedule contract union rate location travel parking").split()
PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Count 0/Kids[]>>endobj\n"
       b"trailer<</Root 1 0 R>>\n%%EOF\n")


def free_ports(count: int) -> list[int]:
    with contextlib.ExitStack() as held:
        ports = []
        for _ in range(count):
            sock = held.enter_context(socket.socket(socket.AF_INET, socket.SOCK_STREAM))
            sock.bind(("127.0.0.1", 0))
            ports.append(int(sock.getsockname()[1]))
        return ports


def process_tree(root: int) -> list[int]:
    """root and every descendant, from /proc (Linux)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            parent = int(stat.rsplit(")", 1)[1].split()[1])
            children.setdefault(parent, []).append(int(entry))
    tree, todo = [], [root]
    while todo:
        pid = todo.pop()
        tree.append(pid)
        todo.extend(children.get(pid, []))
    return tree


def rss_mb(root: int) -> dict[str, float]:
    """RSS in MB of each process of the tree, by command (shortened), and the total."""
    found: dict[str, float] = {}
    for pid in process_tree(root):
        try:
            pages = int(Path(f"/proc/{pid}/statm").read_text().split()[1])
            command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode().strip()
        except OSError:
            continue
        name = "chalice local" if "chalice local" in command else (
            "stack (AWS stand-in, pump, SMTP)" if "infra.local.stack" in command else command[:40])
        found[name] = found.get(name, 0.0) + pages * PAGE_KB / 1024
    found["total"] = sum(found.values())
    return found


class Api:
    def __init__(self, base: str) -> None:
        self.base = base
        self.calls = 0
        self.failures = 0
        self.timeouts = 0

    def call(self, method: str, path: str, token: str | None = None, body: Any = None) -> Any:
        headers = {"Content-Type": "application/json"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.base + path, data=data, headers=headers, method=method)
        self.calls += 1
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return json.loads(response.read() or b"null")
        except urllib.error.HTTPError as exc:
            exc.read()
            if exc.code >= 500:
                self.failures += 1
            return None
        except (urllib.error.URLError, TimeoutError, ConnectionError):
            # Counted, not fatal: on a loaded machine a call can outlast the timeout; the final
            # check says whether the stack still answers.
            self.timeouts += 1
            return None


def post_form(url: str, fields: dict[str, str], content: bytes, filename: str, content_type: str) -> None:
    """The browser's multipart POST to the bucket (fields first, then the file)."""
    boundary = uuid.uuid4().hex
    parts = [f"--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n".encode()
             for k, v in fields.items()]
    parts.append(f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{filename}\"\r\n"
                 f"Content-Type: {content_type}\r\n\r\n".encode() + content + b"\r\n")
    body = b"".join(parts) + f"--{boundary}--\r\n".encode()
    request = urllib.request.Request(url, data=body, method="POST",
                                     headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})
    with contextlib.suppress(urllib.error.HTTPError), urllib.request.urlopen(request, timeout=30) as response:
        response.read()


class Traffic:
    """Mixed calls a few dozen users make; every kind an e2e run makes, in proportion."""

    def __init__(self, api: Api, rng: random.Random, users: int) -> None:
        self.api, self.rng = api, rng
        self.users: list[dict[str, Any]] = []
        for n in range(users):
            role = "casting" if n % 5 == 0 else "talent"
            email = f"soak{n}.{uuid.uuid4().hex[:8]}@soak.callboard.test"
            signed = api.call("POST", "/dev/token", body={"email": email, "name": f"Soak User {n}", "role": role})
            self.users.append({**signed, "role": role, "threads": []})

    def body(self, words: int) -> str:
        return " ".join(self.rng.choice(WORDS) for _ in range(words))

    def step(self) -> None:
        rng, api = self.rng, self.api
        me = rng.choice(self.users)
        token = me["token"]
        roll = rng.random()
        if roll < 0.12 or not me["threads"]:
            others = rng.sample([u for u in self.users if u is not me], rng.choice((1, 1, 1, 3)))
            thread = api.call("POST", "/threads", token, {
                "recipient_ids": [u["user_id"] for u in others], "subject": f"About the {self.body(2)}",
                "body": self.body(rng.choice((12, 40, 300)))})
            if thread:
                for user in (me, *others):
                    user["threads"].append(thread["thread_id"])
        elif roll < 0.30:
            api.call("POST", f"/threads/{rng.choice(me['threads'])}/messages", token, {"body": self.body(15)})
        elif roll < 0.45:
            api.call("GET", "/threads?limit=25", token)
        elif roll < 0.57:
            api.call("GET", f"/threads/{rng.choice(me['threads'])}", token)
        elif roll < 0.65:
            api.call("GET", f"/threads?q={rng.choice(WORDS)}", token)
        elif roll < 0.72:
            api.call("GET", "/threads/unread-count", token)
        elif roll < 0.77:
            api.call("GET", "/me", token)
        elif roll < 0.80:
            api.call("PATCH", "/me", token, {"notifications": rng.choice(("immediate", "daily", "never"))})
        elif roll < 0.86:
            api.call("GET", "/notices?state=NY&limit=25")
        elif roll < 0.90:
            api.call("GET", "/dashboard/talent" if me["role"] == "talent" else "/dashboard/casting", token)
        elif roll < 0.94:
            content = PDF + f"% {uuid.uuid4().hex}\n".encode() + b"0" * rng.choice((1_000, 50_000, 400_000))
            ticket = api.call("POST", "/attachments", token, {
                "filename": "sides.pdf", "content_type": "application/pdf", "size": len(content)})
            if ticket:
                post_form(ticket["upload"]["url"], ticket["upload"]["fields"], content, "sides.pdf",
                          "application/pdf")
        else:
            api.call("GET", "/me/profile", token)


def table_items(aws_url: str) -> dict[str, int]:
    """Items in each table of the stand-in (a diagnostic Scan, COUNT only): how much of the
    memory is data the app wrote."""
    import boto3

    dynamodb = boto3.client("dynamodb", endpoint_url=aws_url, region_name="us-east-1",
                            aws_access_key_id="testing", aws_secret_access_key="testing")
    counts = {}
    for name in dynamodb.list_tables()["TableNames"]:
        total, start = 0, None
        while True:
            page = dynamodb.scan(TableName=name, Select="COUNT", **({"ExclusiveStartKey": start} if start else {}))
            total += page["Count"]
            start = page.get("LastEvaluatedKey")
            if not start:
                break
        counts[name] = total
    return counts


def start_stack(log: Path) -> tuple[subprocess.Popen[bytes], str, str]:
    api_port, aws_port, smtp_port = free_ports(3)
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    env.pop("AWS_ENDPOINT_URL", None)
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [sys.executable, "-m", "infra.local.stack", "--api-port", str(api_port), "--aws-port", str(aws_port),
             "--smtp-port", str(smtp_port), "--no-demo", "--no-web"],
            cwd=ROOT, env=env, stdout=sink, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        found = READY.search(log.read_text(errors="replace"))
        if found:
            return process, found.group(1), found.group(2)
        if process.poll() is not None:
            raise SystemExit(f"the stack exited ({process.returncode}):\n{log.read_text()[-3000:]}")
        time.sleep(0.2)
    process.terminate()
    raise SystemExit("the stack was not READY within 120 s")


def show(label: str, calls: int, memory: dict[str, float], started: float) -> None:
    parts = ", ".join(f"{name} {mb:,.0f}" for name, mb in memory.items() if name != "total")
    print(f"| {label} | {calls:,} | {time.monotonic() - started:,.0f} | {memory['total']:,.0f} | {parts} |",
          flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m infra.local.soak", description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=10_000)
    parser.add_argument("--every", type=int, default=1_000, help="print memory every this many calls")
    parser.add_argument("--users", type=int, default=40)
    parser.add_argument("--limit-mb", type=float, default=1_536.0, help="fail above this RSS after the calls")
    args = parser.parse_args(argv)
    log = Path(tempfile.mkdtemp(prefix="callboard-soak-")) / "stack.log"
    started = time.monotonic()
    process, api_url, aws_url = start_stack(log)
    try:
        api = Api(api_url)
        print(f"stack log: {log}\n")
        print("| when | API calls | s | RSS MB (tree) | by process (MB) |\n|---|---:|---:|---:|---|")
        show("READY", 0, rss_mb(process.pid), started)
        traffic = Traffic(api, random.Random(17), args.users)
        next_report = args.every
        while api.calls < args.calls:
            traffic.step()
            if api.calls >= next_report:
                show("during", api.calls, rss_mb(process.pid), started)
                next_report += args.every
        time.sleep(3)  # the pump finishes what the last calls set off
        alive = api.call("GET", "/openapi.json") is not None
        after = rss_mb(process.pid)
        show("after", api.calls, after, started)
        tables = ", ".join(f"{name} {count:,}" for name, count in table_items(aws_url).items())
        print(f"\n5xx answers: {api.failures}; timed out: {api.timeouts}; still serving: {alive}; "
              f"limit {args.limit_mb:,.0f} MB; items in the tables: {tables}")
        return 0 if alive and after["total"] <= args.limit_mb else 1
    finally:
        process.terminate()
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()


if __name__ == "__main__":
    sys.exit(main())
