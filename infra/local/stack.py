"""The whole system on one machine: `python -m infra.local.stack` (what `make run` starts).

1. an AWS stand-in (moto's server, in this process) unless AWS_ENDPOINT_URL names one;
2. every resource of infra/template.json on it (infra.local.provision);
3. the API under the real `chalice local`, as a child process, with the deployed API's gateway
   responses (infra.local.gateway);
4. an event pump thread in this process delivering the table's stream records and the queued
   jobs to the handlers app.py declares, as Lambda would (`chalice local` serves routes only);
5. an SMTP server for the relay domain (infra.local.smtp) storing mail in inbound/, as SES does;
6. demo users and threads over HTTP (unless --no-demo), then one `READY api=... aws=... smtp=...` line;
7. the web client (web/) on --web-port, with a generated config.js naming this API (infra.local.web).

It runs in the foreground until Ctrl-C or SIGTERM, then stops its children.
"""
from __future__ import annotations

import argparse
import contextlib
import importlib
import json
import logging
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import boto3

from infra.local.provision import provision
from infra.local.smtp import start_smtp
from infra.local.standin import (
    Housekeeping,
    before_moto_import,
    queries_skip_the_first_sort,
    snapshot_named_items,
)
from infra.local.web import start_web

ROOT = Path(__file__).resolve().parents[2]
STAGE = "local"
REGION = "us-east-1"
HOST = "127.0.0.1"
PUMP_INTERVAL = 0.3  # seconds between pump rounds: search results appear within about this long
API_START_TIMEOUT = 60.0

# Not under "callboard": the app's powertools logger would re-format these as JSON.
log = logging.getLogger("infra.local.stack")

Clients = Callable[[str], Any]


# -- the AWS stand-in --------------------------------------------------------------------------
@contextlib.contextmanager
def aws_endpoint(port: int) -> Iterator[tuple[str, Housekeeping | None]]:
    """Yields the endpoint URL, and the stand-in's housekeeping when it runs here; starts
    moto's server only when none is configured."""
    configured = os.environ.get("AWS_ENDPOINT_URL")
    if configured:
        log.info("using the AWS endpoint in AWS_ENDPOINT_URL: %s", configured)
        yield configured, None
        return
    before_moto_import()
    # Imported here: with an endpoint configured, moto is not needed at all.
    from moto.server import ThreadedMotoServer

    snapshot_named_items()
    queries_skip_the_first_sort()

    # Werkzeug logs every request; the pump polls several times a second.
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    server = ThreadedMotoServer(ip_address=HOST, port=port, verbose=False)
    server.start()
    # Before any request arrives (nothing knows the endpoint yet): see one_request_at_a_time.
    lock = threading.Lock()
    server._server.app = one_request_at_a_time(server._server.app, lock)  # type: ignore[union-attr]
    try:
        yield f"http://{HOST}:{port}", Housekeeping(lock)
    finally:
        server.stop()


