#!/usr/bin/env python3
"""Drive Stytch's official Python SDK against a Stytch-compatible server.

Shows which answers of a local server (`stytch-local`) the real SDK cannot
parse. For each call it prints either the fields of the parsed answer that
matter, or the SDK's error: for an answer that does not fit the SDK's pydantic
model, every missing field and every field of the wrong type, with the
offending value.

Needs the `stytch` package (e.g. the venv that scripts/spec_from_sdk.py
makes: ../venv-stytch/bin/python scripts/sdk_against_local.py). Sends
traffic only to the base URL given, which must be a loopback address.

    stytch-local --port 4010 &
    ../venv-stytch/bin/python scripts/sdk_against_local.py --base-url http://127.0.0.1:4010

How the SDK is pointed at plain http: its `custom_base_url` insists on
https, but `environment` accepts any base URL other than "test"/"live" and
uses it as is (it must end with "/").
"""

from __future__ import annotations

import argparse
import ipaddress
import json
import sys
import time
import traceback
from urllib.parse import urlparse

try:
    import pydantic
    import requests
    import stytch
    from stytch.core.response_base import StytchError
except ImportError as exc:
    sys.exit(f"{exc}: run this with a python that has the stytch SDK "
             "(e.g. the venv scripts/spec_from_sdk.py makes)")

# Defaults of `stytch-local --help`.
DEFAULT_PROJECT_ID = "project-test-00000000-0000-0000-0000-000000000000"
DEFAULT_SECRET = "secret-test-local-server-only-0000"
DEMO_USER_ID = "user-test-16d9ba61-97a1-4ba4-9720-b03761dc50c6"
DEMO_SESSION_TOKEN = "local-session-token-demo-0000000000000000000"
OTP_TEST_CODE = "000000"
OAUTH_TEST_TOKEN = "local-oauth-token-demo-google-0000000000000000"
IDP_TEST_CLIENT_ID = "connected-app-test-local-0000"


class Recorder:
    """Keeps the last raw answer, so a failed parse can show what came back."""

    def __init__(self) -> None:
        self.last: requests.Response | None = None

    def hook(self, response, *args, **kwargs):
        self.last = response
        return response


def short(value, limit=120) -> str:
    text = json.dumps(value, default=str)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def describe_validation_error(err: pydantic.ValidationError) -> list[str]:
    missing, wrong = [], []
    for e in err.errors():
        where = ".".join(str(p) for p in e["loc"])
        if e["type"] == "missing":
            missing.append(where)
        else:
            wrong.append(f"{where}: {e['type']} ({e['msg']}); got {short(e.get('input'))}")
    lines = [f"  PARSE FAILED: {err.error_count()} problem(s) in {err.title}"]
    if missing:
        lines.append(f"    missing required: {', '.join(missing)}")
    for w in wrong:
        lines.append(f"    wrong: {w}")
    return lines


def pick(model, fields) -> dict:
    out = {}
    for f in fields:
        value = model
        for part in f.split("."):
            if value is None:
                break
            if isinstance(value, list):
                value = value[0] if value else None
                if value is None:
                    break
            value = getattr(value, part, None)
        if isinstance(value, (list, dict)):
            value = short(value, 80)
        elif hasattr(value, "isoformat"):
            value = value.isoformat()
        out[f] = value
    return out


