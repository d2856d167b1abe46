//! Users: create, read, search, change and delete users and their contact
//! factors.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

pub use crate::types::Name;
use crate::types::{Attributes, CryptoWallet, Email, PhoneNumber, User, string_enum};
use crate::{Decode, Encode, at_least_one_of, endpoint, one_of};

/// Creates a user, with an email address, a phone number or both: at least
/// one of `email` and `phone_number` must be set, which the builder checks
/// (`send` does not compile with neither).
///
/// ```
/// use stytch_endpoints::users::Create;
///
/// let by_email = Create::builder().email("ada@example.com").build();
/// let with_both = Create::builder()
///     .phone_number("+12025550162")
///     .email("ada@example.com")
///     .create_user_as_pending(true)
///     .build();
/// # let _ = (by_email, with_both);
/// ```
#[endpoint(POST "/v1/users", response = CreateResponse)]
#[at_least_one_of(email, phone_number, name = contact)]
pub struct Create {
    /// An email address for the new user.
    email: Option<String>,
    /// The user's name.
    name: Option<Name>,
    /// The end user's device, recorded with the request.
    attributes: Option<Attributes>,
    /// A phone number in E.164 form.
    phone_number: Option<String>,
    /// Start the user as `pending` until they first authenticate.
    create_user_as_pending: Option<bool>,
    /// Metadata only your backend may change.
    trusted_metadata: Option<Map<String, Value>>,
    /// Metadata the user's own client may change too.
    untrusted_metadata: Option<Map<String, Value>>,
    /// Your own id for this user.
    external_id: Option<String>,
    /// Roles to assign.
    roles: Option<Vec<String>>,
}

/// The answer to [`Create`].
#[derive(Debug, Clone, Default, Encode, Decode)]
#[non_exhaustive]
pub struct CreateResponse {
    /// Unique id of this API call.
    pub request_id: String,
    /// The new user's id.
    pub user_id: String,
    /// The id of the email address given, empty when none was.
    #[serde(default)]
    pub email_id: String,
    /// The id of the phone number given, empty when none was.
    #[serde(default)]
    pub phone_id: String,
    /// `active` or `pending`.
    #[serde(default)]
    pub status: String,
    /// The new user.
    pub user: User,
    /// The HTTP status code of the answer.
    pub status_code: u16,
}

/// Fetches one user.
#[endpoint(GET "/v1/users/{user_id}", response = GetResponse)]
pub struct Get {
    /// The user's id, or the `external_id` you gave them.
    user_id: String,
}

/// The answer to [`Get`]. Stytch sends the user's fields at the top level
/// of this answer; they are gathered in [`GetResponse::user`] (and
/// serialised back at the top level).
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct GetResponse {
    /// Unique id of this API call.
    pub request_id: String,
    /// The user.
    pub user: User,
    /// The HTTP status code of the answer.
    pub status_code: u16,
}

// Written by hand rather than derived: the user's fields share the top
// level with `request_id` and `status_code`, which `Decode`/`Encode` do not
// express, and serde's `flatten` would bring `serde_derive` into every
// user's build for this one type. The object is read whole, the two answer
// fields are taken out, and the rest is the user.
impl<'de> Deserialize<'de> for GetResponse {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<GetResponse, D::Error> {
        use serde::de::Error as _;
        let mut object = Map::<String, Value>::deserialize(deserializer)?;
        let mut take = |key: &'static str| object.remove(key).ok_or(D::Error::missing_field(key));
        let request_id = String::deserialize(take("request_id")?).map_err(D::Error::custom)?;
        let status_code = u16::deserialize(take("status_code")?).map_err(D::Error::custom)?;
        let user = User::deserialize(Value::Object(object)).map_err(D::Error::custom)?;
        Ok(GetResponse {
            request_id,
            user,
            status_code,
        })
    }
}

impl Serialize for GetResponse {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::Error as _;
        let mut object = match serde_json::to_value(&self.user).map_err(S::Error::custom)? {
            Value::Object(object) => object,
            _ => Map::new(),
        };
        object.insert("request_id".to_owned(), self.request_id.clone().into());
        object.insert("status_code".to_owned(), self.status_code.into());
        object.serialize(serializer)
    }
}

