//! `/v1/connected_apps/clients...` and `/v1/users/{user_id}/connected_apps...`:
//! the OAuth clients the IdP calls serve, their secrets, and the access
//! users gave them.
//!
//! The clients live in [`ConnectedApps`] (one field of the server state);
//! the consents users gave are the server's `consents`, written by
//! `idp::Authorize` (`routes/idp.rs`), which looks clients up here.

use ring::digest;

use super::{Entry, Reply, answer, entry};
use crate::state::{Inner, State};
use crate::{Fail, IDP_TEST_CLIENT_ID, ids};
use stytch_endpoints::connected_apps::{
    self as apps, ClientType, ConnectedApp, ConnectedAppWithClientSecret,
    ConnectedAppWithNextClientSecret,
};
use stytch_endpoints::{Secret, users};

pub fn entries() -> Vec<Entry> {
    vec![
        entry::<apps::SearchClients>(search),
        entry::<apps::CreateClient>(create),
        entry::<apps::RotateSecretStart>(start_rotation),
        entry::<apps::RotateSecretCancel>(cancel_rotation),
        entry::<apps::RotateSecret>(rotate),
        entry::<apps::GetClient>(get),
        entry::<apps::UpdateClient>(update),
        entry::<apps::DeleteClient>(delete),
        entry::<users::ConnectedApps>(user_apps),
        entry::<users::RevokeConnectedApp>(revoke),
    ]
}

/// A page holds this many clients when no limit is given, and at most
/// [`MAX_LIMIT`].
const DEFAULT_LIMIT: u32 = 100;
const MAX_LIMIT: u32 = 1000;
/// Access tokens last this long when no expiry is given.
const DEFAULT_ACCESS_TOKEN_MINUTES: u32 = 60;
/// What a search cursor looks like: this prefix and a position.
const CURSOR_PREFIX: &str = "local-connected-apps-cursor-";

/// One client as the server keeps it: what the API shows, and the hashes of
/// its secrets (as Stytch, the server cannot show a secret again).
#[derive(Debug, Clone)]
pub struct AppRecord {
    /// The client as `GetClient` shows it (the `..._last_four` fields follow the
    /// secrets).
    pub view: ConnectedApp,
    secret: Option<[u8; 32]>,
    next_secret: Option<[u8; 32]>,
    /// The built-in client accepts every redirect URI until its
    /// `redirect_urls` are set.
    any_redirect: bool,
}

impl AppRecord {
    /// Whether the IdP calls may send the user back to `uri`: one of the
    /// client's `redirect_urls`, compared exactly.
    pub fn redirect_allowed(&self, uri: &str) -> bool {
        self.any_redirect || self.view.redirect_urls.iter().any(|u| u == uri)
    }

    /// Whether the client is one of yours (`first_party` or
    /// `first_party_public`).
    pub fn first_party(&self) -> bool {
        matches!(
            self.view.client_type,
            ClientType::FirstParty | ClientType::FirstPartyPublic
        )
    }
}

/// The connected-app clients of the server, in creation order (which is
/// also search order). A new server holds one: [`IDP_TEST_CLIENT_ID`].
#[derive(Debug)]
pub struct ConnectedApps {
    clients: Vec<AppRecord>,
}

impl Default for ConnectedApps {
    fn default() -> Self {
        let mut view = ConnectedApp::default();
        view.client_id = IDP_TEST_CLIENT_ID.to_owned();
        view.client_name = "Local test app".to_owned();
        view.client_description = "The client app of the local Stytch server".to_owned();
        view.client_type = ClientType::ThirdParty;
        view.status = "active".to_owned();
        view.creation_method = "dashboard".to_owned();
        view.access_token_expiry_minutes = DEFAULT_ACCESS_TOKEN_MINUTES;
        // Its secret exists but nobody knows it: a test that needs one
        // rotates it.
        let secret = ids::token();
        view.client_secret_last_four = Some(last_four(&secret));
        ConnectedApps {
            clients: vec![AppRecord {
                view,
                secret: Some(hash(&secret)),
                next_secret: None,
                any_redirect: true,
            }],
        }
    }
}

