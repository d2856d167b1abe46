//! Connected apps: the OAuth 2.0 / OpenID Connect clients that log in with
//! your users while Stytch acts as their identity provider.
//!
//! Register a client with [`CreateClient`] (a confidential client gets its
//! secret once, in that answer), read it with [`GetClient`], list every
//! client with [`SearchClients`] (paged), change it with [`UpdateClient`]
//! and remove it with [`DeleteClient`]. A confidential client's secret is
//! replaced without downtime in three steps: [`RotateSecretStart`] issues a
//! second secret and both work, [`RotateSecret`] makes the new one the only
//! one, and [`RotateSecretCancel`] drops the new one instead. The names
//! follow the official SDKs' `connected_app.clients` calls, and
//! [`m2m`](crate::m2m)'s.
//!
//! The users' side lives in [`users`](crate::users):
//! [`users::ConnectedApps`](crate::users::ConnectedApps) lists the apps a
//! user authorized and
//! [`users::RevokeConnectedApp`](crate::users::RevokeConnectedApp) takes
//! that access back. The authorization itself goes through
//! [`idp`](crate::idp).

use crate::types::string_enum;
use crate::{Decode, Encode, Secret, endpoint};

string_enum! {
    /// Who owns a connected app and whether it can keep a secret. A
    /// confidential client (`FirstParty`, `ThirdParty`) authenticates with
    /// a client secret; a public one (a mobile or command-line app) has
    /// none and proves itself with PKCE instead.
    pub enum ClientType {
        /// Your own app, able to keep a secret.
        FirstParty = "first_party",
        /// Your own app that cannot keep a secret.
        FirstPartyPublic = "first_party_public",
        /// Someone else's app, able to keep a secret.
        ThirdParty = "third_party",
        /// Someone else's app that cannot keep a secret.
        ThirdPartyPublic = "third_party_public",
    }
}

/// Fetches one connected app by its client id. The answer never holds the
/// client secret, only its last four characters.
///
/// ```
/// use stytch_endpoints::connected_apps::GetClient;
///
/// let call = GetClient::builder()
///     .client_id("connected-app-test-d731954d-dab3-4a2b-bdee-07f3ad1be888")
///     .build();
/// # let _ = call;
/// ```
#[endpoint(GET "/v1/connected_apps/clients/{client_id}", response = GetClientResponse)]
pub struct GetClient {
    /// The connected app's client id.
    client_id: String,
}

/// The answer to [`GetClient`].
#[derive(Debug, Clone, Default, Encode, Decode)]
#[non_exhaustive]
pub struct GetClientResponse {
    /// Unique id of this API call.
    pub request_id: String,
    /// The connected app.
    pub connected_app: ConnectedApp,
    /// The HTTP status code of the answer.
    pub status_code: u16,
}

/// Changes a connected app. Every field left unset keeps its value; the
/// client type, the client id and the secrets cannot be changed here (the
/// secrets change through the rotation calls).
///
/// ```
/// use stytch_endpoints::connected_apps::UpdateClient;
///
/// let call = UpdateClient::builder()
///     .client_id("connected-app-test-d731954d-dab3-4a2b-bdee-07f3ad1be888")
///     .client_name("Acme Notes")
///     .redirect_urls(vec!["https://notes.acme.example/callback".to_owned()])
///     .access_token_expiry_minutes(30u32)
///     .build();
/// # let _ = call;
/// ```
#[endpoint(PUT "/v1/connected_apps/clients/{client_id}", response = UpdateClientResponse)]
pub struct UpdateClient {
    /// The connected app to change.
    client_id: String,
    /// The name shown to users, on consent screens for instance.
    client_name: Option<String>,
    /// A description shown to users.
    client_description: Option<String>,
    /// The URLs an authorization may send the user back to (replaces the
    /// list).
    redirect_urls: Option<Vec<String>>,
    /// First-party apps only: whether the app may trade its authorization
    /// for a full Stytch session of the user.
    full_access_allowed: Option<bool>,
    /// How long the app's access tokens last, in minutes.
    access_token_expiry_minutes: Option<u32>,
    /// An audience to put in the app's access tokens.
    access_token_custom_audience: Option<String>,
    /// A JSON template of custom claims for the app's access tokens.
    access_token_template_content: Option<String>,
    /// The URLs an OpenID Connect logout may send the user back to
    /// (replaces the list).
    post_logout_redirect_urls: Option<Vec<String>>,
    /// The app's logo.
    logo_url: Option<String>,
    /// First-party apps only: grant `offline_access` (refresh tokens)
    /// without asking the user.
    bypass_consent_for_offline_access: Option<bool>,
    /// A JSON template of custom claims for the app's ID tokens.
    id_token_template_content: Option<String>,
}