/// Finds users by a filter, a page at a time.
///
/// `send` fetches one page; `paginate` walks every page, fetching each
/// when the previous one is used up, and yields each user once. A page
/// that fails is the last item, as an `Err`.
///
/// ```no_run
/// use stytch_endpoints::users::Search;
///
/// # fn main() -> Result<(), stytch_endpoints::Error> {
/// let client = stytch_endpoints::Client::from_env()?;
/// let mut count = 0;
/// for user in Search::builder().limit(100).paginate(&client) {
///     let user = user?;
///     count += 1;
///     println!("{} {}", user.user_id, user.status);
/// }
/// println!("{count} users");
/// # Ok(()) }
/// ```
#[endpoint(POST "/v1/users/search", response = SearchResponse, cursor = cursor)]
pub struct Search {
    /// Where the previous page ended; leave unset for the first page.
    cursor: Option<String>,
    /// Most users per page.
    limit: Option<u32>,
    /// The filter; unset returns every user.
    query: Option<SearchQuery>,
}

/// A search filter: operands joined by one operator.
#[derive(Debug, Clone, PartialEq, Encode, Decode)]
#[non_exhaustive]
pub struct SearchQuery {
    /// How the operands combine.
    pub operator: SearchOperator,
    /// Filters such as `{"filter_name": "email_address", "filter_value": ["a@example.com"]}`,
    /// or nested queries.
    pub operands: Vec<Map<String, Value>>,
}

impl SearchQuery {
    /// Users matching the operands combined by `operator`.
    pub fn new(operator: SearchOperator, operands: Vec<Map<String, Value>>) -> SearchQuery {
        SearchQuery { operator, operands }
    }

    /// Users matching every operand.
    pub fn all(operands: Vec<Map<String, Value>>) -> SearchQuery {
        SearchQuery {
            operator: SearchOperator::And,
            operands,
        }
    }

    /// Users matching any operand.
    pub fn any(operands: Vec<Map<String, Value>>) -> SearchQuery {
        SearchQuery {
            operator: SearchOperator::Or,
            operands,
        }
    }
}

string_enum! {
    /// How the operands of a [`SearchQuery`] combine.
    pub enum SearchOperator {
        /// At least one operand must match.
        Or = "OR",
        /// Every operand must match.
        And = "AND",
    }
}

/// The answer to [`Search`].
#[derive(Debug, Clone, Default, Encode, Decode)]
#[non_exhaustive]
pub struct SearchResponse {
    /// Unique id of this API call.
    pub request_id: String,
    /// The users on this page.
    #[serde(default)]
    pub results: Vec<User>,
    /// Totals and the cursor of the next page.
    pub results_metadata: ResultsMetadata,
    /// The HTTP status code of the answer.
    pub status_code: u16,
}

impl crate::Page for SearchResponse {
    type Item = User;

    fn into_page(self) -> (Vec<User>, Option<String>) {
        (self.results, self.results_metadata.next_cursor)
    }
}

/// Paging details of a [`SearchResponse`].
#[derive(Debug, Clone, Default, Encode, Decode)]
#[non_exhaustive]
pub struct ResultsMetadata {
    /// How many users match in all.
    #[serde(default)]
    pub total: u64,
    /// Pass as `cursor` for the next page; `None` on the last page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_cursor: Option<String>,
}

/// Lists the connected apps (see [`connected_apps`](crate::connected_apps))
/// a user has authorized, with the scopes each was granted. The official
/// SDKs call this `users.connected_apps`.
///
/// ```
/// use stytch_endpoints::users::ConnectedApps;
///
/// let call = ConnectedApps::builder()
///     .user_id("user-test-16d9ba61-97a1-4ba4-9720-b03761dc50c6")
///     .build();
/// # let _ = call;
/// ```
#[endpoint(GET "/v1/users/{user_id}/connected_apps", response = ConnectedAppsResponse)]
pub struct ConnectedApps {
    /// The user's id, or the `external_id` you gave them.
    user_id: String,
}