impl ConnectedApps {
    /// The client with this id, or Stytch's `404 connected_app_not_found`.
    pub fn client(&self, client_id: &str) -> Result<&AppRecord, Fail> {
        self.clients
            .iter()
            .find(|c| c.view.client_id == client_id)
            .ok_or_else(not_found)
    }

    fn client_mut(&mut self, client_id: &str) -> Result<&mut AppRecord, Fail> {
        self.clients
            .iter_mut()
            .find(|c| c.view.client_id == client_id)
            .ok_or_else(not_found)
    }

    /// Whether `secret` is a secret of the client: its current one, or
    /// during a rotation the next one too. A public client has none.
    pub fn secret_matches(&self, client_id: &str, secret: &str) -> bool {
        let Ok(client) = self.client(client_id) else {
            return false;
        };
        let given = hash(secret);
        [client.secret, client.next_secret]
            .iter()
            .flatten()
            .any(|h| *h == given)
    }
}

fn not_found() -> Fail {
    Fail::new(
        404,
        "connected_app_not_found",
        "no connected app has this client_id",
    )
}

fn not_confidential() -> Fail {
    Fail::new(
        400,
        "invalid_client_type",
        "a public client (first_party_public, third_party_public) has no client secret",
    )
}

fn no_rotation() -> Fail {
    Fail::new(
        400,
        "client_secret_rotation_not_started",
        "no secret rotation is under way for this client; start one first",
    )
}

fn hash(secret: &str) -> [u8; 32] {
    let mut out = [0u8; 32];
    out.copy_from_slice(digest::digest(&digest::SHA256, secret.as_bytes()).as_ref());
    out
}

fn last_four(secret: &str) -> String {
    let start = secret.len().saturating_sub(4);
    secret.get(start..).unwrap_or_default().to_owned()
}

fn get(state: &State, p: apps::GetClient) -> Reply {
    state.with(|s| {
        let mut out = apps::GetClientResponse::default();
        out.connected_app = s.connected_apps.client(p.client_id())?.view.clone();
        Ok(answer(&out))
    })
}

fn search(state: &State, p: apps::SearchClients) -> Reply {
    let start = match p.cursor() {
        None => 0,
        Some(c) => c
            .strip_prefix(CURSOR_PREFIX)
            .and_then(|n| n.parse::<usize>().ok())
            .ok_or_else(|| Fail::new(400, "invalid_cursor", "this cursor was not issued here"))?,
    };
    let limit = p
        .limit()
        .copied()
        .unwrap_or(DEFAULT_LIMIT)
        .clamp(1, MAX_LIMIT) as usize;
    state.with(|s| {
        let all = &s.connected_apps.clients;
        let mut out = apps::SearchClientsResponse::default();
        out.connected_apps = all
            .iter()
            .skip(start)
            .take(limit)
            .map(|c| c.view.clone())
            .collect();
        let end = start.saturating_add(out.connected_apps.len());
        out.results_metadata.total = all.len() as u64;
        out.results_metadata.next_cursor =
            (end < all.len()).then(|| format!("{CURSOR_PREFIX}{end}"));
        Ok(answer(&out))
    })
}

fn create(state: &State, p: apps::CreateClient) -> Reply {
    let confidential = match p.client_type() {
        ClientType::FirstParty | ClientType::ThirdParty => true,
        ClientType::FirstPartyPublic | ClientType::ThirdPartyPublic => false,
        _ => {
            return Err(Fail::new(
                400,
                "invalid_client_type",
                "client_type must be first_party, first_party_public, third_party or third_party_public",
            ));
        }
    };
    let mut view = ConnectedApp::default();
    view.client_id = ids::id("connected-app");
    view.client_type = p.client_type().clone();
    view.status = "active".to_owned();
    view.creation_method = "api".to_owned();
    view.access_token_expiry_minutes = DEFAULT_ACCESS_TOKEN_MINUTES;
    apply(&mut view, Changes::of_create(&p));
    let secret = confidential.then(ids::token);
    view.client_secret_last_four = secret.as_deref().map(last_four);
    let record = AppRecord {
        view,
        secret: secret.as_deref().map(hash),
        next_secret: None,
        any_redirect: false,
    };
    let mut out = apps::CreateClientResponse::default();
    out.connected_app = with_client_secret(&record.view, secret.map(Secret::new));
    state.with(|s| s.connected_apps.clients.push(record));
    Ok(answer(&out))
}