def one_request_at_a_time(app: Callable[..., Any], lock: threading.Lock) -> Callable[..., Any]:
    """Wraps moto's WSGI app so that it serves one request at a time.

    moto's backends take no locks, and its TransactWriteItems snapshots the whole table and
    restores the snapshot when a condition fails: with the API and the pump writing in
    parallel, a failed transaction silently erased writes other requests had just committed
    (seen as replies answered 201 that then never appeared). Real DynamoDB serialises
    transactions; this makes the stand-in do the same. Nothing here long-polls SQS
    (the pump receives with WaitTimeSeconds=0), so no request holds the lock for long.
    The stand-in's housekeeping takes the same lock.
    """

    def serialized(environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        with lock:
            return app(environ, start_response)

    return serialized


def client_factory(endpoint: str) -> Clients:
    """name -> boto3 client on the endpoint, with dummy credentials; one client per name.

    The lock matters: boto3 client creation is not thread-safe, and the pump thread and the
    main thread both ask for clients.
    """
    session = boto3.session.Session(
        aws_access_key_id="testing", aws_secret_access_key="testing", region_name=REGION)
    cache: dict[str, Any] = {}
    lock = threading.Lock()

    def clients(name: str) -> Any:
        with lock:
            if name not in cache:
                cache[name] = session.client(name, endpoint_url=endpoint)
            return cache[name]

    return clients


# -- the app's environment ---------------------------------------------------------------------
def app_environment(endpoint: str, outputs: dict[str, str]) -> dict[str, str]:
    """What the app reads, the same for `chalice local` and the pump in this process.

    The stage's variables from .chalice/config.json are included so that the pump's copy of
    the app sees what `chalice local` gives its copy.
    """
    config = json.loads((ROOT / ".chalice" / "config.json").read_text())
    env = dict(config.get("environment_variables", {}))
    env.update(config.get("stages", {}).get(STAGE, {}).get("environment_variables", {}))
    env.update({
        "AWS_ENDPOINT_URL": endpoint,
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": REGION,
        "AWS_REGION": REGION,
        "CALLBOARD_STAGE": STAGE,
        "CALLBOARD_TABLE_STREAM_ARN": outputs["TableStreamArn"],
    })
    return env


# -- the API -----------------------------------------------------------------------------------
def start_api(port: int, env: dict[str, str]) -> subprocess.Popen[bytes]:
    # `chalice local` itself, answering unknown paths and oversized bodies as API Gateway does.
    command = [sys.executable, "-m", "infra.local.gateway", "local", "--stage", STAGE, "--host", HOST,
               "--port", str(port), "--no-autoreload"]
    # Its own process group: Ctrl-C in a terminal reaches only this process, which then stops
    # the API in order instead of both dying at once with tracebacks.
    return subprocess.Popen(command, cwd=ROOT, env={**os.environ, **env}, process_group=0)


def stop_process(process: subprocess.Popen[bytes], grace: float = 5.0) -> None:
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(grace)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def wait_for_api(api_url: str, process: subprocess.Popen[bytes], timeout: float = API_START_TIMEOUT) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"chalice local exited with status {process.returncode}")
        try:
            with urllib.request.urlopen(f"{api_url}/openapi.json", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass  # not listening yet
        time.sleep(0.2)
    raise RuntimeError(f"the API did not answer on {api_url} within {timeout:.0f} s")


# -- the event pump ----------------------------------------------------------------------------
def start_pump(clients: Clients, outputs: dict[str, str], stop: threading.Event,
               housekeeping: Housekeeping | None = None) -> threading.Thread:
    """Runs EventPump.pump_once in a loop until `stop` is set; then, with the stand-in in this
    process, lets it drop what has been delivered (infra/local/standin.py).

    app is imported here, after os.environ holds the app's environment: its settings and the
    stream ARN its handler declares are read at import.
    """
    from infra.local.pump import EventPump

    app_module = importlib.import_module("app")
    pump = EventPump(clients, outputs, app_module)

    def loop() -> None:
        while not stop.is_set():
            try:
                pump.pump_once()
                if housekeeping is not None:
                    housekeeping.after_pump(pump.delivered_through(), pump.table_name)
            except Exception:
                # As with Lambda, a failing batch must not stop later deliveries.
                log.exception("event pump round failed; retrying")
            stop.wait(PUMP_INTERVAL)

    thread = threading.Thread(target=loop, name="event-pump", daemon=True)
    thread.start()
    return thread


# -- demo data ---------------------------------------------------------------------------------
DEMO_USERS = [
    ("casting", "Casey Castellano", "casting", "casting@demo.callboard.local"),
    ("talent", "Tamsin Reyes", "talent", "talent@demo.callboard.local"),
    ("talent2", "Theo Nakamura", "talent", "talent2@demo.callboard.local"),
    ("editor", "Edda Lindqvist", "editor", "editor@demo.callboard.local"),
]


def http_json(method: str, url: str, body: Any = None, token: str | None = None) -> Any:
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, headers=headers, method=method)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.loads(response.read() or b"null")
    except urllib.error.HTTPError as exc:
        raise RuntimeError(f"{method} {url} -> {exc.code}: {exc.read().decode(errors='replace')}") from None