/// The answer to [`ConnectedApps`].
#[derive(Debug, Clone, Default, Encode, Decode)]
#[non_exhaustive]
pub struct ConnectedAppsResponse {
    /// Unique id of this API call.
    pub request_id: String,
    /// The apps the user authorized.
    #[serde(default)]
    pub connected_apps: Vec<UserConnectedApp>,
    /// The HTTP status code of the answer.
    pub status_code: u16,
}

/// One app a user authorized, in a [`ConnectedAppsResponse`].
#[derive(Debug, Clone, Default, Encode, Decode)]
#[non_exhaustive]
pub struct UserConnectedApp {
    /// The app's client id (the `connected_app_id` of
    /// [`RevokeConnectedApp`]).
    pub connected_app_id: String,
    /// The app's name.
    #[serde(default)]
    pub name: String,
    /// The app's description.
    #[serde(default)]
    pub description: String,
    /// Who owns the app and whether it can keep a secret.
    pub client_type: crate::connected_apps::ClientType,
    /// The scopes the user granted, separated by spaces (as in an OAuth
    /// `scope` value).
    #[serde(default)]
    pub scopes_granted: String,
    /// The app's logo, when it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub logo_url: Option<String>,
}

/// Takes back a connected app's access to a user: the consent the user
/// gave is removed and the tokens issued for them on it are revoked; the
/// app needs a new authorization to act for the user again. The official
/// SDKs call this `users.revoke`.
///
/// ```
/// use stytch_endpoints::users::RevokeConnectedApp;
///
/// let call = RevokeConnectedApp::builder()
///     .user_id("user-test-16d9ba61-97a1-4ba4-9720-b03761dc50c6")
///     .connected_app_id("connected-app-test-d731954d-dab3-4a2b-bdee-07f3ad1be888")
///     .build();
/// # let _ = call;
/// ```
#[doc(alias = "revoke")]
#[endpoint(POST "/v1/users/{user_id}/connected_apps/{connected_app_id}/revoke", response = RevokeConnectedAppResponse)]
pub struct RevokeConnectedApp {
    /// The user's id, or the `external_id` you gave them.
    user_id: String,
    /// The app's client id.
    connected_app_id: String,
}

/// The answer to [`RevokeConnectedApp`].
#[derive(Debug, Clone, Default, Encode, Decode)]
#[non_exhaustive]
pub struct RevokeConnectedAppResponse {
    /// Unique id of this API call.
    pub request_id: String,
    /// The HTTP status code of the answer.
    pub status_code: u16,
}

/// Changes a user's name, metadata, external id or roles.
#[endpoint(PUT "/v1/users/{user_id}", response = UpdateResponse)]
pub struct Update {
    /// The user to change.
    user_id: String,
    /// The new name.
    name: Option<Name>,
    /// The end user's device, recorded with the request.
    attributes: Option<Attributes>,
    /// New backend-only metadata (replaces the keys given).
    trusted_metadata: Option<Map<String, Value>>,
    /// New client-writable metadata (replaces the keys given).
    untrusted_metadata: Option<Map<String, Value>>,
    /// Your new id for this user.
    external_id: Option<String>,
    /// The new list of roles.
    roles: Option<Vec<String>>,
}

/// The answer to [`Update`]: the user after the change, with its contact
/// factors and wallets repeated at the top level.
#[derive(Debug, Clone, Default, Encode, Decode)]
#[non_exhaustive]
pub struct UpdateResponse {
    /// Unique id of this API call.
    pub request_id: String,
    /// The user's id.
    pub user_id: String,
    /// The user's email addresses.
    #[serde(default)]
    pub emails: Vec<Email>,
    /// The user's phone numbers.
    #[serde(default)]
    pub phone_numbers: Vec<PhoneNumber>,
    /// The user's crypto wallets.
    #[serde(default)]
    pub crypto_wallets: Vec<CryptoWallet>,
    /// The user after the change.
    pub user: User,
    /// The HTTP status code of the answer.
    pub status_code: u16,
}

