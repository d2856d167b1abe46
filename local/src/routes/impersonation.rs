//! `/v1/impersonation/authenticate`: [`crate::IMPERSONATION_TEST_TOKEN`]
//! logs in the demo user as a dashboard user would by impersonating them;
//! every other token is refused.

use super::{Entry, Reply, answer, entry, session_parts};
use crate::state::{DEMO_USER_ID, State, factor};
use crate::{Fail, IMPERSONATION_TEST_TOKEN};
use stytch_endpoints::impersonation;
use stytch_endpoints::types::{
    AuthenticationFactorDeliveryMethod as Delivery, AuthenticationFactorType as Kind,
    ImpersonatedFactor,
};

pub fn entries() -> Vec<Entry> {
    vec![entry::<impersonation::Authenticate>(authenticate)]
}

/// Impersonated sessions last this long (as Stytch's do).
const SESSION_MINUTES: u32 = 60;

/// Who the local server says did the impersonating.
pub const IMPERSONATOR_ID: &str = "local-dashboard-user-0000";
pub const IMPERSONATOR_EMAIL: &str = "support@example.com";

fn authenticate(state: &State, p: impersonation::Authenticate) -> Reply {
    if p.impersonation_token() != IMPERSONATION_TEST_TOKEN {
        return Err(Fail::new(
            404,
            "impersonation_token_not_found",
            "the impersonation token is unknown, expired or already used",
        ));
    }
    state.with(|s| {
        let ui = s.user_index(DEMO_USER_ID)?;
        let mut used = factor(Kind::Impersonated, Delivery::Impersonation);
        let mut details = ImpersonatedFactor::default();
        details.impersonator_id = IMPERSONATOR_ID.to_owned();
        details.impersonator_email_address = IMPERSONATOR_EMAIL.to_owned();
        used.impersonated_factor = Some(details);
        let si = s.login(DEMO_USER_ID, None, Some(SESSION_MINUTES), used)?;
        let mut out = impersonation::AuthenticateResponse::default();
        out.user_id = DEMO_USER_ID.to_owned();
        out.user = s.users[ui].clone();
        (out.session, out.session_token, out.session_jwt) = session_parts(s, si);
        Ok(answer(&out))
    })
}
