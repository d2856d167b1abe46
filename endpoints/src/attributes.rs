//! The reference for the declaration attributes: [`#[endpoint]`](#endpoint),
//! [`#[param]`](#param), the field groups [`#[one_of]`](#one_of),
//! [`#[at_most_one_of]`](#at_most_one_of) and
//! [`#[at_least_one_of]`](#at_least_one_of), what they generate, and every
//! compile error they can report. This module holds no items; it is only this
//! page. Every call in this crate is declared with these attributes, and any
//! crate can use them to declare a call this crate does not ship yet.
//!
//! A complete declaration:
//!
//! ```
//! use stytch_endpoints::{endpoint, one_of};
//!
//! #[derive(serde::Deserialize, Debug)]
//! pub struct AttachResponse {
//!     pub request_id: String,
//!     pub oauth_attach_token: String,
//! }
//!
//! /// Starts attaching an OAuth provider to an existing user.
//! #[endpoint(POST "/v1/oauth/attach", response = AttachResponse)]
//! #[one_of(user_id, session_token, session_jwt, name = user)]
//! pub struct Attach {
//!     /// The OAuth provider, such as `google`.
//!     provider: String,
//!     /// The user, by id.
//!     user_id: Option<String>,
//!     /// The user, by one of their session tokens.
//!     session_token: Option<String>,
//!     /// The user, by one of their session JWTs.
//!     session_jwt: Option<String>,
//! }
//!
//! let call = Attach::builder()
//!     .provider("google")
//!     .user_id("user-test-1")
//!     .build();
//! assert_eq!(call.provider(), "google");
//! ```
//!
//! # `#[endpoint]`
//!
//! ```text
//! #[endpoint(METHOD "/path/{param}", response = Type)]
//! #[endpoint(METHOD "/path/{param}", response = Type, idempotent, crate = path)]
//! #[endpoint(POST "/v1/public/{project_id}/...", response = Type, body = form)]
//! #[endpoint(POST "/v1/...", response = Type, host = fraud)]
//! #[endpoint(POST "/v1/.../search", response = Type, cursor = field)]
//! ```
//!
//! It goes on a non-generic struct with named fields: the call's parameters.
//! The struct's own attributes (docs, `#[derive(Clone)]`, ...) stay on it,
//! except `#[derive(Debug)]`, which is refused because the macro writes a
//! `Debug` that hides secrets.
//!
//! - **Method**: `GET`, `POST`, `PUT`, `PATCH` or `DELETE`, in upper case.
//! - **Path template**: a string that starts with `/`. A `{name}` placeholder
//!   is a whole segment (`/v1/users/{user_id}`, not `/v1/users/{user_id}.json`)
//!   and names a field by its wire name; that field must be required (not an
//!   `Option`), its value is percent-encoded as one segment, and it travels
//!   in the path only. The query string is not part of the template: declare
//!   query parameters as fields. One exception: `{project_id}` with no field
//!   of that name is filled in by the client with its own project id (as in
//!   Stytch's `/v1/public/{project_id}/oauth2/...` calls), so callers never
//!   repeat it; with a `project_id` field, the field's value is used.
//! - **`response = Type`**: what a successful answer decodes into; any
//!   `serde::Deserialize` type. Required.
//! - **`idempotent`**: sending the call twice does no harm, so the client
//!   retries it after failures where the request may have been processed
//!   (other 5xx answers, timeouts), as it does `GET`, `PUT` and `DELETE`.
//!   Without it, a `POST` or `PATCH` is retried only when it certainly was
//!   not processed.
//! - **`host = api | fraud`**: which of Stytch's hosts serves the call. `api`
//!   (the default) is the client's base URL; `fraud` is the host of the
//!   fraud and risk products, `https://telemetry.stytch.com` for test and
//!   live projects, or the client's `fraud_base_url`. Given once.
//! - **`body = json | form`**: how a `POST`, `PUT` or `PATCH` body is
//!   encoded. `json` (the default) sends a JSON object; `form` sends
//!   `application/x-www-form-urlencoded` pairs, each value percent-encoded
//!   from its `Display` form, so body fields must be flat text or numbers
//!   (a `Vec`, map or JSON value is refused at compile time). Refused on
//!   `GET` and `DELETE`, whose fields go to the query string anyway.
//! - **`cursor = field`**: the call is paged. `field` is an optional field
//!   (not in the path, not in a group) that takes the cursor of the next
//!   page; the answer type implements [`Page`](crate::Page) (its results and
//!   next cursor). The declaration then implements [`Paged`](crate::Paged)
//!   and its builder gets `paginate(&client)`: an iterator over every result
//!   of every page, fetched one page at a time as the iterator advances
//!   (each page is one call with the client's retry policy), ending after
//!   the page without a next cursor, with a failed page's error as its last
//!   item. [`Client::paginate`](crate::Client::paginate) does the same for a
//!   built value.
//! - **`crate = path`**: the path of this crate, for a crate that depends on
//!   it under another name or reaches it through a re-export. Every path the
//!   generated code writes to this crate then starts with `path` instead of
//!   `::stytch_endpoints`. It is a path, without quotes: `crate = se`,
//!   `crate = ::my_sdk::stytch`.
//!
//! Where each field travels:
//!
//! | field | `GET`, `DELETE` | `POST`, `PUT`, `PATCH` |
//! |---|---|---|
//! | named by a `{placeholder}` | path | path |
//! | any other | query string | JSON body |
//!
//! `#[param(...)]` moves a field elsewhere (below). An `Option` field that is
//! `None` is left out of the query or body; every other field is required.
//! Field types implement `serde::Serialize` and `Debug`, and `Display` for
//! path and query fields; a server that decodes requests (such as
//! `stytch-local`) also needs `serde::Deserialize`.
//!
//! ```
//! use stytch_endpoints::{Endpoint, PathContext, endpoint};
//!
//! #[derive(serde::Deserialize, Debug)]
//! pub struct SearchResponse { pub request_id: String }
//!
//! /// Lists one page of an organization's members.
//! #[endpoint(GET "/v1/b2b/organizations/{organization_id}/members", response = SearchResponse)]
//! pub struct ListMembers {
//!     /// In the path: named by the placeholder.
//!     organization_id: String,
//!     /// In the query string, when set.
//!     limit: Option<u32>,
//! }
//!
//! let call = ListMembers::builder().organization_id("org 1").limit(10).build();
//! let mut path = String::new();
//! call.write_path(&mut path, &PathContext::new("project-test-1"));
//! assert_eq!(path, "/v1/b2b/organizations/org%201/members");
//! let mut query = String::new();
//! call.write_query(&mut query);
//! assert_eq!(query, "limit=10");
//! ```
//!
//! With a renamed dependency (`se = { package = "stytch-endpoints", ... }`)
//! or a re-export, name the crate:
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
//! # `#[param]`
//!
//! `#[param(...)]` goes on a field of an `#[endpoint]` struct. It is read by
//! `#[endpoint]` and removed from the output, so it has no item or page of
//! its own: this section is its reference. Options, comma-separated:
//!
//! - **`path`**, **`query`**, **`body`**: where the field travels, instead of
//!   the default above. One of them per field. `body` is refused on `GET`
//!   and `DELETE`, which have no body; `path` needs a `{placeholder}` for the
//!   field in the template.
//! - **`rename = "wire_name"`**: the name on the wire (JSON key, query name,
//!   placeholder), when it is not the field's name. Non-empty, with no
//!   quotes, backslashes or control characters. A raw identifier such as
//!   `r#type` is sent as `type` without a rename.
//! - **`secret`**: `Debug` prints `[redacted]` instead of the value, in the
//!   struct and in its group enums.
//! - **`not_secret`**: `Debug` prints the value even though the name looks
//!   secret.
//!
//! Without either, a field is secret when its wire name contains `token`,
//! `jwt`, `secret` or `password`, or is `code` or `code_verifier`.
//!
//! ```
//! use stytch_endpoints::{Describe, endpoint};
//!
//! #[derive(serde::Deserialize, Debug)]
//! pub struct MigrateResponse { pub request_id: String }
//!
//! /// Imports a user with a password hash from another system.
//! #[endpoint(POST "/v1/passwords/migrate", response = MigrateResponse)]
//! pub struct Migrate {
//!     email: String,
//!     /// Sent as `hash`, hidden from `Debug`.
//!     #[param(rename = "hash", secret)]
//!     password_hash: String,
//!     /// Looks secret by its name, but is not.
//!     #[param(not_secret)]
//!     token_kind: Option<String>,
//! }
//!
//! let call = Migrate::builder()
//!     .email("ada@example.com")
//!     .password_hash("$2a$10$...")
//!     .token_kind("bcrypt")
//!     .build();
//! let printed = format!("{call:?}");
//! assert!(printed.contains("[redacted]") && !printed.contains("$2a$"));
//! assert!(printed.contains("bcrypt"));
//! assert!(Migrate::DESCRIPTION.param("hash").is_some_and(|p| p.secret));
//! ```
//!
//! # Field groups
//!
//! A group states a rule between `Option` fields of one call. It is written
//! on the struct, below or above `#[endpoint]` (above, it moves itself below
//! under the declaration's `crate = path`), and lists at least two fields,
//! then optionally `name = ident`. A field is in at most one group, and a
//! path field in none.
//!
//! | attribute | rule | builder | run-time check |
//! |---|---|---|---|
//! | `#[one_of(a, b, ...)]` | exactly one is set | `build`/`send` need one member; a second does not compile | `exactly one of ... must be set` |
//! | `#[at_most_one_of(a, b, ...)]` | zero or one is set | a second member does not compile | `at most one of ... must be set` |
//! | `#[at_least_one_of(a, b, ...)]` | one or more are set | `build`/`send` need a member; more are allowed | `at least one of ... must be set` |
//!
//! The name defaults to the members joined with `_or_` (`user_id_or_session_token`).
//! For `#[one_of]` and `#[at_most_one_of]` it names the group's builder
//! method and, in CamelCase after the struct's name, its enum
//! (`name = user` on `Attach`: `.user(...)` and `AttachUser`); for all three
//! it is the name in [`Describe`](crate::Describe).
//!
//! ## `#[one_of]`
//!
//! Each member has a setter; setting one decides the group, so a second
//! setter call does not compile, and `build`/`send` do not compile until one
//! is called. When the member is only known at run time, pass the enum to
//! the group method:
//!
//! ```
//! use stytch_endpoints::{endpoint, one_of};
//!
//! #[derive(serde::Deserialize, Debug)]
//! pub struct RevokeResponse { pub request_id: String }
//!
//! /// Revokes a session.
//! #[endpoint(POST "/v1/sessions/revoke", response = RevokeResponse)]
//! #[one_of(session_id, session_token, name = session)]
//! pub struct Revoke {
//!     session_id: Option<String>,
//!     session_token: Option<String>,
//! }
//!
//! fn revoke(token: Option<String>, id: String) -> Revoke {
//!     let session = match token {
//!         Some(t) => RevokeSession::SessionToken(t),
//!         None => RevokeSession::SessionId(id),
//!     };
//!     Revoke::builder().session(session).build()
//! }
//! assert!(revoke(None, "session-test-1".into()).session_id().is_some());
//! ```
//!
//! ```compile_fail
//! # use stytch_endpoints::{endpoint, one_of};
//! # #[derive(serde::Deserialize, Debug)]
//! # pub struct RevokeResponse { pub request_id: String }
//! # #[endpoint(POST "/v1/sessions/revoke", response = RevokeResponse)]
//! # #[one_of(session_id, session_token, name = session)]
//! # pub struct Revoke { session_id: Option<String>, session_token: Option<String> }
//! // error: `Revoke` needs exactly one of `session_id` or `session_token`, and none is set
//! let _ = Revoke::builder().build();
//! ```
//!
//! ## `#[at_most_one_of]`
//!
//! As `#[one_of]`, except that the group may stay empty. Besides the group
//! method, `.maybe_<name>(Option<Enum>)` takes the choice or `None`; either
//! counts as deciding the group.
//!
//! ```
//! use stytch_endpoints::{at_most_one_of, endpoint};
//!
//! #[derive(serde::Deserialize, Debug)]
//! pub struct AuthenticateResponse { pub request_id: String }
//!
//! /// Checks a one-time passcode, optionally extending a session.
//! #[endpoint(POST "/v1/otps/authenticate", response = AuthenticateResponse)]
//! #[at_most_one_of(session_token, session_jwt, name = session)]
//! pub struct Authenticate {
//!     method_id: String,
//!     code: String,
//!     session_token: Option<String>,
//!     session_jwt: Option<String>,
//! }
//!
//! let without = Authenticate::builder().method_id("m").code("000000").build();
//! let with = Authenticate::builder()
//!     .method_id("m")
//!     .code("000000")
//!     .maybe_session(Some(AuthenticateSession::SessionJwt("eyJ...".into())))
//!     .build();
//! assert!(without.session_jwt().is_none() && with.session_jwt().is_some());
//! ```
//!
//! ## `#[at_least_one_of]`
//!
//! One or more members must be set, as Stytch's `users.create` takes an
//! email address, a phone number or both. Each member has a setter and a
//! `maybe_` setter, as a plain optional field does; calling a setter again
//! replaces the value. `build`/`send` do not compile until at least one
//! member has been set with its plain setter; a `maybe_` setter does not
//! count, since its value may be `None`.
//!
//! There is no group enum and no group method: several members may be set,
//! so one enum value cannot say which. A caller whose values are only known
//! at run time sets one member it knows is present and the others with
//! `maybe_`:
//!
//! ```
//! use stytch_endpoints::{at_least_one_of, endpoint};
//!
//! #[derive(serde::Deserialize, Debug)]
//! pub struct CreateResponse { pub request_id: String }
//!
//! /// Creates a user.
//! #[endpoint(POST "/v1/users", response = CreateResponse)]
//! #[at_least_one_of(email, phone_number, name = contact)]
//! pub struct Create {
//!     email: Option<String>,
//!     phone_number: Option<String>,
//!     name: Option<String>,
//! }
//!
//! let both = Create::builder().email("ada@example.com").phone_number("+12025550123").build();
//! assert!(both.email().is_some() && both.phone_number().is_some());
//!
//! fn create(email: Option<String>, phone: Option<String>) -> Option<Create> {
//!     Some(match (email, phone) {
//!         (Some(e), p) => Create::builder().email(e).maybe_phone_number(p).build(),
//!         (None, Some(p)) => Create::builder().phone_number(p).build(),
//!         (None, None) => return None,
//!     })
//! }
//! assert!(create(None, None).is_none());
//! ```
//!
//! ```compile_fail
//! # use stytch_endpoints::{at_least_one_of, endpoint};
//! # #[derive(serde::Deserialize, Debug)]
//! # pub struct CreateResponse { pub request_id: String }
//! # #[endpoint(POST "/v1/users", response = CreateResponse)]
//! # #[at_least_one_of(email, phone_number, name = contact)]
//! # pub struct Create { email: Option<String>, phone_number: Option<String>, name: Option<String> }
//! // error: `Create` needs at least one of `email` or `phone_number`, and none is set
//! let _ = Create::builder().name("Ada").build();
//! ```
//!
//! ## Pairs of fields
//!
//! Some of Stytch's groups have a member made of two fields that go
//! together, written `a+b` in its reference (on B2B calls,
//! `organization_id+member_id` is one alternative to a session token).
//! The attributes do not support such members yet; the planned form is
//! described in the project's `ARCHITECTURE.md` (Decisions). Until then,
//! declare the two fields outside the group and check them where the call
//! is made.
//!
//! # What is generated
//!
//! For `#[endpoint(...)] pub struct X { ... }`, beside the struct:
//!
//! - **`X::builder()`** and **`XBuilder`**: a typestate builder. Each
//!   required field and each group is one type parameter of the builder,
//!   `Unset` until set; `build()` and `send(&client)` exist only once every
//!   one is set, so a missing field, a missing group member or a doubled
//!   one is a compile error that names the struct and the fields.
//!   - a required field `f`: `.f(value)`, exactly once;
//!   - an optional field `f`: `.f(value)` and `.maybe_f(Option<T>)`, any
//!     number of times (the last call wins);
//!   - a member of a `one_of` or `at_most_one_of` group: `.f(value)`,
//!     deciding the group; the group method `.name(Enum)`, and for
//!     `at_most_one_of` also `.maybe_name(Option<Enum>)`;
//!   - a member of an `at_least_one_of` group: `.f(value)` and
//!     `.maybe_f(Option<T>)`, as an optional field; the plain setter counts
//!     toward the group.
//!
//!   Setters of number fields (`u8` to `u128`, `i8` to `i128`, `usize`,
//!   `isize`, `f32`, `f64`) take the number type itself, so
//!   `.session_duration_minutes(30)` needs no suffix; the others take
//!   anything that converts into the field's type (`impl Into<T>`).
//! - **One enum per `one_of` and `at_most_one_of` group**, `X` + the group
//!   name in CamelCase, with a variant per member holding its value; its
//!   `Debug` redacts secret members.
//! - **`impl Endpoint for X`**: the method, the path template, how to write
//!   the path, query and body, whether it is idempotent, and `validate`, which
//!   checks every group rule again at run time for values that did not come
//!   through the builder. [`Client::send`](crate::Client::send) calls it
//!   before any I/O and returns [`Error::InvalidRequest`](crate::Error::InvalidRequest).
//! - **`impl Describe for X`**: the declaration as data: the route, each
//!   parameter (name, wire name, location, required, secret) and each group
//!   (rule, name, members' wire names).
//! - **`impl<S> FromFields<S> for X`**: rebuilds `X` from any
//!   [`FieldSource`](crate::FieldSource), then runs the same `validate`. A
//!   server (such as `stytch-local`) decodes requests with it. It puts no
//!   bound on the field types, only on the source.
//! - **`impl Debug for X`**, with secret fields printed as `[redacted]`.
//! - **Accessors**: `x.f()` returns `&T` for a required field and
//!   `Option<&T>` for an optional one, so the fields can stay private (they
//!   keep the visibility written on them).
//! - Hidden marker traits, one or two per required field and group, which
//!   carry the compiler messages below.
//!
//! The value a builder produces can be checked without sending it:
//!
//! ```
//! use stytch_endpoints::{Describe, Endpoint, GroupRule, endpoint, one_of};
//!
//! #[derive(serde::Deserialize, Debug)]
//! pub struct Out { pub request_id: String }
//!
//! #[endpoint(POST "/v1/sessions/authenticate", response = Out)]
//! #[one_of(session_token, session_jwt, name = session)]
//! pub struct Authenticate {
//!     session_token: Option<String>,
//!     session_jwt: Option<String>,
//!     session_duration_minutes: Option<u32>,
//! }
//!
//! let call = Authenticate::builder().session_jwt("eyJ...").session_duration_minutes(60).build();
//! assert!(call.validate().is_ok());
//! assert_eq!(Authenticate::DESCRIPTION.groups[0].rule, GroupRule::ExactlyOne);
//! assert_eq!(Authenticate::DESCRIPTION.groups[0].members, &["session_token", "session_jwt"]);
//! assert_eq!(format!("{call:?}"), "Authenticate { session_token: None, \
//!     session_jwt: Some([redacted]), session_duration_minutes: Some(60) }");
//! ```
//!
//! When a declaration has a mistake, the macro reports it and still emits
//! the struct, `X::builder()` with setters that accept anything, the group
//! enums and the impls, so the mistake is reported once rather than again at
//! every use of the builder.
//!
//! # `#[derive(Decode)]` and `#[derive(Encode)]`
//!
//! The answer types of this crate derive `Decode` and `Encode` instead of
//! serde's `Deserialize` and `Serialize`; a declaration of your own may do
//! the same. They write the two serde impls for a struct that travels as a
//! JSON object (the only shape an answer has), with far less code for the
//! compiler than serde's derives (which also read structs from arrays and
//! write two helper types for each `deserialize_with` field), and without
//! `serde_derive` in your build. Both read the field attributes serde's
//! derives read:
//!
//! - `#[serde(rename = "wire")]`: the key of the field (default: its name,
//!   without `r#`); `#[serde(alias = "other")]` is read too by `Decode`.
//! - `#[serde(default)]`: a missing **or `null`** value becomes
//!   `Default::default()` (Stytch sends `null` for some lists and flags;
//!   serde's own `default` refuses `null`).
//! - `#[serde(skip_serializing_if = "path")]`: `Encode` leaves the key out
//!   when `path(&field)` is true.
//! - An `Option` field may be missing or `null` (`None`); any other field is
//!   required, and a missing one is serde's usual "missing field" error.
//! - Unknown keys are skipped (and seen by `serde_ignored`); a key given
//!   twice is an error.
//! - Any other `serde` attribute is refused by name, as are enums, tuple
//!   structs and generic structs: derive serde's traits for those.
//! - `#[stytch(crate = path)]` on the struct names the `stytch_endpoints`
//!   crate when it is renamed or re-exported.
//!
//! ```
//! use stytch_endpoints::{Decode, Encode, endpoint};
//!
//! #[derive(Debug, Decode, Encode)]
//! pub struct CountResponse {
//!     pub request_id: String,
//!     #[serde(rename = "total")]
//!     pub count: u64,
//!     #[serde(default, skip_serializing_if = "Vec::is_empty")]
//!     pub warnings: Vec<String>,
//! }
//!
//! /// Counts the project's users (a made-up call, for the example).
//! #[endpoint(GET "/v1/users/count", response = CountResponse)]
//! pub struct Count {}
//!
//! let answer: CountResponse =
//!     serde_json::from_str(r#"{"request_id":"r","total":3,"warnings":null}"#).unwrap();
//! assert_eq!((answer.count, answer.warnings.len()), (3, 0));
//! assert_eq!(
//!     serde_json::to_string(&answer).unwrap(),
//!     r#"{"request_id":"r","total":3}"#
//! );
//! ```
//!
//! # Compile errors
//!
//! Each rule, the message it prints (abridged), and the case under
//! `tests/ui/` of the repository whose `.stderr` shows the full output.
//!
//! | rule | message | case |
//! |---|---|---|
//! | a required field is set | `` `X` is missing its required field `f` `` | `required/attach_missing_provider` |
//! | a required field is set once | `` `f` is already set on this `X` builder `` | `required/attach_provider_twice` |
//! | a `one_of` group has a member | `` `X` needs exactly one of `a` or `b`, and none is set `` | `one_of/*_none_set` |
//! | a `one_of` group has one member | `` `X` takes exactly one of `a` or `b`, and one is already set `` | `one_of/*_two_set` |
//! | an `at_most_one_of` group has one member | `` `X` takes at most one of `a` or `b`, and one is already set `` | `at_most_one_of/*_two_set`, `at_most_one_of/chooser_then_member` |
//! | an `at_least_one_of` group has a member | `` `X` needs at least one of `a` or `b`, and none is set `` | `at_least_one_of/none_set`, `at_least_one_of/maybe_setter_does_not_count` |
//! | the method is known | ``unknown HTTP method `FETCH` `` | `attribute/unknown_method` |
//! | the method is in upper case | ``HTTP methods are written in upper case: `POST` `` | `attribute/lowercase_method` |
//! | `response =` is given | ``missing `response = Type` in `#[endpoint(...)]` `` | `attribute/missing_response` |
//! | options are known | ``unknown `#[endpoint]` option `retries` `` | `attribute/unknown_option` |
//! | `crate =` is an unquoted path | ``write the crate path without quotes`` | `attribute/malformed_crate_path` |
//! | `crate =` is given once | ``crate = ...` is given twice`` | `attribute/crate_path_twice` |
//! | `host =` is `api` or `fraud`, given once | ``unknown host `telemetry` ``, `` `host = ...` is given twice `` | `attribute/host_and_body_misuse` |
//! | `body =` is `json` or `form`, given once | ``unknown body format `xml` ``, `` `body = ...` is given twice `` | `attribute/host_and_body_misuse` |
//! | `body = form` only with a body method | `` `body = form` needs a method with a body `` | `attribute/host_and_body_misuse` |
//! | form body fields are flat | `` `scopes` cannot travel in a form body `` | `attribute/host_and_body_misuse` |
//! | `cursor =` names an optional field outside the path and groups, once | `` `cursor = after` names no field ``, `` the cursor field `cursor` must be an `Option` ``, `` cannot be a path parameter or a group member ``, `` `cursor = ...` is given twice `` | `attribute/cursor_misuse` |
//! | a paged call has no field `paginate` | `` a field cannot be called `paginate` `` | `attribute/cursor_misuse` |
//! | a paged call's answer is a `Page` | `` `Out` is not a page of results `` | `attribute/cursor_answer_not_a_page` |
//! | `#[endpoint]` is on a struct with named fields | ``#[endpoint]` goes on a struct with named fields`` | `attribute/not_a_struct` |
//! | the struct is not generic | `endpoint structs cannot be generic` | `attribute/declaration_rules` |
//! | `#[endpoint]` is given once | ``#[endpoint]` is given twice`` | `attribute/declaration_rules` |
//! | no derived `Debug` | ``remove `Debug` from this derive`` | `attribute/derived_debug_below`, `attribute/derived_debug_above` |
//! | a group goes with `#[endpoint]` | ``#[one_of]` only works together with `#[endpoint(...)]` `` | `attribute/one_of_without_endpoint` |
//! | the template starts with `/`, braces match, allowed characters | `malformed path template ...` | `path/malformed_template`, `path/template_rules` |
//! | no empty segment (`//`), placeholders are field names | ``... it has an empty segment``, `` `{f-g}` is not a field name `` | `path/template_rules` |
//! | a placeholder is a whole segment | ``... `{f}` must be a whole path segment`` | `path/param_not_whole_segment` |
//! | no query string in the template | ``the query string is not part of the template`` | `path/query_in_template` |
//! | a placeholder names a field | `` `{f}` names no field of `X` `` | `path/param_names_no_field` |
//! | a placeholder appears once | `` `{f}` appears twice in the path template `` | `attribute/declaration_rules` |
//! | a path field is required | ``path parameter `f` must be a required field`` | `path/optional_path_param` |
//! | a `#[param(path)]` field has a placeholder | `` `f` is marked `#[param(path)]` but the path template has no `{f}` `` | `attribute/declaration_rules` |
//! | no body on `GET`/`DELETE` | `GET and DELETE requests have no body` | `path/body_field_on_get` |
//! | `#[param]` options are known | ``unknown `#[param]` option`` | `attribute/one_mistake_one_error` |
//! | a field goes to one place | ``a field goes to one place`` | `attribute/declaration_rules` |
//! | a wire name is well-formed | `a wire name must be non-empty ...` | `attribute/declaration_rules` |
//! | wire names are distinct (a body field may share one with a query or path field) | `` two fields use the wire name `f` `` | `attribute/declaration_rules` (and `pass/maybe_names_free`) |
//! | no field named `build`, `send` or `builder` | ``a field cannot be called `build` `` | `attribute/declaration_rules` |
//! | no field or group takes a `maybe_` setter's name (`maybe_x` of an optional field `x` outside a group or in an `at_least_one_of` group, `maybe_g` of an `at_most_one_of` group `g`) | ``a field cannot be called `maybe_x`: the builder's `maybe_x` method sets ...``, ``the group name `maybe_x` is the builder's `maybe_x` method ...`` | `attribute/maybe_names_taken` (and `pass/maybe_names_free` for the names that stay free) |
//! | a group has two members or more | ``#[one_of]` needs at least two fields`` | `attribute/group_of_one`, `attribute/at_least_one_of_misuse` |
//! | members are fields | `` `f` in `#[one_of]` is not a field of `X` `` | `attribute/member_not_a_field` |
//! | members are `Option`s | `` `f` is in `#[one_of]`, so it must be an `Option<...>` `` | `attribute/member_not_option`, `attribute/at_least_one_of_misuse` |
//! | a member is listed once | `` `f` is listed twice in this group `` | `attribute/declaration_rules` |
//! | a field is in one group | `` `f` is already in the `#[one_of]` group `g` `` | `attribute/field_in_two_groups`, `attribute/at_least_one_of_misuse` |
//! | a path field is in no group | ``path parameter `f` cannot be in a group`` | `attribute/declaration_rules` |
//! | a group name is free | ``the group name `g` collides with a builder method`` (for `at_least_one_of`: ``is taken by a field or a builder method``) | `attribute/declaration_rules`, `attribute/at_least_one_of_name_taken` |
//! | `#[derive(Decode)]`/`#[derive(Encode)]` is on a struct with named fields, not generic | `` `#[derive(Decode)]` takes a struct with named fields ``, ``takes a struct without generic parameters`` | `decode/not_a_plain_struct`, `decode/encode_rules` |
//! | they read only the serde attributes they honour | `` does not support `#[serde(flatten ...)]` on a field ``, ``reads no container `#[serde(...)]` attribute`` | `decode/attributes`, `decode/encode_rules` |
//! | `#[stytch]` is on the struct and takes `crate =` | `` `#[stytch(...)]` takes only `crate = path` ``, `` goes on the struct, not on a field `` | `decode/attributes` |
//! | no two fields use the same key | `` two fields use the same key `id` `` | `decode/same_key`, `decode/encode_rules` |
//!
//! All the mistakes in one declaration are reported in one compile, each at
//! its own place (`attribute/all_errors_in_one_compile`). The test
//! `tests/tests/ui_rules.rs` fails when an error message of the macro
//! appears in no committed `.stderr`, so a new rule cannot land without its
//! case.