class Runner:
    def __init__(self, client, recorder: Recorder) -> None:
        self.client = client
        self.recorder = recorder
        self.ok = 0
        self.failed = 0

    def call(self, label: str, fn, fields):
        print(f"== {label}")
        self.recorder.last = None
        try:
            result = fn()
        except pydantic.ValidationError as err:
            self.failed += 1
            for line in describe_validation_error(err):
                print(line)
            self.print_raw()
            return None
        except StytchError as err:
            self.failed += 1
            d = err.details
            print(f"  STYTCH ERROR: HTTP {d.status_code} {d.error_type}: {d.error_message}")
            self.print_raw()
            return None
        except Exception as err:  # a transport failure or an SDK bug
            self.failed += 1
            print(f"  ERROR: {type(err).__name__}: {err}")
            traceback.print_exc(limit=2, file=sys.stdout)
            self.print_raw()
            return None
        self.ok += 1
        print(f"  OK: {json.dumps(pick(result, fields), default=str)}")
        return result

    def print_raw(self) -> None:
        r = self.recorder.last
        if r is None:
            print("  (no answer recorded)")
            return
        print(f"  raw answer: HTTP {r.status_code} {r.request.method} {r.request.url}")
        print(f"    {r.text[:600]}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--base-url", default="http://127.0.0.1:4010")
    ap.add_argument("--project-id", default=DEFAULT_PROJECT_ID)
    ap.add_argument("--secret", default=DEFAULT_SECRET)
    args = ap.parse_args()

    host = urlparse(args.base_url).hostname or ""
    try:
        loopback = host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = False
    if not loopback:
        sys.exit(f"refusing to send traffic to {host!r}: give a loopback base URL")

    recorder = Recorder()
    session = requests.Session()
    session.hooks["response"].append(recorder.hook)
    base = args.base_url.rstrip("/") + "/"
    client = stytch.Client(
        project_id=args.project_id,
        secret=args.secret,
        environment=base,  # any value but "test"/"live" is used as the base URL
        sync_session=session,
        suppress_warnings=True,
    )
    print(f"stytch {stytch.__version__} (pydantic {pydantic.VERSION}) against {base}\n")
    run = Runner(client, recorder)

    email = f"sdk-check-{int(time.time() * 1000)}@example.com"
    created = run.call(
        f"users.create(email={email!r})",
        lambda: client.users.create(email=email),
        ["status_code", "user_id", "email_id", "status", "user.user_id",
         "user.emails.email", "user.status", "user.created_at"],
    )
    user_id = created.user_id if created else None
    email_id = created.email_id if created else None
    if created is None:
        # Go on with the raw answer's ids, or the server's demo user.
        raw = recorder.last.json() if recorder.last is not None else {}
        user_id = raw.get("user_id") or DEMO_USER_ID
        email_id = raw.get("email_id")
        print(f"  (going on with user_id={user_id} email_id={email_id})")

    run.call(
        f"users.get({user_id!r})",
        lambda: client.users.get(user_id=user_id),
        ["status_code", "user_id", "status", "emails.email", "emails.verified",
         "is_locked", "roles", "created_at"],
    )
    run.call(
        "users.search(limit=10, query: email_address = the new email)",
        lambda: client.users.search(
            limit=10,
            query={
                "operator": "AND",
                "operands": [{"filter_name": "email_address", "filter_value": [email]}],
            },
        ),
        ["status_code", "results.user_id", "results_metadata.total",
         "results_metadata.next_cursor"],
    )
    run.call(
        "users.search() without a query",
        lambda: client.users.search(limit=5),
        ["status_code", "results.user_id", "results_metadata.total"],
    )
    run.call(
        f"oauth.attach(provider='google', user_id={user_id!r})",
        lambda: client.oauth.attach(provider="google", user_id=user_id),
        ["status_code", "request_id", "oauth_attach_token"],
    )

    session_token = None
    if email_id:
        authed = run.call(
            f"otps.authenticate(method_id={email_id!r}, code={OTP_TEST_CODE!r}, "
            "session_duration_minutes=60)",
            lambda: client.otps.authenticate(
                method_id=email_id, code=OTP_TEST_CODE, session_duration_minutes=60
            ),
            ["status_code", "user_id", "method_id", "session_token", "session_jwt",
             "session.session_id", "session.expires_at",
             "session.authentication_factors.type", "user.status"],
        )
        if authed is not None:
            session_token = authed.session_token
        elif recorder.last is not None:
            try:
                session_token = recorder.last.json().get("session_token")
            except ValueError:
                pass
    else:
        print("== otps.authenticate skipped: no email_id from users.create")
    if not session_token:
        session_token = DEMO_SESSION_TOKEN
        print(f"  (sessions.authenticate uses the demo session {session_token})")

    run.call(
        "sessions.authenticate(session_token=..., session_duration_minutes=30)",
        lambda: client.sessions.authenticate(
            session_token=session_token, session_duration_minutes=30
        ),
        ["status_code", "session.session_id", "session.user_id", "session.expires_at",
         "session_token", "session_jwt", "user.user_id"],
    )
    run.call(
        f"sessions.get(user_id={user_id!r})",
        lambda: client.sessions.get(user_id=user_id),
        ["status_code", "sessions.session_id", "sessions.user_id"],
    )
    run.call(
        f"users.update({user_id!r}, name={{first_name: 'Ada'}})",
        lambda: client.users.update(user_id=user_id, name={"first_name": "Ada"}),
        ["status_code", "user_id", "user.name.first_name", "emails.email"],
    )

    run.call(
        f"magic_links.email.send(email={email!r})",
        lambda: client.magic_links.email.send(email=email),
        ["status_code", "user_id", "email_id"],
    )
    run.call(
        "passwords.sessions.reset(password=..., session_token=...)",
        lambda: client.passwords.sessions.reset(
            password="correct horse battery staple", session_token=session_token
        ),
        ["status_code", "user_id", "session.session_id", "user.password.password_id"],
    )
    run.call(
        "oauth.authenticate(token=the local test token, session_duration_minutes=60)",
        lambda: client.oauth.authenticate(
            token=OAUTH_TEST_TOKEN, session_duration_minutes=60
        ),
        ["status_code", "user_id", "provider_type", "provider_values.scopes",
         "oauth_user_registration_id", "user_session.session_id",
         "user_session.authentication_factors.delivery_method",
         "user.providers.provider_subject"],
    )
    run.call(
        f"sessions.get_jwks({args.project_id!r})",
        lambda: client.sessions.get_jwks(project_id=args.project_id),
        ["status_code", "keys.kid", "keys.alg", "keys.key_ops"],
    )
    redirect_uri = "https://app.example/callback"
    run.call(
        f"idp.oauth.authorize_start(user_id={user_id!r}, scopes=['openid', 'email'])",
        lambda: client.idp.oauth.authorize_start(
            client_id=IDP_TEST_CLIENT_ID, redirect_uri=redirect_uri,
            response_type="code", scopes=["openid", "email"], user_id=user_id,
        ),
        ["status_code", "client.client_name", "consent_required",
         "scope_results.scope"],
    )
    run.call(
        "idp.oauth.authorize(consent_granted=True, state='xyz')",
        lambda: client.idp.oauth.authorize(
            consent_granted=True, scopes=["openid", "email"],
            client_id=IDP_TEST_CLIENT_ID, redirect_uri=redirect_uri,
            response_type="code", user_id=user_id, state="xyz",
        ),
        ["status_code", "redirect_uri", "authorization_code"],
    )
    new_email = "exchanged-" + email
    exchanged = run.call(
        f"users.exchange_primary_factor({user_id!r}, email_address={new_email!r})",
        lambda: client.users.exchange_primary_factor(
            user_id=user_id, email_address=new_email
        ),
        ["status_code", "user_id", "user.emails.email"],
    )
    if exchanged is not None and exchanged.user.emails:
        new_email_id = exchanged.user.emails[0].email_id
        run.call(
            f"users.delete_email({new_email_id!r})",
            lambda: client.users.delete_email(email_id=new_email_id),
            ["status_code", "user_id", "user.emails"],
        )
    phone = f"+1202555{int(time.time()) % 10000:04d}"
    with_phone = run.call(
        f"users.create(phone_number={phone!r})",
        lambda: client.users.create(phone_number=phone),
        ["status_code", "user_id", "phone_id"],
    )
    if with_phone is not None:
        run.call(
            f"users.delete_phone_number({with_phone.phone_id!r})",
            lambda: client.users.delete_phone_number(phone_id=with_phone.phone_id),
            ["status_code", "user_id", "user.phone_numbers"],
        )
        run.call(
            f"users.delete({with_phone.user_id!r})",
            lambda: client.users.delete(user_id=with_phone.user_id),
            ["status_code", "user_id"],
        )
    run.call(
        "sessions.revoke(session_token=...)",
        lambda: client.sessions.revoke(session_token=session_token),
        ["status_code", "request_id"],
    )

    # An error answer: the SDK should read Stytch's error shape (error_type,
    # error_message, ...); when it cannot, it reports "An unknown error occurred".
    print("== users.get of an unknown user (an error is expected)")
    recorder.last = None
    try:
        client.users.get(user_id="user-test-00000000-0000-0000-0000-000000000000")
        print("  UNEXPECTED: the call succeeded")
        run.failed += 1
    except StytchError as err:
        d = err.details
        parsed = d.error_message != "An unknown error occurred"
        print(f"  {'OK' if parsed else 'ERROR SHAPE NOT PARSED'}: HTTP {d.status_code} "
              f"error_type={d.error_type!r} error_message={d.error_message!r} "
              f"error_url={d.error_url!r} request_id={d.request_id!r}")
        if parsed:
            run.ok += 1
        else:
            run.failed += 1
            run.print_raw()

    print(f"\n{run.ok} answers parsed, {run.failed} failed")
    return 0 if run.failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
