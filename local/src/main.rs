//! `stytch-local`: the local Stytch-compatible server as a program, for
//! tools and tests written in other languages.

use std::io::Write;
use std::process::ExitCode;

use stytch_local::{self as local, LocalServer, LocalServerConfig};

fn help() -> String {
    let routes: String = LocalServer::built_in_routes()
        .iter()
        .map(|r| format!("    {:<7}{}\n", r.method.as_str(), r.path))
        .collect();
    format!(
        "\
stytch-local: a Stytch-compatible API server on 127.0.0.1, for tests

USAGE:
    stytch-local [--port PORT] [--project-id ID] [--secret SECRET] [--log]
                 [--max-connections N] [--head-timeout-ms MS] [--body-timeout-ms MS]

OPTIONS:
    --port PORT         port on 127.0.0.1 to listen on (default 4010; 0 picks a free one)
    --project-id ID     project id clients must authenticate with
                        (default {project})
    --secret SECRET     secret clients must authenticate with
                        (default {secret})
    --log               print one line per request on standard error: method,
                        path template, status, error type and time taken (never
                        a credential, a token or a body); RUST_LOG=info (or
                        debug, trace) does the same
    --max-connections N connections open at once (default {max_conns}); one more
                        is answered 503 too_many_connections and closed
    --head-timeout-ms MS time a request head may take from its first byte
                        (default {head_ms}); then 408 and the connection closes
    --body-timeout-ms MS time a request body may take after its head
                        (default {body_ms}); then 408 and close
    -h, --help          print this help

Clients authenticate with HTTP Basic auth (project id as user, secret as
password), as with Stytch. Point them at the printed base URL.

TEST VALUES (always present):
    user id             {user}
    session token       {token}
    session JWT         {jwt}
    one-time passcode   {otp}  (accepted for every email and phone number)
    magic-link token    {magic}  (magic link authenticate: logs the demo user in)
    OAuth token         {oauth}  (oauth authenticate: logs the demo user in)
    IdP client id       {idp}  (built-in connected app)
    demo passkey        {passkey}
    demo biometric      {biometric}
    migrate token       {migrate}<email>  (sessions migrate: the user with that email)
    access token        {access}  (exchange_access_token, once)
    trusted profile     {profile}  (attest, with tokens {trusted}<email>)
    impersonation token {impersonation}
                        (impersonation authenticate: a 60-minute demo user session)
    project name        {project_name}  (debug whoami)
    RBAC policy         resource documents; roles stytch_user, editor;
                        scope read:documents (rbac policy)

FRAUD (served here too; every answer follows a fixed rule):
    fingerprint lookup  telemetry id {block}... -> BLOCK (HEADLESS_BROWSER_AUTOMATION)
                        telemetry id {challenge}... -> CHALLENGE (VIRTUAL_MACHINE)
                        telemetry id {not_found}... or empty -> 404 telemetry_id_not_found
                        any other id -> ALLOW; the same id always gets the same
                        fingerprints, IP 192.0.2.x, ASN 64496, country US; ids lapse
                        {lifetime_min} minutes after their first lookup
    rules set           overrides the verdict for a matching identifier
                        (RULE_MATCH), in Stytch's order; NONE removes a rule
    verdict reasons     HEADLESS_BROWSER_AUTOMATION, USER_AGENT_DECEPTION (BLOCK),
                        VIRTUAL_MACHINE, SMART_RATE_LIMIT_WARNING (CHALLENGE);
                        overrides change what lookups answer
    email risk          score: +80 disposable domain (mailinator.com, yopmail.com,
                        guerrillamail.com, 10minutemail.com, trashmail.com) or no
                        mail (.invalid, .test, .localhost); +40 local part bounce...;
                        +30 role address (support@, admin@, ...); +10 per . or +
                        (max 30); 100 if malformed. >= 80 BLOCK, >= 30 CHALLENGE,
                        else ALLOW: ada@example.com ALLOW, support@example.com
                        CHALLENGE, ada@mailinator.com BLOCK

CRYPTO WALLETS:
    a start's challenge works once, for 10 minutes; Solana signatures are
    verified (Ed25519), Ethereum ones only checked for shape (0x + 130 hex)

ROUTES:
{routes}
The server keeps its state in memory and stops with Ctrl-C.
",
        project = local::DEFAULT_PROJECT_ID,
        secret = local::DEFAULT_SECRET,
        user = local::DEMO_USER_ID,
        token = local::DEMO_SESSION_TOKEN,
        jwt = local::DEMO_SESSION_JWT,
        otp = local::OTP_TEST_CODE,
        magic = local::MAGIC_LINK_TEST_TOKEN,
        oauth = local::OAUTH_TEST_TOKEN,
        idp = local::IDP_TEST_CLIENT_ID,
        passkey = local::DEMO_WEBAUTHN_REGISTRATION_ID,
        biometric = local::DEMO_BIOMETRIC_REGISTRATION_ID,
        migrate = local::MIGRATE_TEST_TOKEN_PREFIX,
        access = local::ACCESS_TOKEN_TEST_TOKEN,
        profile = local::TRUSTED_AUTH_TEST_PROFILE_ID,
        trusted = local::TRUSTED_AUTH_TEST_TOKEN_PREFIX,
        impersonation = local::IMPERSONATION_TEST_TOKEN,
        project_name = local::PROJECT_NAME,
        block = local::TELEMETRY_BLOCK_PREFIX,
        challenge = local::TELEMETRY_CHALLENGE_PREFIX,
        not_found = local::TELEMETRY_NOT_FOUND_PREFIX,
        lifetime_min = local::TELEMETRY_LIFETIME_SECS / 60,
        max_conns = local::DEFAULT_MAX_CONNECTIONS,
        head_ms = local::DEFAULT_HEAD_TIMEOUT.as_millis(),
        body_ms = local::DEFAULT_BODY_TIMEOUT.as_millis(),
    )
}

