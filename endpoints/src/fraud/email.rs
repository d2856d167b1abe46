//! Email address risk (`/v1/email/...`, fraud host).

use super::{Action, AddressInformation, DomainInformation};
use crate::{Decode, Encode, endpoint};

/// Rates an email address before you accept it: whether it is well formed,
/// has bounced, belongs to a role or team, uses dots and `+` suffixes to
/// look new, or sits on a throwaway domain, with a score from 0 (no risk)
/// to 100 and a recommended action.
///
/// ```
/// use stytch_endpoints::fraud::email::Risk;
///
/// let call = Risk::builder().email_address("ada@example.com").build();
/// # let _ = call;
/// ```
#[endpoint(POST "/v1/email/risk", response = RiskResponse, host = fraud)]
pub struct Risk {
    /// The address to rate.
    email_address: String,
}

/// The answer to [`Risk`].
#[derive(Debug, Clone, Default, Encode, Decode)]
#[non_exhaustive]
pub struct RiskResponse {
    /// Unique id of this API call.
    pub request_id: String,
    /// What is known of the address.
    pub address_information: AddressInformation,
    /// What is known of its domain.
    pub domain_information: DomainInformation,
    /// The recommended action.
    pub action: Action,
    /// The risk, from 0 (none) to 100.
    pub risk_score: u32,
    /// The HTTP status code of the answer.
    pub status_code: u16,
}