fn update(state: &State, p: apps::UpdateClient) -> Reply {
    state.with(|s| {
        let client = s.connected_apps.client_mut(p.client_id())?;
        if p.redirect_urls().is_some() {
            client.any_redirect = false;
        }
        apply(&mut client.view, Changes::of_update(&p));
        let mut out = apps::UpdateClientResponse::default();
        out.connected_app = client.view.clone();
        Ok(answer(&out))
    })
}

fn delete(state: &State, p: apps::DeleteClient) -> Reply {
    state.with(|s| {
        let id = s
            .connected_apps
            .client(p.client_id())?
            .view
            .client_id
            .clone();
        s.connected_apps.clients.retain(|c| c.view.client_id != id);
        // The access users gave it goes with it.
        s.consents.retain(|c| c.1 != id);
        let mut out = apps::DeleteClientResponse::default();
        out.client_id = id;
        Ok(answer(&out))
    })
}

fn start_rotation(state: &State, p: apps::RotateSecretStart) -> Reply {
    state.with(|s| {
        let client = s.connected_apps.client_mut(p.client_id())?;
        if client.secret.is_none() {
            return Err(not_confidential());
        }
        // Starting again replaces the next secret of the earlier start.
        let next = ids::token();
        client.next_secret = Some(hash(&next));
        client.view.next_client_secret_last_four = Some(last_four(&next));
        let mut out = apps::RotateSecretStartResponse::default();
        out.connected_app = with_next_client_secret(&client.view, Secret::new(next));
        Ok(answer(&out))
    })
}

fn cancel_rotation(state: &State, p: apps::RotateSecretCancel) -> Reply {
    state.with(|s| {
        let client = s.connected_apps.client_mut(p.client_id())?;
        if client.next_secret.take().is_none() {
            return Err(no_rotation());
        }
        client.view.next_client_secret_last_four = None;
        let mut out = apps::RotateSecretCancelResponse::default();
        out.connected_app = client.view.clone();
        Ok(answer(&out))
    })
}

fn rotate(state: &State, p: apps::RotateSecret) -> Reply {
    state.with(|s| {
        let client = s.connected_apps.client_mut(p.client_id())?;
        let Some(next) = client.next_secret.take() else {
            return Err(no_rotation());
        };
        client.secret = Some(next);
        client.view.client_secret_last_four = client.view.next_client_secret_last_four.take();
        let mut out = apps::RotateSecretResponse::default();
        out.connected_app = client.view.clone();
        Ok(answer(&out))
    })
}

/// The apps a user gave consent to, in the order of their first consent,
/// each with every scope granted so far.
fn user_apps(state: &State, p: users::ConnectedApps) -> Reply {
    state.with(|s| {
        let user_id = s.user(p.user_id())?.user_id.clone();
        let mut out = users::ConnectedAppsResponse::default();
        for (_, client_id, _) in s.consents.iter().filter(|c| c.0 == user_id) {
            if out
                .connected_apps
                .iter()
                .any(|a| a.connected_app_id == *client_id)
            {
                continue;
            }
            // Consents of a deleted client are dropped with it.
            let Ok(client) = s.connected_apps.client(client_id) else {
                continue;
            };
            let scopes: Vec<&str> = granted(s, &user_id, client_id).collect();
            let mut app = users::UserConnectedApp::default();
            app.connected_app_id.clone_from(client_id);
            app.name.clone_from(&client.view.client_name);
            app.description.clone_from(&client.view.client_description);
            app.client_type = client.view.client_type.clone();
            app.scopes_granted = scopes.join(" ");
            app.logo_url.clone_from(&client.view.logo_url);
            out.connected_apps.push(app);
        }
        Ok(answer(&out))
    })
}