/// Writes the server's log records to standard error, one line each.
struct StderrLog;

impl log::Log for StderrLog {
    fn enabled(&self, metadata: &log::Metadata<'_>) -> bool {
        metadata.target().starts_with("stytch_local")
    }

    fn log(&self, record: &log::Record<'_>) {
        if self.enabled(record.metadata()) {
            let _ = writeln!(std::io::stderr().lock(), "{}", record.args());
        }
    }

    fn flush(&self) {}
}

/// The log level asked for with `--log` or `RUST_LOG`, if any.
fn log_level(flag: bool) -> Option<log::LevelFilter> {
    let from_env = std::env::var("RUST_LOG")
        .ok()
        .and_then(|v| v.parse::<log::LevelFilter>().ok())
        .filter(|level| *level != log::LevelFilter::Off);
    from_env.or(flag.then_some(log::LevelFilter::Info))
}

/// A positive number of milliseconds.
fn millis(v: String) -> Result<std::time::Duration, String> {
    match v.parse::<u64>() {
        Ok(ms) if ms > 0 => Ok(std::time::Duration::from_millis(ms)),
        _ => Err(format!("{v:?} is not a positive number of milliseconds")),
    }
}

fn main() -> ExitCode {
    let mut config = LocalServerConfig {
        port: 4010,
        ..LocalServerConfig::default()
    };
    let mut log_flag = false;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or_else(|| format!("{name} needs a value"));
        let result = match arg.as_str() {
            "-h" | "--help" => {
                print!("{}", help());
                return ExitCode::SUCCESS;
            }
            "--port" => value("--port").and_then(|v| {
                v.parse()
                    .map(|p| config.port = p)
                    .map_err(|_| format!("--port: {v:?} is not a port number"))
            }),
            "--project-id" => value("--project-id").map(|v| config.project_id = v),
            "--max-connections" => value("--max-connections").and_then(|v| match v.parse() {
                Ok(n) if n > 0 => {
                    config.max_connections = n;
                    Ok(())
                }
                _ => Err(format!("--max-connections: {v:?} is not a positive number")),
            }),
            "--head-timeout-ms" => value("--head-timeout-ms")
                .and_then(millis)
                .map(|d| config.head_timeout = d),
            "--body-timeout-ms" => value("--body-timeout-ms")
                .and_then(millis)
                .map(|d| config.body_timeout = d),
            "--secret" => value("--secret").map(|v| config.secret = v),
            "--log" => {
                log_flag = true;
                Ok(())
            }
            other => Err(format!("unknown argument {other:?} (see --help)")),
        };
        if let Err(message) = result {
            eprintln!("stytch-local: {message}");
            return ExitCode::from(2);
        }
    }
    if let Some(level) = log_level(log_flag) {
        if log::set_logger(&StderrLog).is_ok() {
            log::set_max_level(level);
        }
    }
    let server = match LocalServer::start_with(config) {
        Ok(server) => server,
        Err(e) => {
            eprintln!("stytch-local: cannot listen: {e}");
            return ExitCode::FAILURE;
        }
    };
    println!("stytch-local listening on {}", server.base_url());
    println!("project id: {}", server.project_id());
    println!("demo user:  {}", local::DEMO_USER_ID);
    println!("(--help lists the routes and test values)");
    loop {
        std::thread::park();
    }
}