/// The answer to the calls that change one user's factors
/// ([`DeleteEmail`], [`DeletePhoneNumber`], [`DeleteWebAuthnRegistration`],
/// [`DeleteBiometricRegistration`], [`DeleteTotp`], [`DeletePassword`],
/// [`DeleteCryptoWallet`], [`DeleteOAuthRegistration`],
/// [`DeleteExternalId`], [`ExchangePrimaryFactor`]).
#[derive(Debug, Clone, Default, Encode, Decode)]
#[non_exhaustive]
pub struct UserResponse {
    /// Unique id of this API call.
    pub request_id: String,
    /// The user's id.
    pub user_id: String,
    /// The user after the change.
    pub user: User,
    /// The HTTP status code of the answer.
    pub status_code: u16,
}

/// Deletes a user and everything attached to them.
#[endpoint(DELETE "/v1/users/{user_id}", response = DeleteResponse)]
pub struct Delete {
    /// The user to delete.
    user_id: String,
}

/// The answer to [`Delete`].
#[derive(Debug, Clone, Default, Encode, Decode)]
#[non_exhaustive]
pub struct DeleteResponse {
    /// Unique id of this API call.
    pub request_id: String,
    /// The deleted user's id.
    pub user_id: String,
    /// The HTTP status code of the answer.
    pub status_code: u16,
}

/// Removes one email address from its user.
#[endpoint(DELETE "/v1/users/emails/{email_id}", response = DeleteEmailResponse)]
pub struct DeleteEmail {
    /// The address to remove.
    email_id: String,
}

/// The answer to [`DeleteEmail`]: the user without the address.
pub type DeleteEmailResponse = UserResponse;

/// Removes one phone number from its user.
#[endpoint(DELETE "/v1/users/phone_numbers/{phone_id}", response = DeletePhoneNumberResponse)]
pub struct DeletePhoneNumber {
    /// The number to remove.
    phone_id: String,
}

/// The answer to [`DeletePhoneNumber`]: the user without the number.
pub type DeletePhoneNumberResponse = UserResponse;

/// Removes a passkey or security key (WebAuthn registration) from its user.
///
/// ```
/// use stytch_endpoints::users::DeleteWebAuthnRegistration;
///
/// let call = DeleteWebAuthnRegistration::builder()
///     .webauthn_registration_id("webauthn-registration-test-5c44cc6a")
///     .build();
/// # let _ = call;
/// ```
#[endpoint(DELETE "/v1/users/webauthn_registrations/{webauthn_registration_id}", response = DeleteWebAuthnRegistrationResponse)]
pub struct DeleteWebAuthnRegistration {
    /// The registration to remove.
    webauthn_registration_id: String,
}

/// The answer to [`DeleteWebAuthnRegistration`]: the user without the
/// registration.
pub type DeleteWebAuthnRegistrationResponse = UserResponse;

/// Removes a mobile device's biometric registration from its user.
///
/// ```
/// use stytch_endpoints::users::DeleteBiometricRegistration;
///
/// let call = DeleteBiometricRegistration::builder()
///     .biometric_registration_id("biometric-registration-test-5c44cc6a")
///     .build();
/// # let _ = call;
/// ```
#[endpoint(DELETE "/v1/users/biometric_registrations/{biometric_registration_id}", response = DeleteBiometricRegistrationResponse)]
pub struct DeleteBiometricRegistration {
    /// The registration to remove.
    biometric_registration_id: String,
}

/// The answer to [`DeleteBiometricRegistration`]: the user without the
/// registration.
pub type DeleteBiometricRegistrationResponse = UserResponse;

/// Removes an authenticator app (TOTP factor) from its user, with its
/// recovery codes.
///
/// ```
/// use stytch_endpoints::users::DeleteTotp;
///
/// let call = DeleteTotp::builder()
///     .totp_id("totp-test-41920359-8bbb-4fe8-8fa3-aaa83f35f02c")
///     .build();
/// # let _ = call;
/// ```
#[endpoint(DELETE "/v1/users/totps/{totp_id}", response = DeleteTotpResponse)]
pub struct DeleteTotp {
    /// The TOTP factor to remove.
    totp_id: String,
}