/// The scopes `user_id` granted `client_id`, in the order granted.
fn granted<'a>(
    s: &'a Inner,
    user_id: &'a str,
    client_id: &'a str,
) -> impl Iterator<Item = &'a str> {
    s.consents
        .iter()
        .filter(move |c| c.0 == user_id && c.1 == client_id)
        .map(|c| c.2.as_str())
}

fn revoke(state: &State, p: users::RevokeConnectedApp) -> Reply {
    state.with(|s| {
        let user_id = s.user(p.user_id())?.user_id.clone();
        let client_id = p.connected_app_id();
        s.connected_apps.client(client_id)?;
        let before = s.consents.len();
        s.consents
            .retain(|c| !(c.0 == user_id && c.1 == *client_id));
        if s.consents.len() == before {
            return Err(Fail::new(
                404,
                "connected_app_not_found",
                "the user has not authorized this connected app",
            ));
        }
        Ok(answer(&users::RevokeConnectedAppResponse::default()))
    })
}

/// The settable fields of `CreateClient` and `UpdateClient`, which are the same.
struct Changes<'a> {
    client_name: Option<&'a String>,
    client_description: Option<&'a String>,
    redirect_urls: Option<&'a Vec<String>>,
    full_access_allowed: Option<&'a bool>,
    access_token_expiry_minutes: Option<&'a u32>,
    access_token_custom_audience: Option<&'a String>,
    access_token_template_content: Option<&'a String>,
    post_logout_redirect_urls: Option<&'a Vec<String>>,
    logo_url: Option<&'a String>,
    bypass_consent_for_offline_access: Option<&'a bool>,
    id_token_template_content: Option<&'a String>,
}

macro_rules! changes_of {
    ($p:expr) => {
        Changes {
            client_name: $p.client_name(),
            client_description: $p.client_description(),
            redirect_urls: $p.redirect_urls(),
            full_access_allowed: $p.full_access_allowed(),
            access_token_expiry_minutes: $p.access_token_expiry_minutes(),
            access_token_custom_audience: $p.access_token_custom_audience(),
            access_token_template_content: $p.access_token_template_content(),
            post_logout_redirect_urls: $p.post_logout_redirect_urls(),
            logo_url: $p.logo_url(),
            bypass_consent_for_offline_access: $p.bypass_consent_for_offline_access(),
            id_token_template_content: $p.id_token_template_content(),
        }
    };
}

impl<'a> Changes<'a> {
    fn of_create(p: &'a apps::CreateClient) -> Self {
        changes_of!(p)
    }

    fn of_update(p: &'a apps::UpdateClient) -> Self {
        changes_of!(p)
    }
}

/// Sets every field `changes` gives; the others keep their values.
fn apply(view: &mut ConnectedApp, changes: Changes<'_>) {
    fn set<T: Clone>(slot: &mut T, value: Option<&T>) {
        if let Some(v) = value {
            slot.clone_from(v);
        }
    }
    fn set_some<T: Clone>(slot: &mut Option<T>, value: Option<&T>) {
        if let Some(v) = value {
            *slot = Some(v.clone());
        }
    }
    set(&mut view.client_name, changes.client_name);
    set(&mut view.client_description, changes.client_description);
    set(&mut view.redirect_urls, changes.redirect_urls);
    set(&mut view.full_access_allowed, changes.full_access_allowed);
    set(
        &mut view.access_token_expiry_minutes,
        changes.access_token_expiry_minutes,
    );
    set_some(
        &mut view.access_token_custom_audience,
        changes.access_token_custom_audience,
    );
    set(
        &mut view.access_token_template_content,
        changes.access_token_template_content,
    );
    set(
        &mut view.post_logout_redirect_urls,
        changes.post_logout_redirect_urls,
    );
    set_some(&mut view.logo_url, changes.logo_url);
    set(
        &mut view.bypass_consent_for_offline_access,
        changes.bypass_consent_for_offline_access,
    );
    set(
        &mut view.id_token_template_content,
        changes.id_token_template_content,
    );
}

