"""Log in through a running stytch-local with the official Python SDK, then
check the session JWT with the SDK's own local check
(sessions.authenticate_jwt_local) and its local-then-API check
(sessions.authenticate_jwt), tamper with it, revoke it.

    cargo run -p stytch-local -- --port 0     # prints its base URL
    ../venv-stytch/bin/python scripts/sdk_jwt_against_local.py http://127.0.0.1:PORT

The server must run with the default project id and secret."""
import sys, time
import stytch

base = sys.argv[1].rstrip("/") + "/"
project = "project-test-00000000-0000-0000-0000-000000000000"
client = stytch.Client(project_id=project, secret="secret-test-local-server-only-0000", environment=base)
user = client.users.create(phone_number="+15555550177")
login = client.otps.authenticate(method_id=user.phone_id, code="000000", session_duration_minutes=60)
jwt = login.session_jwt
print("jwks kids:", [k.kid for k in client.sessions.get_jwks(project_id=project).keys])
local = client.sessions.authenticate_jwt_local(session_jwt=jwt)
print("authenticate_jwt_local ->", None if local is None else (local.session_id, local.user_id, local.roles, local.expires_at, len(local.authentication_factors)))
assert local is not None and local.user_id == user.user_id
both = client.sessions.authenticate_jwt(session_jwt=jwt)
print("authenticate_jwt (local first) -> request_id=%r session=%s" % (both.request_id, both.session.session_id))
assert both.request_id == ""  # answered locally
forced = client.sessions.authenticate_jwt(session_jwt=jwt, max_token_age_seconds=0)
print("authenticate_jwt (max age 0, API) -> request_id=%r" % forced.request_id)
assert forced.request_id.startswith("request-id-test-")
# A tampered token is refused by the SDK's local check.
tampered = jwt[:-4] + ("AAAA" if not jwt.endswith("AAAA") else "BBBB")
print("tampered ->", client.sessions.authenticate_jwt_local(session_jwt=tampered))
client.sessions.revoke(session_id=local.session_id)
print("after revoke, local ->", client.sessions.authenticate_jwt_local(session_jwt=jwt) is not None)
try:
    client.sessions.authenticate(session_jwt=jwt)
    print("after revoke, API -> accepted (unexpected)")
except stytch.core.response_base.StytchError as e:
    print("after revoke, API ->", e.details.status_code, e.details.error_type)
print("OK")
