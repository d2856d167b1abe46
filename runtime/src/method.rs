//! HTTP methods and the route an endpoint is declared on.

use std::fmt;

/// The HTTP method of an endpoint.
///
/// Only the methods the Stytch API uses are listed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Method {
    /// `GET`: reads; parameters travel in the path and the query string.
    Get,
    /// `POST`: creates or acts; parameters travel in a JSON body.
    Post,
    /// `PUT`: replaces or updates; parameters travel in a JSON body.
    Put,
    /// `PATCH`: partial update; parameters travel in a JSON body.
    Patch,
    /// `DELETE`: removes; parameters travel in the path and the query string.
    Delete,
}

impl Method {
    /// The method as it appears on the request line, for example `"POST"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }

    /// Whether repeating the request has the same effect as sending it once
    /// (RFC 9110, section 9.2.2). The retry policy only retries a request that
    /// may have reached the server when this is true, or when the endpoint is
    /// declared idempotent.
    pub const fn is_idempotent(self) -> bool {
        matches!(self, Method::Get | Method::Put | Method::Delete)
    }

    /// Whether requests with this method carry a JSON body. `GET` and `DELETE`
    /// never do.
    pub const fn has_body(self) -> bool {
        matches!(self, Method::Post | Method::Put | Method::Patch)
    }

    /// Parses a method name as written on a request line (upper case only).
    pub fn from_name(name: &str) -> Option<Method> {
        Some(match name {
            "GET" => Method::Get,
            "POST" => Method::Post,
            "PUT" => Method::Put,
            "PATCH" => Method::Patch,
            "DELETE" => Method::Delete,
            _ => return None,
        })
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An endpoint's method and path template, for example `POST /v1/oauth/attach`.
///
/// Errors carry the route so a failure always names the call it came from. The
/// template is the declared one (`/v1/users/{user_id}`), never the filled-in
/// path, so a route never carries a caller's data.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Route {
    /// The HTTP method.
    pub method: Method,
    /// The declared path template.
    pub path: &'static str,
}

impl fmt::Display for Route {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.method, self.path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL: [Method; 5] = [
        Method::Get,
        Method::Post,
        Method::Put,
        Method::Patch,
        Method::Delete,
    ];

    #[test]
    fn names_round_trip_and_only_upper_case_names_parse() {
        let names: Vec<_> = ALL.iter().map(|m| m.as_str()).collect();
        assert_eq!(names, ["GET", "POST", "PUT", "PATCH", "DELETE"]);
        for m in ALL {
            assert_eq!(Method::from_name(m.as_str()), Some(m));
            assert_eq!(m.to_string(), m.as_str());
        }
        assert_eq!(Method::from_name("get"), None);
        assert_eq!(Method::from_name("HEAD"), None);
        assert_eq!(Method::from_name(""), None);
    }

    #[test]
    fn idempotency_and_bodies_follow_the_method() {
        let idempotent: Vec<_> = ALL.iter().map(|m| m.is_idempotent()).collect();
        assert_eq!(idempotent, [true, false, true, false, true]);
        let body: Vec<_> = ALL.iter().map(|m| m.has_body()).collect();
        assert_eq!(body, [false, true, true, true, false]);
    }

    #[test]
    fn a_route_displays_as_method_and_template() {
        let route = Route {
            method: Method::Delete,
            path: "/v1/users/{user_id}",
        };
        assert_eq!(route.to_string(), "DELETE /v1/users/{user_id}");
    }
}