def seed_demo(api_url: str) -> dict[str, dict[str, str]]:
    """Demo users (same emails each run, so the same users on a shared endpoint) and threads."""
    users: dict[str, dict[str, str]] = {}
    for key, name, role, email in DEMO_USERS:
        signed_in = http_json("POST", f"{api_url}/dev/token", {"email": email, "name": name, "role": role})
        users[key] = {"name": name, "role": role, "email": email, **signed_in}

    def start(sender: str, recipient: str, subject: str, body: str) -> str:
        thread = http_json("POST", f"{api_url}/threads", {
            "recipient_ids": [users[recipient]["user_id"]], "subject": subject, "body": body},
            users[sender]["token"])
        return str(thread["thread_id"])

    def reply(sender: str, thread_id: str, body: str) -> None:
        http_json("POST", f"{api_url}/threads/{thread_id}/messages", {"body": body}, users[sender]["token"])

    callback = start("casting", "talent", "Callback: Harbor Lights (lead)",
                     "Hi Tamsin, we loved your self-tape. Can you come in Thursday at 2pm for a callback?")
    reply("talent", callback, "Thank you! Thursday at 2pm works. Should I prepare the same sides?")
    reply("casting", callback, "Yes, the same sides, plus the monologue from scene 12.")
    start("casting", "talent2", "Self-tape request: Night Shift",
          "Hi Theo, please send a self-tape for the role of the night porter by Friday.")
    question = start("talent2", "casting", "Question about Night Shift dates",
                     "Hello Casey, are the shooting dates for Night Shift fixed yet?")
    reply("casting", question, "Not yet; we expect to confirm them next week.")
    # A partial profile (no media, no credits): the dashboard's score shows what is missing.
    http_json("PUT", f"{api_url}/me/profile", {
        "bio": "Stage and screen actor from Brooklyn; Shakespeare, new plays and indie film.",
        "location": {"city": "Brooklyn", "state": "NY", "country": "US"},
        "age_min": 26, "age_max": 34, "gender": "female", "union_status": "eligible",
        "skills": ["Stage combat", "Piano", "Spanish (fluent)"]}, users["talent"]["token"])
    seed_demo_notices(api_url, users)
    return users


def seed_demo_notices(api_url: str, users: dict[str, dict[str, str]]) -> None:
    """Two published casting calls (one remote), an application and an invitation, so the casting
    calls, the application manager and the dashboards have something to show right away."""
    today = datetime.now(UTC).date()
    dates = {"expires_at": f"{today + timedelta(days=45)}T23:59:59Z", "starts_on": str(today + timedelta(days=60)),
             "ends_on": str(today + timedelta(days=74))}
    notices = [
        {"name": "The Long Thaw (indie feature)", "company": "Northlight Pictures", "job_type": "film",
         "category": "casting",
         "description": "Northlight Pictures is casting a 90-minute drama about two sisters who reopen their late "
                        "father's diner in upstate New York. Filming runs for two weeks in Brooklyn with a small "
                        "crew. Sides will be sent to selected talent; callbacks are in person. Meals are provided "
                        "on set and parking is covered. No nudity.",
         "location": {"city": "Brooklyn", "state": "NY", "country": "US"},
         "union": {"status": "non-union"}, "pay": {"kind": "paid", "rate": 250, "unit": "day"}, "nudity": False,
         "roles": [{"name": "June", "description": "The older sister, practical and tired, holding the family "
                    "together.", "age_min": 35, "age_max": 45, "gender": "female", "nudity": False},
                   {"name": "Dell", "description": "The younger sister, a line cook back from Chicago with a "
                    "secret.", "age_min": 26, "age_max": 34, "gender": "female", "nudity": False}]},
        {"name": "Harbor Lights (audio drama)", "company": "Tidewater Audio", "job_type": "voiceover",
         "category": "casting",
         "description": "Tidewater Audio is casting a six-episode audio drama about a lighthouse keeper's family. "
                        "Recording is remote from a home studio; a short read from the sides is the audition. "
                        "Each episode is recorded in one session over video call with the director.",
         "location": {"city": "Portland", "state": "ME", "country": "US", "remote": True},
         "union": {"status": "non-union"}, "pay": {"kind": "paid", "rate": 400, "unit": "flat"}, "nudity": False,
         "roles": [{"name": "Keeper", "description": "The lighthouse keeper, weathered and kind.", "age_min": 40,
                    "age_max": 65, "gender": "any", "nudity": False}]},
    ]
    casting, editor = users["casting"]["token"], users["editor"]["token"]
    roles: list[str] = []
    for body in notices:
        production = http_json("POST", f"{api_url}/productions", {**body, **dates}, casting)
        production_id = production["production_id"]
        vetted = http_json("POST", f"{api_url}/productions/{production_id}/submit", None, casting)
        if vetted["status"] != "pending_review":
            log.warning("demo notice %s was returned: %s", body["name"], vetted["findings"])
            continue
        http_json("POST", f"{api_url}/moderation/notices/{production_id}/decision",
                  {"decision": "approve", "reason": "Demo notice"}, editor)
        roles.append(production["notice"]["roles"][-1]["role_id"])
    if len(roles) == 2:
        http_json("POST", f"{api_url}/roles/{roles[1]}/applications",
                  {"note": "Home studio with treated booth; samples on request.", "submit": True},
                  users["talent2"]["token"])
        http_json("POST", f"{api_url}/roles/{roles[0]}/invitations",
                  {"talent_id": users["talent"]["user_id"], "message": "Tamsin, Dell feels written for you."},
                  casting)