/// The answer to [`UpdateClient`].
#[derive(Debug, Clone, Default, Encode, Decode)]
#[non_exhaustive]
pub struct UpdateClientResponse {
    /// Unique id of this API call.
    pub request_id: String,
    /// The connected app after the change.
    pub connected_app: ConnectedApp,
    /// The HTTP status code of the answer.
    pub status_code: u16,
}

/// Removes a connected app: its secrets stop working and its client id is
/// no longer accepted by the authorization calls.
///
/// ```
/// use stytch_endpoints::connected_apps::DeleteClient;
///
/// let call = DeleteClient::builder()
///     .client_id("connected-app-test-d731954d-dab3-4a2b-bdee-07f3ad1be888")
///     .build();
/// # let _ = call;
/// ```
#[endpoint(DELETE "/v1/connected_apps/clients/{client_id}", response = DeleteClientResponse)]
pub struct DeleteClient {
    /// The connected app to remove.
    client_id: String,
}

/// The answer to [`DeleteClient`].
#[derive(Debug, Clone, Default, Encode, Decode)]
#[non_exhaustive]
pub struct DeleteClientResponse {
    /// Unique id of this API call.
    pub request_id: String,
    /// The client id of the app removed.
    pub client_id: String,
    /// The HTTP status code of the answer.
    pub status_code: u16,
}

/// Lists the project's connected apps, a page at a time. Stytch takes no
/// filter here yet: only the page size and the cursor.
///
/// `send` fetches one page; `paginate` walks every page, fetching each when
/// the previous one is used up, and yields each app once. A page that fails
/// is the last item, as an `Err`.
///
/// ```no_run
/// use stytch_endpoints::connected_apps::SearchClients;
///
/// # fn main() -> Result<(), stytch_endpoints::Error> {
/// let client = stytch_endpoints::Client::from_env()?;
/// for app in SearchClients::builder().limit(100u32).paginate(&client) {
///     let app = app?;
///     println!("{} {} ({})", app.client_id, app.client_name, app.client_type);
/// }
/// # Ok(()) }
/// ```
#[endpoint(POST "/v1/connected_apps/clients/search", response = SearchClientsResponse, cursor = cursor)]
pub struct SearchClients {
    /// Where the previous page ended; leave unset for the first page.
    cursor: Option<String>,
    /// Most apps per page (Stytch: 100 by default, at most 1000).
    limit: Option<u32>,
}

/// The answer to [`SearchClients`].
#[derive(Debug, Clone, Default, Encode, Decode)]
#[non_exhaustive]
pub struct SearchClientsResponse {
    /// Unique id of this API call.
    pub request_id: String,
    /// The apps on this page.
    #[serde(default)]
    pub connected_apps: Vec<ConnectedApp>,
    /// The total and the cursor of the next page.
    pub results_metadata: ResultsMetadata,
    /// The HTTP status code of the answer.
    pub status_code: u16,
}

impl crate::Page for SearchClientsResponse {
    type Item = ConnectedApp;

    fn into_page(self) -> (Vec<ConnectedApp>, Option<String>) {
        (self.connected_apps, self.results_metadata.next_cursor)
    }
}

/// Paging details of a [`SearchClientsResponse`].
#[derive(Debug, Clone, Default, Encode, Decode)]
#[non_exhaustive]
pub struct ResultsMetadata {
    /// How many apps there are in all.
    #[serde(default)]
    pub total: u64,
    /// Pass as `cursor` for the next page; `None` on the last page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_cursor: Option<String>,
}

