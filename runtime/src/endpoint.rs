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
/// use stytch_runtime::{Endpoint, Error, Method, PathContext, Route};
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
///     fn write_path(&self, out: &mut String, _: &PathContext<'_>) {
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
/// let context = PathContext::new("project-test-1");
/// GetJwks { project_id: "project-test-1/2".into() }.write_path(&mut path, &context);
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

    /// Which of Stytch's hosts serves the call. Defaults to the API host
    /// (the client's base URL).
    const HOST: Host = Host::Api;
    /// How the body is encoded. Defaults to JSON.
    const BODY: BodyFormat = BodyFormat::Json;

    /// Appends the percent-encoded path (starting with `/`) to `out`.
    /// `context` holds what the client fills in itself: the project id of
    /// `/v1/public/{project_id}/...` paths.
    fn write_path(&self, out: &mut String, context: &PathContext<'_>);

    /// Appends the encoded query string, without the leading `?`, to `out`.
    /// Writes nothing when the endpoint has no query parameters.
    fn write_query(&self, out: &mut String) {
        let _ = out;
    }

    /// Appends the body (encoded as [`Endpoint::BODY`] says) to `out` and
    /// returns `true`, or returns `false` when the request has no body.
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

/// Which of Stytch's hosts serves a call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Host {
    /// The API host: `https://test.stytch.com` or `https://api.stytch.com`
    /// by project, or the client's base URL.
    Api,
    /// The fraud and risk products' host, `https://telemetry.stytch.com`
    /// for test and live projects alike, or the client's
    /// [`fraud_base_url`](crate::ClientBuilder::fraud_base_url).
    Fraud,
}

impl Host {
    /// `"api"` or `"fraud"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Host::Api => "api",
            Host::Fraud => "fraud",
        }
    }
}

/// How a request body is encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum BodyFormat {
    /// A JSON object (`application/json`).
    Json,
    /// `name=value` pairs joined by `&`, percent-encoded
    /// (`application/x-www-form-urlencoded`).
    Form,
}

impl BodyFormat {
    /// The `content-type` of such a body.
    pub const fn content_type(self) -> &'static str {
        match self {
            BodyFormat::Json => "application/json",
            BodyFormat::Form => "application/x-www-form-urlencoded",
        }
    }
}

/// What the client fills into a path itself.
#[derive(Debug, Clone, Copy)]
pub struct PathContext<'a> {
    /// The client's project id.
    pub project_id: &'a str,
}

impl<'a> PathContext<'a> {
    /// The context of a client of `project_id`.
    pub const fn new(project_id: &'a str) -> Self {
        PathContext { project_id }
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

#[cfg(test)]
mod tests {
    use super::*;

    /// An endpoint that overrides nothing it need not.
    struct Bare;

    impl Endpoint for Bare {
        const METHOD: Method = Method::Delete;
        const PATH: &'static str = "/v1/bare/{id}";
        type Response = ();

        fn write_path(&self, out: &mut String, _: &PathContext<'_>) {
            out.push_str("/v1/bare/1");
        }
    }

    #[test]
    fn the_defaults_send_no_query_and_no_body_to_the_api_host() {
        let mut query = String::from("kept");
        Bare.write_query(&mut query);
        assert_eq!(query, "kept");
        let mut body = b"kept".to_vec();
        assert!(!Bare.write_body(&mut body).unwrap());
        assert_eq!(body, b"kept");
        assert!(Bare.validate().is_ok());
        assert_eq!(Bare::HOST, Host::Api);
        assert_eq!(Bare::BODY, BodyFormat::Json);
        assert_eq!(
            Route::of::<Bare>(),
            Route {
                method: Method::Delete,
                path: "/v1/bare/{id}"
            }
        );
    }

    #[test]
    fn hosts_and_body_formats_have_their_names() {
        assert_eq!(Host::Api.as_str(), "api");
        assert_eq!(Host::Fraud.as_str(), "fraud");
        assert_eq!(BodyFormat::Json.content_type(), "application/json");
        assert_eq!(
            BodyFormat::Form.content_type(),
            "application/x-www-form-urlencoded"
        );
    }
}