# What each demo user's role does, for the banner (the web client's sign-in page lists them too).
DEMO_ROLES = {
    "casting": "casting director: owns the two published calls, works the application manager, messages talent",
    "talent": "talent: profile, media locker, applications and invitations, messages",
    "editor": "editor: the review queue (vets notices before they are published) and reports",
}


def print_demo(api_url: str, users: dict[str, dict[str, str]]) -> None:
    print(f"\nCallboard API: {api_url}  (routes: {api_url}/openapi.json)")
    print("Demo users (send 'Authorization: Bearer <token>'):")
    for user in users.values():
        print(f"  {user['name']} ({user['role']}, {user['email']}, user_id {user['user_id']})")
        print(f"    {DEMO_ROLES.get(user['role'], user['role'])}")
        print(f"    token: {user['token']}")
    token = users["talent"]["token"]
    print(f"Try:  curl -H 'Authorization: Bearer {token}' {api_url}/threads\n", flush=True)


# -- running it --------------------------------------------------------------------------------
class Shutdown(Exception):
    """Raised in the main thread by SIGINT/SIGTERM, so every `finally` runs in order."""


def _on_signal(signum: int, frame: Any) -> None:
    # Further signals are ignored while we clean up; cleanup is bounded by timeouts.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    raise Shutdown(signal.Signals(signum).name)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m infra.local.stack", description=__doc__.splitlines()[0])
    parser.add_argument("--api-port", type=int, default=8000, help="port of the API (default 8000)")
    parser.add_argument("--aws-port", type=int, default=4566,
                        help="port of the embedded AWS stand-in (default 4566; unused with AWS_ENDPOINT_URL)")
    parser.add_argument("--smtp-port", type=int, default=2525,
                        help="port of the inbound SMTP server for the relay domain (default 2525)")
    parser.add_argument("--no-demo", action="store_true", help="do not create demo users and threads")
    parser.add_argument("--web-port", type=int, default=8080, help="port of the web client (default 8080)")
    parser.add_argument("--no-web", action="store_true", help="do not serve the web client")
    return parser.parse_args(argv)


def ports_to_listen_on(args: argparse.Namespace) -> dict[str, int]:
    """option -> port, for each port this run will listen on."""
    ports = {"--api-port": args.api_port, "--smtp-port": args.smtp_port}
    if not os.environ.get("AWS_ENDPOINT_URL"):
        ports["--aws-port"] = args.aws_port
    if not args.no_web:
        ports["--web-port"] = args.web_port
    return ports