/// Registers a connected app. For a confidential type (`first_party`,
/// `third_party`) the answer carries the client secret: this is the only
/// time it is shown (Stytch keeps a hash), so store it at once. Lost, it
/// can only be replaced by a rotation ([`RotateSecretStart`]).
///
/// ```
/// use stytch_endpoints::connected_apps::{ClientType, CreateClient};
///
/// let call = CreateClient::builder()
///     .client_type(ClientType::ThirdParty)
///     .client_name("Acme Notes")
///     .client_description("Takes notes with your account")
///     .redirect_urls(vec!["https://notes.acme.example/callback".to_owned()])
///     .build();
/// # let _ = call;
/// ```
#[endpoint(POST "/v1/connected_apps/clients", response = CreateClientResponse)]
pub struct CreateClient {
    /// Who owns the app and whether it can keep a secret.
    client_type: ClientType,
    /// The name shown to users, on consent screens for instance.
    client_name: Option<String>,
    /// A description shown to users.
    client_description: Option<String>,
    /// The URLs an authorization may send the user back to.
    redirect_urls: Option<Vec<String>>,
    /// First-party apps only: whether the app may trade its authorization
    /// for a full Stytch session of the user.
    full_access_allowed: Option<bool>,
    /// How long the app's access tokens last, in minutes (Stytch: 60 by
    /// default).
    access_token_expiry_minutes: Option<u32>,
    /// An audience to put in the app's access tokens.
    access_token_custom_audience: Option<String>,
    /// A JSON template of custom claims for the app's access tokens.
    access_token_template_content: Option<String>,
    /// The URLs an OpenID Connect logout may send the user back to.
    post_logout_redirect_urls: Option<Vec<String>>,
    /// The app's logo.
    logo_url: Option<String>,
    /// First-party apps only: grant `offline_access` (refresh tokens)
    /// without asking the user.
    bypass_consent_for_offline_access: Option<bool>,
    /// A JSON template of custom claims for the app's ID tokens.
    id_token_template_content: Option<String>,
}

/// The answer to [`CreateClient`].
#[derive(Debug, Clone, Default, Encode, Decode)]
#[non_exhaustive]
pub struct CreateClientResponse {
    /// Unique id of this API call.
    pub request_id: String,
    /// The new app, with its secret when it is confidential.
    pub connected_app: ConnectedAppWithClientSecret,
    /// The HTTP status code of the answer.
    pub status_code: u16,
}

/// Starts replacing a confidential app's secret: Stytch draws a second
/// secret (`next_client_secret`, shown in this answer only) and accepts
/// both until [`RotateSecret`] completes the change or
/// [`RotateSecretCancel`] drops the new one. The official SDKs call this
/// `rotate_start`.
///
/// ```
/// use stytch_endpoints::connected_apps::RotateSecretStart;
///
/// let call = RotateSecretStart::builder()
///     .client_id("connected-app-test-d731954d-dab3-4a2b-bdee-07f3ad1be888")
///     .build();
/// # let _ = call;
/// ```
#[doc(alias = "rotate_start")]
#[endpoint(POST "/v1/connected_apps/clients/{client_id}/secrets/rotate/start", response = RotateSecretStartResponse)]
pub struct RotateSecretStart {
    /// The connected app whose secret to replace.
    client_id: String,
}

/// The answer to [`RotateSecretStart`].
#[derive(Debug, Clone, Default, Encode, Decode)]
#[non_exhaustive]
pub struct RotateSecretStartResponse {
    /// Unique id of this API call.
    pub request_id: String,
    /// The app, with its new secret.
    pub connected_app: ConnectedAppWithNextClientSecret,
    /// The HTTP status code of the answer.
    pub status_code: u16,
}

