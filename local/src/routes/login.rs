//! Logging in with OAuth (attach and authenticate). Magic links and OTPs
//! are in `links_otps.rs`, passwords in `passwords.rs`.

use super::{Entry, Reply, answer, entry, session_parts};
use crate::state::{State, factor};
use crate::{Fail, OAUTH_TEST_TOKEN, ids};
use stytch_endpoints::types::{
    AuthenticationFactorDeliveryMethod as Delivery, AuthenticationFactorType as Kind, OAuthFactor,
    OAuthProvider,
};
use stytch_endpoints::{Secret, oauth};

pub fn entries() -> Vec<Entry> {
    vec![
        entry::<oauth::Attach>(attach),
        entry::<oauth::Authenticate>(oauth_authenticate),
    ]
}

fn attach(state: &State, p: oauth::Attach) -> Reply {
    state.with(|s| s.user_by_any(p.user_id(), p.session_token(), p.session_jwt()))?;
    let mut out = oauth::AttachResponse::default();
    out.oauth_attach_token = Secret::new(format!("oauth-attach-token-test-{}", ids::token()));
    Ok(answer(&out))
}

/// [`OAUTH_TEST_TOKEN`] logs in the demo user as if Google had sent them back.
fn oauth_authenticate(state: &State, p: oauth::Authenticate) -> Reply {
    if p.token() != OAUTH_TEST_TOKEN {
        return Err(Fail::new(
            404,
            "oauth_token_not_found",
            "this OAuth token is unknown or already used",
        ));
    }
    state.with(|s| {
        let existing = s.optional_session(p.session_token(), p.session_jwt())?;
        let user_id = crate::DEMO_USER_ID;
        let ui = s.user_index(user_id)?;
        // The demo user's Google account, linked on first use.
        let user = &mut s.users[ui];
        let link = match user
            .providers
            .iter()
            .find(|x| x.provider_subject == GOOGLE_SUBJECT)
        {
            Some(x) => x.oauth_user_registration_id.clone(),
            None => {
                let mut provider = OAuthProvider::default();
                provider.provider_type = "Google".to_owned();
                provider.provider_subject = GOOGLE_SUBJECT.to_owned();
                provider.locale = "en".to_owned();
                provider.oauth_user_registration_id = ids::id("oauth-user-registration");
                let id = provider.oauth_user_registration_id.clone();
                user.providers.push(provider);
                id
            }
        };
        let mut used = factor(Kind::OAuth, Delivery::OAuthGoogle);
        let mut details = OAuthFactor::default();
        details.id.clone_from(&link);
        details.provider_subject = GOOGLE_SUBJECT.to_owned();
        used.google_oauth_factor = Some(details);
        let si = s.login(
            user_id,
            existing,
            p.session_duration_minutes().copied(),
            used,
        )?;
        let mut out = oauth::AuthenticateResponse::default();
        out.user_id = user_id.to_owned();
        out.provider_subject = GOOGLE_SUBJECT.to_owned();
        out.provider_type = "Google".to_owned();
        (out.user_session, out.session_token, out.session_jwt) = session_parts(s, si);
        out.provider_values.access_token =
            Secret::new(format!("local-google-access-{}", ids::token()));
        out.provider_values.refresh_token =
            Secret::new(format!("local-google-refresh-{}", ids::token()));
        out.provider_values.id_token = Secret::new(ids::jwt(user_id, &link));
        out.provider_values.scopes = ["openid", "email", "profile"].map(str::to_owned).to_vec();
        out.provider_values.expires_at = Some(ids::rfc3339(ids::now() + 3600));
        out.user = s.users[ui].clone();
        out.oauth_user_registration_id = link;
        Ok(answer(&out))
    })
}

/// The demo user's id at Google.
const GOOGLE_SUBJECT: &str = "10769150350006150715113082367";
