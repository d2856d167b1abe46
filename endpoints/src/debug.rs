//! Debugging a setup: which project the client's credentials belong to.

use crate::{Decode, Encode, endpoint};

/// Answers with the project the client's credentials belong to: a quick
/// check that the id, secret and base URL fit together.
///
/// ```no_run
/// use stytch_endpoints::debug::Whoami;
///
/// # fn main() -> Result<(), stytch_endpoints::Error> {
/// let client = stytch_endpoints::Client::from_env()?;
/// let me = Whoami::builder().send(&client)?;
/// println!("{} ({})", me.name, me.project_id);
/// # Ok(()) }
/// ```
#[endpoint(GET "/v1/debug/whoami", response = WhoamiResponse)]
pub struct Whoami {}

/// The answer to [`Whoami`].
#[derive(Debug, Clone, Default, Encode, Decode)]
#[non_exhaustive]
pub struct WhoamiResponse {
    /// Unique id of this API call.
    pub request_id: String,
    /// The project's id.
    pub project_id: String,
    /// The project's name.
    pub name: String,
    /// The HTTP status code of the answer.
    pub status_code: u16,
}
