//! `stytch-local`: the local Stytch-compatible server as a program, for
//! tools and tests written in other languages.

use std::process::ExitCode;

use stytch_endpoints::local::{self, LocalServer, LocalServerConfig};

fn help() -> String {
    format!(
        "\
stytch-local: a Stytch-compatible API server on 127.0.0.1, for tests

USAGE:
    stytch-local [--port PORT] [--project-id ID] [--secret SECRET]

OPTIONS:
    --port PORT         port on 127.0.0.1 to listen on (default 4010; 0 picks a free one)
    --project-id ID     project id clients must authenticate with
                        (default {project})
    --secret SECRET     secret clients must authenticate with
                        (default {secret})
    -h, --help          print this help

Clients authenticate with HTTP Basic auth (project id as user, secret as
password), as with Stytch. Point them at the printed base URL.

TEST VALUES (always present):
    user id         {user}
    session token   {token}
    session JWT     {jwt}

The server keeps its state in memory and stops with Ctrl-C.
",
        project = local::DEFAULT_PROJECT_ID,
        secret = local::DEFAULT_SECRET,
        user = local::DEMO_USER_ID,
        token = local::DEMO_SESSION_TOKEN,
        jwt = local::DEMO_SESSION_JWT,
    )
}

fn main() -> ExitCode {
    let mut config = LocalServerConfig {
        port: 4010,
        ..LocalServerConfig::default()
    };
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
            "--secret" => value("--secret").map(|v| config.secret = v),
            other => Err(format!("unknown argument {other:?} (see --help)")),
        };
        if let Err(message) = result {
            eprintln!("stytch-local: {message}");
            return ExitCode::from(2);
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
    loop {
        std::thread::park();
    }
}