def check_ports_free(ports: dict[str, int]) -> None:
    """Refuses to start when a port is taken, naming the option that picks another: otherwise a
    taken port fails late (after provisioning) with a traceback, or, for the AWS stand-in, hangs.
    SO_REUSEADDR as the servers set it: a port a stopped run left in TIME_WAIT counts as free."""
    for option, port in ports.items():
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind((HOST, port))
            except OSError as exc:
                raise RuntimeError(f"{HOST}:{port} is in use ({exc.strerror}): stop what listens there, "
                                   f"or choose another port with {option} (make run ARGS='{option} N')") from None


def run(args: argparse.Namespace) -> int:
    check_ports_free(ports_to_listen_on(args))
    api_url = f"http://{HOST}:{args.api_port}"
    web_url = f"http://{HOST}:{args.web_port}"
    web_origins = [web_url, f"http://localhost:{args.web_port}"]
    stop_pump = threading.Event()
    # Everything started is stopped in reverse order: API and pump first, the AWS stand-in last.
    with contextlib.ExitStack() as cleanup:
        web = None
        if not args.no_web:  # first: a port in use fails before anything else is started
            demo = [{"name": name, "role": role, "email": email} for _, name, role, email in DEMO_USERS]
            web = start_web(HOST, args.web_port, api_url, demo)
            cleanup.callback(web.stop)
        endpoint, housekeeping = cleanup.enter_context(aws_endpoint(args.aws_port))
        clients = client_factory(endpoint)
        # The browser uploads straight to the bucket: its CORS must allow the web client's origins.
        outputs = provision(clients, stage=STAGE, parameters={"WebOrigins": ",".join(web_origins)})
        log.info("provisioned infra/template.json on %s: %s", endpoint, outputs)

        env = app_environment(endpoint, outputs)
        # Links in alerts and digests (thread, unsubscribe) name the ports this stack really listens on.
        env.update({"CALLBOARD_WEB_ORIGINS": ",".join(web_origins), "CALLBOARD_WEB_URL": web_url,
                    "CALLBOARD_API_URL": api_url})
        os.environ.update(env)  # before the pump imports app

        api = start_api(args.api_port, env)
        cleanup.callback(stop_process, api)
        pump = start_pump(clients, outputs, stop_pump, housekeeping)
        cleanup.callback(pump.join, 5)
        cleanup.callback(stop_pump.set)  # callbacks run last-in first-out: set, then join

        smtp = start_smtp(HOST, args.smtp_port, clients, outputs["FilesBucketName"], outputs["RelayDomain"])
        cleanup.callback(smtp.stop)
        log.info("inbound mail for @%s: smtp://%s:%s", outputs["RelayDomain"], HOST, args.smtp_port)

        wait_for_api(api_url, api)
        if not args.no_demo:
            print_demo(api_url, seed_demo(api_url))
        print(f"Email the system sent (alerts, digests): {api_url}/dev/outbox  "
              f"(replies by email: SMTP {HOST}:{args.smtp_port})", flush=True)
        if web is not None:
            print(f"Web client: {web.url}  (sign in as a demo user there; any browser will do: "
                  "Chromium is needed only for its tests, `make chromium`)", flush=True)
        print(f"READY api={api_url} aws={endpoint} smtp={HOST}:{args.smtp_port}", flush=True)

        while api.poll() is None:
            time.sleep(0.5)
        log.error("chalice local exited with status %s", api.returncode)
        return 1


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    for chatty in ("botocore", "pynamodb"):  # "found credentials", "using default settings"
        logging.getLogger(chatty).setLevel(logging.WARNING)
    signal.signal(signal.SIGINT, _on_signal)
    signal.signal(signal.SIGTERM, _on_signal)
    try:
        return run(args)
    except Shutdown as reason:
        log.info("%s received: stopped", reason)
        return 0
    except RuntimeError as exc:
        log.error("%s", exc)
        return 1


if __name__ == "__main__":
    sys.exit(main())
