//! Why a JWT was not accepted.

use std::fmt;

use crate::Error;

/// Why a JWT was not accepted, locally or by the API.
///
/// `Display` is one line that never quotes the token, a claim value or a
/// key: only which rule failed.
#[derive(Debug)]
#[non_exhaustive]
pub enum JwtError {
    /// The token is not a well-formed JWT: not three base64url parts, a
    /// header or payload that is not a JSON object, or too long.
    Malformed {
        /// Which part is wrong, in words.
        reason: &'static str,
    },
    /// The header names an algorithm other than `RS256` (for example
    /// `none` or `HS256`). Only RS256 is ever tried, whatever the token says.
    UnsupportedAlgorithm,
    /// The header has no `kid`, so no key of the project can be chosen.
    MissingKeyId,
    /// No key of the project's JWKS has the token's `kid`, even after
    /// fetching the keys again (or the last fetch was too recent to fetch
    /// again).
    UnknownKey,
    /// The project's keys could not be fetched, and no cached key has the
    /// token's `kid`. Holds the fetch's error, or `None` when the last fetch
    /// failed too recently to try again (see
    /// [`REFETCH_INTERVAL`](super::REFETCH_INTERVAL)).
    KeysUnavailable(Option<Box<Error>>),
    /// The signature does not verify with the project's key.
    BadSignature,
    /// `exp` is in the past, beyond the leeway.
    Expired,
    /// `nbf` is in the future, beyond the leeway.
    NotYetValid,
    /// `iat` is in the future, beyond the leeway.
    IssuedInFuture,
    /// The token was issued longer ago than the accepted age; the API can
    /// say whether its session is still live.
    TooOld,
    /// `aud` does not name the project.
    WrongAudience,
    /// `iss` is neither `stytch.com/{project_id}` nor the client's base URL.
    WrongIssuer,
    /// A claim that must be present is missing (or `null`).
    MissingClaim(&'static str),
    /// A claim has the wrong type (such as a string where a number must be).
    InvalidClaim(&'static str),
    /// An M2M token was checked and signed, but its `scope` claim does not
    /// grant a scope the caller requires. Holds that required scope (the
    /// caller's own string, never a value read from the token).
    MissingScope {
        /// The first required scope that the token does not grant.
        required: String,
    },
    /// The token was sent to the API, which refused it or could not be
    /// reached (for a revoked or expired session: HTTP 404 or 401).
    Api(Box<Error>),
}

impl JwtError {
    /// Whether the API could accept a token that failed locally for this
    /// reason: it is too old or expired for the local check (the API
    /// accepts an expired JWT of a live session and returns a fresh one),
    /// the clocks disagree, or the key is unknown or could not be fetched.
    ///
    /// A malformed token, another algorithm, a bad signature, or a token
    /// for another project or issuer is refused without asking the API.
    pub fn api_can_settle(&self) -> bool {
        matches!(
            self,
            JwtError::TooOld
                | JwtError::Expired
                | JwtError::NotYetValid
                | JwtError::IssuedInFuture
                | JwtError::UnknownKey
                | JwtError::KeysUnavailable(_)
        )
    }

    /// The API's error, when the token was sent to the API.
    pub fn api_error(&self) -> Option<&Error> {
        match self {
            JwtError::Api(e) | JwtError::KeysUnavailable(Some(e)) => Some(e),
            _ => None,
        }
    }
}

impl fmt::Display for JwtError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            JwtError::Malformed { reason } => write!(f, "malformed jwt: {reason}"),
            JwtError::UnsupportedAlgorithm => {
                f.write_str("jwt algorithm refused: only RS256 is accepted")
            }
            JwtError::MissingKeyId => f.write_str("jwt header has no key id (`kid`)"),
            JwtError::UnknownKey => {
                f.write_str("jwt key id (`kid`) is not among the project's signing keys")
            }
            JwtError::KeysUnavailable(Some(e)) => {
                write!(f, "the project's signing keys could not be fetched: {e}")
            }
            JwtError::KeysUnavailable(None) => f.write_str(
                "the project's signing keys could not be fetched (the last fetch failed moments ago)",
            ),
            JwtError::BadSignature => f.write_str("jwt signature does not verify"),
            JwtError::Expired => f.write_str("jwt has expired (`exp`)"),
            JwtError::NotYetValid => f.write_str("jwt is not valid yet (`nbf`)"),
            JwtError::IssuedInFuture => f.write_str("jwt is issued in the future (`iat`)"),
            JwtError::TooOld => f.write_str("jwt is older than the accepted token age (`iat`)"),
            JwtError::WrongAudience => f.write_str("jwt audience (`aud`) is not this project"),
            JwtError::WrongIssuer => f.write_str("jwt issuer (`iss`) is not this project's"),
            JwtError::MissingClaim(name) => write!(f, "jwt lacks the `{name}` claim"),
            JwtError::InvalidClaim(name) => write!(f, "jwt claim `{name}` has the wrong type"),
            JwtError::MissingScope { required } => {
                write!(f, "jwt does not grant the required scope `{required}`")
            }
            JwtError::Api(e) => write!(f, "the api refused the jwt: {e}"),
        }
    }
}

