// The official Node SDK's local session-JWT check, timed: logs a user in
// through a running stytch-local, lets the first check fetch the JWKS, then
// awaits sessions.authenticateJwtLocal N times untimed (warm-up) and N times
// timed on the same token, one after another.
//
//     NODE_PATH=/path/to/node_modules node node_jwt_local.js BASE_URL [N]
//
// Prints one line: `node <verifications/s> <N>`.
const stytch = require("stytch");

async function main() {
  const base = process.argv[2].replace(/\/+$/, "") + "/";
  const n = Number(process.argv[3] || 2000);
  const project = "project-test-00000000-0000-0000-0000-000000000000";
  // A custom `env` is the SDK's way to name another base URL over plain
  // HTTP (it warns once).
  const client = new stytch.Client({
    project_id: project,
    secret: "secret-test-local-server-only-0000",
    env: base,
  });
  const user = await client.users.create({ phone_number: "+15555550179" });
  const login = await client.otps.authenticate({
    method_id: user.phone_id,
    code: "000000",
    session_duration_minutes: 60,
  });
  const again = await client.sessions.authenticate({
    session_jwt: login.session_jwt,
    session_custom_claims: { team: "blue" },
  });
  const jwt = again.session_jwt;
  // Untimed first: the first check fetches the JWKS, and V8 compiles the
  // hot path during the first thousands of calls.
  for (let i = 0; i < n; i++) {
    await client.sessions.authenticateJwtLocal({ session_jwt: jwt });
  }
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) {
    await client.sessions.authenticateJwtLocal({ session_jwt: jwt });
  }
  const secs = Number(process.hrtime.bigint() - start) / 1e9;
  console.log(`node ${Math.round(n / secs)} ${n}`);
}

main().catch((e) => {
  console.error("node:", e && e.message ? e.message : e);
  process.exit(1);
});