/// Drops the second secret a [`RotateSecretStart`] issued; the current
/// secret stays the only one. The official SDKs call this
/// `rotate_cancel`.
///
/// ```
/// use stytch_endpoints::connected_apps::RotateSecretCancel;
///
/// let call = RotateSecretCancel::builder()
///     .client_id("connected-app-test-d731954d-dab3-4a2b-bdee-07f3ad1be888")
///     .build();
/// # let _ = call;
/// ```
#[doc(alias = "rotate_cancel")]
#[endpoint(POST "/v1/connected_apps/clients/{client_id}/secrets/rotate/cancel", response = RotateSecretCancelResponse)]
pub struct RotateSecretCancel {
    /// The connected app whose rotation to call off.
    client_id: String,
}

/// The answer to [`RotateSecretCancel`].
#[derive(Debug, Clone, Default, Encode, Decode)]
#[non_exhaustive]
pub struct RotateSecretCancelResponse {
    /// Unique id of this API call.
    pub request_id: String,
    /// The app, with one secret again.
    pub connected_app: ConnectedApp,
    /// The HTTP status code of the answer.
    pub status_code: u16,
}

/// Completes a rotation started with [`RotateSecretStart`]: the new
/// secret becomes the app's only secret and the old one stops working.
/// The official SDKs call this `rotate`.
///
/// ```
/// use stytch_endpoints::connected_apps::RotateSecret;
///
/// let call = RotateSecret::builder()
///     .client_id("connected-app-test-d731954d-dab3-4a2b-bdee-07f3ad1be888")
///     .build();
/// # let _ = call;
/// ```
#[doc(alias = "rotate")]
#[endpoint(POST "/v1/connected_apps/clients/{client_id}/secrets/rotate", response = RotateSecretResponse)]
pub struct RotateSecret {
    /// The connected app whose rotation to complete.
    client_id: String,
}

/// The answer to [`RotateSecret`].
#[derive(Debug, Clone, Default, Encode, Decode)]
#[non_exhaustive]
pub struct RotateSecretResponse {
    /// Unique id of this API call.
    pub request_id: String,
    /// The app, with the new secret as its only one.
    pub connected_app: ConnectedApp,
    /// The HTTP status code of the answer.
    pub status_code: u16,
}

/// A connected app as [`GetClient`], [`SearchClients`], [`UpdateClient`] and the rotation
/// calls show it: everything but the secrets themselves.
#[derive(Debug, Clone, Default, Encode, Decode)]
#[non_exhaustive]
pub struct ConnectedApp {
    /// The app's client id.
    pub client_id: String,
    /// The name shown to users.
    #[serde(default)]
    pub client_name: String,
    /// The description shown to users.
    #[serde(default)]
    pub client_description: String,
    /// The app's state, such as `active`.
    pub status: String,
    /// Whether the app may trade its authorization for a full session.
    #[serde(default)]
    pub full_access_allowed: bool,
    /// Who owns the app and whether it can keep a secret.
    pub client_type: ClientType,
    /// The URLs an authorization may send the user back to.
    #[serde(default)]
    pub redirect_urls: Vec<String>,
    /// How long the app's access tokens last, in minutes.
    #[serde(default)]
    pub access_token_expiry_minutes: u32,
    /// The custom-claims template of the app's access tokens.
    #[serde(default)]
    pub access_token_template_content: String,
    /// The URLs an OpenID Connect logout may send the user back to.
    #[serde(default)]
    pub post_logout_redirect_urls: Vec<String>,
    /// Whether `offline_access` is granted without asking the user.
    #[serde(default)]
    pub bypass_consent_for_offline_access: bool,
    /// How the app came to be, such as `api` or `dashboard`.
    #[serde(default)]
    pub creation_method: String,
    /// The custom-claims template of the app's ID tokens.
    #[serde(default)]
    pub id_token_template_content: String,
    /// The last four characters of the secret; `None` for a public app.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_secret_last_four: Option<String>,
    /// The last four characters of the second secret while a rotation is
    /// under way; `None` otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_client_secret_last_four: Option<String>,
    /// The audience put in the app's access tokens, when one is set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_token_custom_audience: Option<String>,
    /// The app's logo, when it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub logo_url: Option<String>,
    /// Where the app's metadata document lives, for an app registered by
    /// one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_id_metadata_url: Option<String>,
}