/// The answer to [`DeleteTotp`]: the user without the factor.
pub type DeleteTotpResponse = UserResponse;

/// Removes a user's password, so it no longer logs them in.
///
/// ```
/// use stytch_endpoints::users::DeletePassword;
///
/// let call = DeletePassword::builder()
///     .password_id("password-test-b2b3d3c5")
///     .build();
/// # let _ = call;
/// ```
#[endpoint(DELETE "/v1/users/passwords/{password_id}", response = DeletePasswordResponse)]
pub struct DeletePassword {
    /// The password factor to remove (its id, from the user's `password`).
    password_id: String,
}

/// The answer to [`DeletePassword`]: the user without a password.
pub type DeletePasswordResponse = UserResponse;

/// Removes a crypto wallet from its user, so it no longer logs them in.
///
/// ```
/// use stytch_endpoints::users::DeleteCryptoWallet;
///
/// let call = DeleteCryptoWallet::builder()
///     .crypto_wallet_id("crypto-wallet-test-dbbd372e-79d5-4d2b-9d8a-7e5a5f9a1f3c")
///     .build();
/// # let _ = call;
/// ```
#[endpoint(DELETE "/v1/users/crypto_wallets/{crypto_wallet_id}", response = DeleteCryptoWalletResponse)]
pub struct DeleteCryptoWallet {
    /// The wallet to remove (its id, from the user's `crypto_wallets`).
    crypto_wallet_id: String,
}

/// The answer to [`DeleteCryptoWallet`]: the user without the wallet.
pub type DeleteCryptoWalletResponse = UserResponse;

/// Unlinks an OAuth provider account from its user: logging in through
/// that account no longer reaches them.
///
/// ```
/// use stytch_endpoints::users::DeleteOAuthRegistration;
///
/// let call = DeleteOAuthRegistration::builder()
///     .oauth_user_registration_id("oauth-user-test-de86770c-911d-463f-80e7-f2a1a4e4b8f6")
///     .build();
/// # let _ = call;
/// ```
#[endpoint(DELETE "/v1/users/oauth/{oauth_user_registration_id}", response = DeleteOAuthRegistrationResponse)]
pub struct DeleteOAuthRegistration {
    /// The link to remove (from the user's `providers`).
    oauth_user_registration_id: String,
}

/// The answer to [`DeleteOAuthRegistration`]: the user without the
/// provider account.
pub type DeleteOAuthRegistrationResponse = UserResponse;

/// Removes the `external_id` you gave a user; the user can then be named
/// only by their `user_id` (or a new external id set with [`Update`]).
///
/// ```
/// use stytch_endpoints::users::DeleteExternalId;
///
/// let call = DeleteExternalId::builder()
///     .user_id("user-test-16d9ba61-97a1-4ba4-9720-b03761dc50c6")
///     .build();
/// # let _ = call;
/// ```
#[endpoint(DELETE "/v1/users/{user_id}/external_id", response = DeleteExternalIdResponse)]
pub struct DeleteExternalId {
    /// The user (their `user_id`, or the external id itself).
    user_id: String,
}

/// The answer to [`DeleteExternalId`]: the user without an external id.
pub type DeleteExternalIdResponse = UserResponse;

/// Replaces a user's only login factor with a new email address or phone
/// number (exactly one of the two).
#[endpoint(PUT "/v1/users/{user_id}/exchange_primary_factor", response = ExchangePrimaryFactorResponse)]
#[one_of(email_address, phone_number, name = new_factor)]
pub struct ExchangePrimaryFactor {
    /// The user to change.
    user_id: String,
    /// The new email address.
    email_address: Option<String>,
    /// The new phone number, in E.164 form.
    phone_number: Option<String>,
}

/// The answer to [`ExchangePrimaryFactor`]: the user with the new factor.
pub type ExchangePrimaryFactorResponse = UserResponse;
