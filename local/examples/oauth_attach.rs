//! The OAuth attach call end to end.
//!
//! With `STYTCH_PROJECT_ID` and `STYTCH_SECRET` set, it calls Stytch (the
//! base URL follows from the project id, or `STYTCH_BASE_URL`), for the user
//! in `STYTCH_USER_ID`. Without them it starts the local Stytch-compatible
//! server on 127.0.0.1 and calls that, for its demo user.
//!
//! ```sh
//! cargo run --example oauth_attach
//! ```

use std::process::ExitCode;

use stytch_endpoints::oauth::Attach;
use stytch_endpoints::{Client, Error};
use stytch_local::{self as local, LocalServer};

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), Error> {
    let project_id_set = std::env::var_os("STYTCH_PROJECT_ID").is_some();
    let secret_set = std::env::var_os("STYTCH_SECRET").is_some();
    if project_id_set != secret_set {
        // Half a credential pair is a mistake, not a request for the local
        // server: say so instead of quietly calling something else.
        let (set, unset) = if project_id_set {
            ("STYTCH_PROJECT_ID", "STYTCH_SECRET")
        } else {
            ("STYTCH_SECRET", "STYTCH_PROJECT_ID")
        };
        return Err(Error::Config {
            reason: format!(
                "{set} is set but {unset} is not: set both to call Stytch, or neither to use the local server"
            ),
        });
    }
    let credentials_set = project_id_set && secret_set;

    // Keep the local server alive until the end of `run`.
    let (client, user_id, _server) = if credentials_set {
        let client = Client::from_env()?;
        let user_id = std::env::var("STYTCH_USER_ID").map_err(|_| Error::Config {
            reason: "set STYTCH_USER_ID to the user to attach the OAuth flow to".to_owned(),
        })?;
        println!("calling Stytch at {}", client.base_url());
        (client, user_id, None)
    } else {
        let server = LocalServer::start().map_err(|e| Error::Config {
            reason: format!("cannot start the local server: {e}"),
        })?;
        println!(
            "no STYTCH_PROJECT_ID/STYTCH_SECRET set: using the local Stytch-compatible server at {}",
            server.base_url()
        );
        (
            server.client(),
            local::DEMO_USER_ID.to_owned(),
            Some(server),
        )
    };
    println!("client:   {client:?}");

    let request = Attach::builder()
        .provider("google")
        .user_id(user_id)
        .build();
    println!("request:  POST /v1/oauth/attach {request:?}");

    let response = client.send(&request)?;
    println!("response: {response:?}");
    println!(
        "oauth_attach_token: {} characters (pass it to the provider's OAuth Start call)",
        response.oauth_attach_token.expose().len()
    );
    Ok(())
}
