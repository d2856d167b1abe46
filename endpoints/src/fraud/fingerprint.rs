//! Device fingerprint lookups (`/v1/fingerprint/...`, fraud host).

use serde_json::{Map, Value};

use super::{Fingerprints, Metadata, Properties, Verdict};
use crate::{Decode, Encode, endpoint};

/// Looks up the device behind a telemetry id (the id Stytch's browser
/// script gives your frontend, which sends it along with a sensitive
/// request): its fingerprints and a verdict, `ALLOW`, `CHALLENGE` or
/// `BLOCK`. An unknown or expired telemetry id is a `404
/// telemetry_id_not_found`, which Stytch advises treating as `BLOCK`.
///
/// ```
/// use stytch_endpoints::fraud::{Metadata, fingerprint::Lookup};
///
/// let call = Lookup::builder()
///     .telemetry_id("026ac93b-8cdf-4fcb-bfa6-36a31cfecac1")
///     .external_metadata(Metadata::new().external_id("crm-42").user_action("login"))
///     .build();
/// # let _ = call;
/// ```
#[endpoint(POST "/v1/fingerprint/lookup", response = LookupResponse, host = fraud)]
pub struct Lookup {
    /// The telemetry id from the browser script.
    telemetry_id: String,
    /// Your own identifiers to file the lookup under.
    external_metadata: Option<Metadata>,
}

/// The answer to [`Lookup`].
#[derive(Debug, Clone, Default, Encode, Decode)]
#[non_exhaustive]
pub struct LookupResponse {
    /// Unique id of this API call.
    pub request_id: String,
    /// The telemetry id looked up.
    pub telemetry_id: String,
    /// The device's identifiers.
    pub fingerprints: Fingerprints,
    /// What Stytch recommends, and why.
    pub verdict: Verdict,
    /// The identifiers the lookup was filed under.
    pub external_metadata: Metadata,
    /// When the telemetry id was made, RFC 3339.
    pub created_at: String,
    /// When the telemetry id stops being accepted, RFC 3339.
    pub expires_at: String,
    /// The request's network and browser, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub properties: Option<Properties>,
    /// The raw signals behind the verdict, for projects that receive them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub raw_signals: Option<Map<String, Value>>,
    /// The HTTP status code of the answer.
    pub status_code: u16,
}
