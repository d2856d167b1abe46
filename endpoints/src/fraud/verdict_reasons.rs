//! Overrides of the action a verdict reason leads to
//! (`/v1/verdict_reasons/...`, fraud host).

use super::{RuleAction, VerdictReasonAction};
use crate::{Decode, Encode, endpoint};

/// Changes the action one verdict reason (warning flag) leads to in
/// lookups, for example `VIRTUAL_MACHINE` from `CHALLENGE` to `ALLOW`
/// when many of your users work in virtual machines. `NONE` removes the
/// override. `RULE_MATCH` cannot be overridden.
///
/// ```
/// use stytch_endpoints::fraud::{RuleAction, verdict_reasons::Override};
///
/// let call = Override::builder()
///     .verdict_reason("VIRTUAL_MACHINE")
///     .override_action(RuleAction::Allow)
///     .override_description("our support team works in VMs")
///     .build();
/// # let _ = call;
/// ```
#[endpoint(POST "/v1/verdict_reasons/override", response = OverrideResponse, host = fraud)]
pub struct Override {
    /// The reason to override.
    verdict_reason: String,
    /// The action to use instead; `NONE` removes the override.
    override_action: RuleAction,
    /// Your note on the override.
    override_description: Option<String>,
}

/// The answer to [`Override`]: the reason with its override.
#[derive(Debug, Clone, Default, Encode, Decode)]
#[non_exhaustive]
pub struct OverrideResponse {
    /// Unique id of this API call.
    pub request_id: String,
    /// The reason, its default action and the override now set.
    pub verdict_reason_action: VerdictReasonAction,
    /// The HTTP status code of the answer.
    pub status_code: u16,
}

/// Lists the verdict reasons that can be overridden, with their default
/// actions and overrides, or only those with an override.
///
/// ```
/// use stytch_endpoints::fraud::verdict_reasons::List;
///
/// let call = List::builder().overrides_only(true).build();
/// # let _ = call;
/// ```
#[endpoint(POST "/v1/verdict_reasons/list", response = ListResponse, host = fraud)]
pub struct List {
    /// Only the reasons with an override (default: all).
    overrides_only: Option<bool>,
}

/// The answer to [`List`].
#[derive(Debug, Clone, Default, Encode, Decode)]
#[non_exhaustive]
pub struct ListResponse {
    /// Unique id of this API call.
    pub request_id: String,
    /// The reasons.
    #[serde(default)]
    pub verdict_reason_actions: Vec<VerdictReasonAction>,
    /// The HTTP status code of the answer.
    pub status_code: u16,
}
