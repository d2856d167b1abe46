//! Typed calls to the [Stytch](https://stytch.com) authentication API, where
//! the compiler, not the server, rejects a malformed call.
//!
//! ```no_run
//! use stytch_endpoints::{Client, oauth::Attach};
//!
//! # fn main() -> Result<(), stytch_endpoints::Error> {
//! let client = Client::new("project-test-...", "secret-test-...");
//! let answer = Attach::builder()
//!     .provider("microsoft")
//!     .session_token("mZAYn5aLEqKUlZ_Ad9U_fWr38GaAQ1oFAhT8ds245v7Q")
//!     .send(&client)?;
//! # let _ = answer; Ok(()) }
//! ```
//!
//! # Calls
//!
//! One module per product area, one struct per call, each with a
//! `...Response` beside it: [`sessions`], [`users`], [`oauth`],
//! [`magic_links`], [`otps`], [`passwords`] and [`idp`]. Objects several
//! answers share (users, sessions, emails, ...) are in [`types`].
//!
//! # Rules the compiler checks
//!
//! Each call is a struct declared with [`endpoint`]. Its builder tracks, in
//! its type, which required fields and field groups are set; `send` and
//! `build` exist only when all are. Leaving out the user identifier of
//! [`oauth::Attach`] does not compile:
//!
//! ```compile_fail
//! # use stytch_endpoints::{Client, oauth::Attach};
//! # let client = Client::new("project-test-x", "secret");
//! // error: `Attach` needs exactly one of `user_id`, `session_token` or `session_jwt`, and none is set
//! Attach::builder().provider("google").send(&client);
//! ```
//!
//! and neither does giving two:
//!
//! ```compile_fail
//! # use stytch_endpoints::{Client, oauth::Attach};
//! # let client = Client::new("project-test-x", "secret");
//! // error: `Attach` takes exactly one of `user_id`, `session_token` or `session_jwt`, and one is already set
//! Attach::builder().provider("google").user_id("user-test-1").session_token("tok").send(&client);
//! ```
//!
//! When the member is only known at run time, choose it with the group's
//! enum:
//!
//! ```
//! use stytch_endpoints::oauth::{Attach, AttachUser};
//!
//! fn attach_for(token: Option<String>, user_id: String) -> Attach {
//!     let who = match token {
//!         Some(t) => AttachUser::SessionToken(t),
//!         None => AttachUser::UserId(user_id),
//!     };
//!     Attach::builder().provider("github").user(who).build()
//! }
//! # let _ = attach_for(None, "user-test-1".into());
//! ```
//!
//! A value that did not come through the builder is checked again before
//! anything is sent: [`Client::send`] returns [`Error::InvalidRequest`] and
//! no request leaves the process.
//!
//! # Declaring your own endpoint
//!
//! Any crate can declare calls that this crate does not ship yet:
//!
//! ```
//! use stytch_endpoints::{endpoint, at_most_one_of};
//!
//! #[derive(serde::Deserialize, Debug)]
//! pub struct DeleteFactorResponse { pub request_id: String, pub status_code: u16 }
//!
//! /// Removes a TOTP factor from a user.
//! #[endpoint(DELETE "/v1/users/totps/{totp_id}", response = DeleteFactorResponse)]
//! pub struct DeleteTotp {
//!     /// The factor to remove.
//!     totp_id: String,
//! }
//!
//! let call = DeleteTotp::builder().totp_id("totp-test-1").build();
//! # let _ = call;
//! ```
//!
//! - `#[endpoint(METHOD "/path/{param}", response = Type)]`, with methods
//!   `GET`, `POST`, `PUT`, `PATCH`, `DELETE`. Add `idempotent` to let the
//!   client retry a `POST` that may have reached the server.
//! - `{param}` placeholders are filled from the field of that name,
//!   percent-encoded as a whole segment.
//! - Fields of `GET` and `DELETE` go to the query string, the others to the
//!   JSON body; `#[param(query)]`, `#[param(body)]` or `#[param(path)]`
//!   override that, `#[param(rename = "wire_name")]` renames, and
//!   `#[param(secret)]` / `#[param(not_secret)]` decide whether `Debug` hides
//!   the value (fields whose name contains `token`, `jwt`, `secret` or
//!   `password`, and fields named `code` or `code_verifier`, are hidden by default).
//! - `Option<T>` fields are optional and left out of the request when unset;
//!   other fields are required.
//! - `#[one_of(a, b, ...)]`: exactly one of these `Option` fields;
//!   `#[at_most_one_of(a, b, ...)]`: zero or one. Add `name = ident` to name
//!   the group's enum and builder method (default: the members joined with
//!   `_or_`).
//! - Setters of number fields (`u32`, `i64`, `f64`, ...) take the number
//!   type itself, so `.session_duration_minutes(30)` needs no suffix; the
//!   others take anything that converts into the field's type.
//! - `crate = path` names this crate for a crate that depends on it under
//!   another name (`se = { package = "stytch-endpoints", ... }`) or reaches
//!   it through a re-export of its own: every path the generated code writes
//!   to this crate starts with `path` instead of `::stytch_endpoints`. It is
//!   a path, written without quotes: `crate = se`, `crate = ::my_sdk::stytch`.
//! - Field types must implement `serde::Serialize`, `serde::Deserialize` and
//!   `Debug`; path and query fields also `Display`.
//!
//! ```
//! use stytch_endpoints as se;
//!
//! #[derive(serde::Deserialize, Debug)]
//! pub struct CountResponse { pub request_id: String, pub count: u64 }
//!
//! /// Counts a project's users.
//! #[se::endpoint(GET "/v1/users/count", response = CountResponse, crate = se)]
//! pub struct CountUsers {
//!     /// Only users created after this many days ago.
//!     days: Option<u32>,
//! }
//!
//! let call = CountUsers::builder().days(30).build();
//! # let _ = call;
//! ```
//!
//! The macro generates, next to the struct: `XBuilder` (from
//! `X::builder()`), one enum per group (`X` + the group name in CamelCase),
//! `impl Endpoint`, a redacting `Debug`, read-only accessors, and
//! `impl FromFields`, with which a server (such as `stytch-local`) decodes
//! the same request; it puts no bound on the field types.
//!
//! When a declaration has a mistake, the macro reports it and still
//! generates the struct, its builder (whose setters then accept anything),
//! the group enums and the impls, so the mistake is reported once rather
//! than again at every use of the builder.

#![forbid(unsafe_code)]
#![deny(missing_docs)]

extern crate self as stytch_endpoints;

pub use stytch_macros::{at_least_one_of, at_most_one_of, endpoint, one_of};
pub use stytch_runtime::{
    ApiError, CallOptions, Client, ClientBuilder, Describe, Endpoint, Error, FieldSource,
    FromFields, GroupRule, Location, Method, RetryPolicy, Route, Secret,
};

/// Lower-level pieces of the runtime: encoding helpers and response decoding.
pub use stytch_runtime as runtime;

pub mod idp;
pub mod magic_links;
pub mod oauth;
pub mod otps;
pub mod passwords;
pub mod sessions;
pub mod types;
pub mod users;

/// Support for code generated by `#[endpoint]`. Not a stable API.
#[doc(hidden)]
pub use stytch_runtime::__private;