/// `CreateClient`'s shape of a client: the view's fields and the new secret.
fn with_client_secret(v: &ConnectedApp, secret: Option<Secret>) -> ConnectedAppWithClientSecret {
    let mut out = ConnectedAppWithClientSecret::default();
    out.client_id.clone_from(&v.client_id);
    out.client_name.clone_from(&v.client_name);
    out.client_description.clone_from(&v.client_description);
    out.status.clone_from(&v.status);
    out.full_access_allowed = v.full_access_allowed;
    out.client_type.clone_from(&v.client_type);
    out.redirect_urls.clone_from(&v.redirect_urls);
    out.access_token_expiry_minutes = v.access_token_expiry_minutes;
    out.access_token_template_content
        .clone_from(&v.access_token_template_content);
    out.post_logout_redirect_urls
        .clone_from(&v.post_logout_redirect_urls);
    out.bypass_consent_for_offline_access = v.bypass_consent_for_offline_access;
    out.id_token_template_content
        .clone_from(&v.id_token_template_content);
    out.client_secret_last_four
        .clone_from(&v.client_secret_last_four);
    out.next_client_secret_last_four
        .clone_from(&v.next_client_secret_last_four);
    out.client_secret = secret;
    out.access_token_custom_audience
        .clone_from(&v.access_token_custom_audience);
    out.logo_url.clone_from(&v.logo_url);
    out.client_id_metadata_url
        .clone_from(&v.client_id_metadata_url);
    out
}

/// `RotateSecretStart`'s shape of a client: the view's fields and the
/// next secret.
fn with_next_client_secret(v: &ConnectedApp, next: Secret) -> ConnectedAppWithNextClientSecret {
    let mut out = ConnectedAppWithNextClientSecret::default();
    out.client_id.clone_from(&v.client_id);
    out.client_name.clone_from(&v.client_name);
    out.client_description.clone_from(&v.client_description);
    out.status.clone_from(&v.status);
    out.client_secret_last_four = v.client_secret_last_four.clone().unwrap_or_default();
    out.full_access_allowed = v.full_access_allowed;
    out.client_type.clone_from(&v.client_type);
    out.redirect_urls.clone_from(&v.redirect_urls);
    out.next_client_secret = next;
    out.access_token_expiry_minutes = v.access_token_expiry_minutes;
    out.access_token_template_content
        .clone_from(&v.access_token_template_content);
    out.post_logout_redirect_urls
        .clone_from(&v.post_logout_redirect_urls);
    out.bypass_consent_for_offline_access = v.bypass_consent_for_offline_access;
    out.id_token_template_content
        .clone_from(&v.id_token_template_content);
    out.next_client_secret_last_four
        .clone_from(&v.next_client_secret_last_four);
    out.access_token_custom_audience
        .clone_from(&v.access_token_custom_audience);
    out.logo_url.clone_from(&v.logo_url);
    out.client_id_metadata_url
        .clone_from(&v.client_id_metadata_url);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn last_four_takes_the_end() {
        assert_eq!(last_four("abcdefgh"), "efgh");
        assert_eq!(last_four("ab"), "ab");
        assert_eq!(last_four(""), "");
    }

    #[test]
    fn a_new_server_knows_the_built_in_client_and_no_secret_of_it() {
        let apps = ConnectedApps::default();
        let built_in = apps.client(IDP_TEST_CLIENT_ID).unwrap();
        assert!(built_in.redirect_allowed("https://anywhere.example/cb"));
        assert!(!built_in.first_party());
        assert_eq!(
            built_in
                .view
                .client_secret_last_four
                .as_ref()
                .map(String::len),
            Some(4)
        );
        assert!(!apps.secret_matches(IDP_TEST_CLIENT_ID, ""));
        assert!(apps.client("connected-app-test-unknown").is_err());
    }
}
