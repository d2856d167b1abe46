"""The official Python SDK's local session-JWT check, timed: logs a user in
through a running stytch-local (whose session JWTs are RS256, signed with
its test key), fetches the JWKS once, then calls
sessions.authenticate_jwt_local N times untimed (warm-up), then N times
timed, on the same token.

    python py_jwt_local.py BASE_URL [N]

Prints one line: `python <verifications/s> <N>`."""
import sys, time
import stytch

base = sys.argv[1].rstrip("/") + "/"
n = int(sys.argv[2]) if len(sys.argv) > 2 else 2000
project = "project-test-00000000-0000-0000-0000-000000000000"
client = stytch.Client(project_id=project, secret="secret-test-local-server-only-0000", environment=base)
user = client.users.create(phone_number="+15555550178")
login = client.otps.authenticate(method_id=user.phone_id, code="000000", session_duration_minutes=60)
jwt = client.sessions.authenticate(session_jwt=login.session_jwt, session_custom_claims={"team": "blue"}).session_jwt
check = client.sessions.authenticate_jwt_local
# Untimed first, as for Node: the first check fetches the JWKS, which
# PyJWKClient keeps for the rest.
for _ in range(n):
    assert check(session_jwt=jwt) is not None
start = time.perf_counter()
for _ in range(n):
    if check(session_jwt=jwt) is None:
        sys.exit("python: the SDK refused the token")
elapsed = time.perf_counter() - start
print(f"python {n / elapsed:.0f} {n}")
