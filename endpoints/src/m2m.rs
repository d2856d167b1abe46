//! Machine-to-machine (M2M): services that call each other with access
//! tokens Stytch issues to an M2M client.
//!
//! An M2M access token is a JWT signed by the project's keys, the same keys
//! that sign session JWTs. [`TokenVerifier`] checks one locally, with the
//! keys the [`Client`](crate::Client) caches, and says which client it was
//! issued to and which scopes it grants. There is no API call to check an
//! M2M token: the local check is the check.

mod verify;

pub use verify::{M2mToken, SCOPE_CLAIM, TokenVerifier, scopes_grant};