impl std::error::Error for JwtError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            JwtError::KeysUnavailable(Some(e)) | JwtError::Api(e) => Some(&**e),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use std::error::Error as _;

    use super::*;

    fn api() -> Box<Error> {
        Box::new(Error::Config {
            reason: "down".to_owned(),
        })
    }

    fn every() -> Vec<JwtError> {
        vec![
            JwtError::Malformed { reason: "r" },
            JwtError::UnsupportedAlgorithm,
            JwtError::MissingKeyId,
            JwtError::UnknownKey,
            JwtError::KeysUnavailable(Some(api())),
            JwtError::KeysUnavailable(None),
            JwtError::BadSignature,
            JwtError::Expired,
            JwtError::NotYetValid,
            JwtError::IssuedInFuture,
            JwtError::TooOld,
            JwtError::WrongAudience,
            JwtError::WrongIssuer,
            JwtError::MissingClaim("exp"),
            JwtError::InvalidClaim("aud"),
            JwtError::MissingScope {
                required: "read".to_owned(),
            },
            JwtError::Api(api()),
        ]
    }

    #[test]
    fn only_time_and_key_failures_can_be_settled_by_the_api() {
        let settle: Vec<bool> = every().iter().map(JwtError::api_can_settle).collect();
        assert_eq!(
            settle,
            [
                false, false, false, true, true, true, false, true, true, true, true, false, false,
                false, false, false, false
            ]
        );
    }

    #[test]
    fn the_api_error_and_source_are_the_wrapped_error() {
        for e in every() {
            let wraps = matches!(e, JwtError::Api(_) | JwtError::KeysUnavailable(Some(_)));
            assert_eq!(e.api_error().is_some(), wraps, "{e:?}");
            assert_eq!(e.source().is_some(), wraps, "{e:?}");
            if wraps {
                assert!(e.api_error().unwrap().to_string().contains("down"));
                assert!(e.source().unwrap().to_string().contains("down"));
            }
        }
    }

    #[test]
    fn display_names_the_rule() {
        let texts: Vec<String> = every().iter().map(ToString::to_string).collect();
        let expect = [
            "malformed jwt: r",
            "RS256",
            "`kid`",
            "signing keys",
            "could not be fetched: ",
            "moments ago",
            "signature",
            "expired",
            "`nbf`",
            "future",
            "older",
            "`aud`",
            "`iss`",
            "lacks the `exp` claim",
            "claim `aud` has the wrong type",
            "scope `read`",
            "the api refused the jwt: ",
        ];
        for (text, part) in texts.iter().zip(expect) {
            assert!(text.contains(part), "{text:?} lacks {part:?}");
        }
    }
}
