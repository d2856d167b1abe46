//! The trait every endpoint implements, generated or hand-written.

use serde::de::DeserializeOwned;

use crate::{Error, Method, Route};

/// One call of the Stytch API: how to turn a parameters value into a request,
/// and which type its successful answer decodes into.
///
/// `#[endpoint]` implements this trait for you. It can also be written by
/// hand; the client treats both the same way:
///
/// ```
/// use stytch_runtime::{Endpoint, Error, Method, Route};
///
/// #[derive(serde::Deserialize)]
/// struct JwksResponse { request_id: String, keys: Vec<serde_json::Value> }
///
/// struct GetJwks { project_id: String }
///
/// impl Endpoint for GetJwks {
///     const METHOD: Method = Method::Get;
///     const PATH: &'static str = "/v1/sessions/jwks/{project_id}";
///     type Response = JwksResponse;
///
///     fn write_path(&self, out: &mut String) {
///         out.push_str("/v1/sessions/jwks/");
///         stytch_runtime::encode::path_segment(out, &self.project_id);
///     }
///
///     fn validate(&self) -> Result<(), Error> {
///         if self.project_id.is_empty() {
///             return Err(Error::invalid_request(Route::of::<Self>(), "`project_id` must not be empty"));
///         }
///         Ok(())
///     }
/// }
///
/// let mut path = String::new();
/// GetJwks { project_id: "project-test-1/2".into() }.write_path(&mut path);
/// assert_eq!(path, "/v1/sessions/jwks/project-test-1%2F2");
/// ```
pub trait Endpoint {
    /// The HTTP method.
    const METHOD: Method;
    /// The path template as declared, with `{name}` placeholders. Used in logs
    /// and errors; the request itself uses [`Endpoint::write_path`].
    const PATH: &'static str;
    /// Whether the call may be repeated safely after it may have reached the
    /// server. Defaults to the method's idempotency.
    const IDEMPOTENT: bool = Self::METHOD.is_idempotent();

    /// What a successful (2xx) answer decodes into.
    type Response: DeserializeOwned;

    /// Appends the percent-encoded path (starting with `/`) to `out`.
    fn write_path(&self, out: &mut String);

    /// Appends the encoded query string, without the leading `?`, to `out`.
    /// Writes nothing when the endpoint has no query parameters.
    fn write_query(&self, out: &mut String) {
        let _ = out;
    }

    /// Appends the JSON body to `out` and returns `true`, or returns `false`
    /// when the request has no body.
    fn write_body(&self, out: &mut Vec<u8>) -> Result<bool, Error> {
        let _ = out;
        Ok(false)
    }

    /// Checks the declared rules (required fields, field groups) at run time,
    /// for values that did not come through the typestate builder. The client
    /// calls it before any I/O.
    fn validate(&self) -> Result<(), Error> {
        Ok(())
    }
}

// Written here rather than next to `Route` so that `method` needs nothing
// from this module (which needs `Method` from it).
impl Route {
    /// The route of endpoint type `E`.
    pub const fn of<E: Endpoint + ?Sized>() -> Route {
        Route {
            method: E::METHOD,
            path: E::PATH,
        }
    }
}