/// A new connected app as [`CreateClient`] answers it: with its secret, for a
/// confidential app.
#[derive(Debug, Clone, Default, Encode, Decode)]
#[non_exhaustive]
pub struct ConnectedAppWithClientSecret {
    /// The app's client id.
    pub client_id: String,
    /// The name shown to users.
    #[serde(default)]
    pub client_name: String,
    /// The description shown to users.
    #[serde(default)]
    pub client_description: String,
    /// The app's state, such as `active`.
    pub status: String,
    /// Whether the app may trade its authorization for a full session.
    #[serde(default)]
    pub full_access_allowed: bool,
    /// Who owns the app and whether it can keep a secret.
    pub client_type: ClientType,
    /// The URLs an authorization may send the user back to.
    #[serde(default)]
    pub redirect_urls: Vec<String>,
    /// How long the app's access tokens last, in minutes.
    #[serde(default)]
    pub access_token_expiry_minutes: u32,
    /// The custom-claims template of the app's access tokens.
    #[serde(default)]
    pub access_token_template_content: String,
    /// The URLs an OpenID Connect logout may send the user back to.
    #[serde(default)]
    pub post_logout_redirect_urls: Vec<String>,
    /// Whether `offline_access` is granted without asking the user.
    #[serde(default)]
    pub bypass_consent_for_offline_access: bool,
    /// The custom-claims template of the app's ID tokens.
    #[serde(default)]
    pub id_token_template_content: String,
    /// The last four characters of the secret; `None` for a public app.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_secret_last_four: Option<String>,
    /// The last four characters of a second secret (none on a new app).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_client_secret_last_four: Option<String>,
    /// The secret, for a confidential app: shown this once (its `Debug`
    /// shows `[redacted]`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_secret: Option<Secret>,
    /// The audience put in the app's access tokens, when one is set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_token_custom_audience: Option<String>,
    /// The app's logo, when it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub logo_url: Option<String>,
    /// Where the app's metadata document lives, for an app registered by
    /// one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_id_metadata_url: Option<String>,
}

/// A connected app as [`RotateSecretStart`] answers it: with the second
/// secret just drawn.
#[derive(Debug, Clone, Default, Encode, Decode)]
#[non_exhaustive]
pub struct ConnectedAppWithNextClientSecret {
    /// The app's client id.
    pub client_id: String,
    /// The name shown to users.
    #[serde(default)]
    pub client_name: String,
    /// The description shown to users.
    #[serde(default)]
    pub client_description: String,
    /// The app's state, such as `active`.
    pub status: String,
    /// The last four characters of the current secret.
    #[serde(default)]
    pub client_secret_last_four: String,
    /// Whether the app may trade its authorization for a full session.
    #[serde(default)]
    pub full_access_allowed: bool,
    /// Who owns the app and whether it can keep a secret.
    pub client_type: ClientType,
    /// The URLs an authorization may send the user back to.
    #[serde(default)]
    pub redirect_urls: Vec<String>,
    /// The new secret: shown this once (its `Debug` shows `[redacted]`).
    pub next_client_secret: Secret,
    /// How long the app's access tokens last, in minutes.
    #[serde(default)]
    pub access_token_expiry_minutes: u32,
    /// The custom-claims template of the app's access tokens.
    #[serde(default)]
    pub access_token_template_content: String,
    /// The URLs an OpenID Connect logout may send the user back to.
    #[serde(default)]
    pub post_logout_redirect_urls: Vec<String>,
    /// Whether `offline_access` is granted without asking the user.
    #[serde(default)]
    pub bypass_consent_for_offline_access: bool,
    /// The custom-claims template of the app's ID tokens.
    #[serde(default)]
    pub id_token_template_content: String,
    /// The last four characters of the new secret.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_client_secret_last_four: Option<String>,
    /// The audience put in the app's access tokens, when one is set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_token_custom_audience: Option<String>,
    /// The app's logo, when it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub logo_url: Option<String>,
    /// Where the app's metadata document lives, for an app registered by
    /// one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_id_metadata_url: Option<String>,
}
