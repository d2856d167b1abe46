//! A local Stytch-compatible HTTP server, for tests and examples that must
//! not (or cannot) reach Stytch.
//!
//! It listens on `127.0.0.1`, checks Basic auth against the credentials it
//! was started with, decodes every request with the same declarations the
//! client is built from (so it enforces the same required fields and field
//! groups), and answers in Stytch's JSON shapes, errors included.
//!
//! ```
//! use stytch_local::{self as local, LocalServer};
//! use stytch_endpoints::oauth::Attach;
//!
//! let server = LocalServer::start().expect("bind 127.0.0.1");
//! let client = server.client();
//! let answer = Attach::builder()
//!     .provider("google")
//!     .user_id(local::DEMO_USER_ID)
//!     .send(&client)
//!     .expect("attach");
//! assert_eq!(answer.status_code, 200);
//! // The server stops when `server` is dropped.
//! ```
//!
//! Test values (documented so tests can use them):
//!
//! | what | value |
//! |---|---|
//! | project id | [`DEFAULT_PROJECT_ID`] |
//! | secret | [`DEFAULT_SECRET`] |
//! | a user that always exists | [`DEMO_USER_ID`] |
//! | a live session of that user | [`DEMO_SESSION_TOKEN`], [`DEMO_SESSION_JWT`] |
//! | that user's passkey and biometric registration | [`DEMO_WEBAUTHN_REGISTRATION_ID`], [`DEMO_BIOMETRIC_REGISTRATION_ID`] |
//! | the one-time passcode that always works | [`OTP_TEST_CODE`] |
//! | a magic-link token that always logs in the demo user | [`MAGIC_LINK_TEST_TOKEN`] |
//! | an OAuth redirect token that logs in the demo user | [`OAUTH_TEST_TOKEN`] |
//! | the built-in client app of the IdP calls | [`IDP_TEST_CLIENT_ID`] |
//! | a foreign session `sessions::Migrate` accepts | [`MIGRATE_TEST_TOKEN_PREFIX`] + an email |
//! | the access token `sessions::ExchangeAccessToken` accepts (once) | [`ACCESS_TOKEN_TEST_TOKEN`] |
//! | the trusted auth token profile of `sessions::Attest`, and its tokens | [`TRUSTED_AUTH_TEST_PROFILE_ID`], [`TRUSTED_AUTH_TEST_TOKEN_PREFIX`] + an email |
//! | an impersonation token that logs in the demo user | [`IMPERSONATION_TEST_TOKEN`] |
//! | telemetry ids with a `BLOCK`, `CHALLENGE` or no verdict | [`TELEMETRY_BLOCK_PREFIX`]..., [`TELEMETRY_CHALLENGE_PREFIX`]..., [`TELEMETRY_NOT_FOUND_PREFIX`]... |
//! | the project's name (`debug::Whoami`) | [`PROJECT_NAME`] |
//!
//! # What the server remembers
//!
//! Each server has its own users and sessions, in memory. Users made with
//! `users::Create` can be fetched, searched, updated and deleted; their
//! emails and phone numbers get ids (`email-test-...`,
//! `phone-number-test-...`) that `users::DeleteEmail` and
//! `users::DeletePhoneNumber` remove.
//!
//! Nothing is ever sent by email or SMS. The quickest way to log a user
//! in: call `otps::Authenticate` with the id of one of their emails or
//! phone numbers as `method_id` and [`OTP_TEST_CODE`] as `code`: the
//! factor becomes verified, a `pending` user becomes `active`, and when
//! `session_duration_minutes` is given a session is minted (default
//! lifetime when extended without a duration: 60 minutes). Pass an existing
//! session's token or JWT instead to add the factor to that session.
//!
//! # Magic links and one-time passcodes
//!
//! The sending calls "send" a real secret, kept against the address in
//! the server's outbox; read it back with [`LocalServer::last_message_to`]
//! (the email address or phone number), as the user would from their
//! inbox or phone:
//!
//! - `otps::SendSms`, `SendWhatsApp`, `SendEmail` and the three
//!   `LoginOrCreate...` calls send six random digits (CSPRNG), valid for
//!   `expiration_minutes` (default 2, 1 to 10, else `400
//!   invalid_expiration_otp`). `otps::Authenticate` takes the newest code
//!   of that `method_id` once, before it expires; a wrong, older, used or
//!   expired code gets `404 otp_code_not_found`. The factor is `otp` by
//!   `sms`, `whatsapp` (when the newest code went by WhatsApp) or `email`.
//!   [`OTP_TEST_CODE`] keeps working beside them, for any email or phone
//!   number a user has.
//! - `magic_links::SendEmail`, `LoginOrCreateEmail` and `Invite` send a
//!   44-character token (the link is the given `..._magic_link_url` with
//!   `token=...` appended). An `active` user gets a login link (default 60
//!   minutes), a new or `pending` user a sign-up link (default 7 days), an
//!   invitation lasts 60 minutes by default; all may be set from 5 minutes
//!   to 7 days, else `400 invalid_expiration`. `magic_links::Create`
//!   returns an embeddable token (default 60 minutes) instead of sending
//!   it. `magic_links::Authenticate` takes each token once: an unknown
//!   token is `404 magic_link_not_found`, a used, expired or revoked one
//!   `401 unable_to_auth_magic_link`. It verifies the email the link went
//!   to (an embeddable token verifies nothing), makes the user `active`
//!   and records a `magic_link` factor (`email`, or `embedded`).
//!   [`MAGIC_LINK_TEST_TOKEN`] always logs in the demo user, as an
//!   embeddable link would.
//! - PKCE: a link sent with a `code_challenge` needs the `code_verifier`
//!   whose S256 (base64url of its SHA-256, RFC 7636) it is: none is `400
//!   pkce_expected_code_verifier`, another `400 pkce_mismatch`, and a
//!   verifier for a link sent without a challenge `400
//!   pkce_did_not_expect_code_verifier`. A refused verifier does not spend
//!   the token.
//! - The `send` calls need a user who has the address (else `404
//!   email_not_found` or `phone_number_not_found`), or a user named by
//!   `user_id` or a session, who gets the address (unverified) if they
//!   lack it (`400 duplicate_email` / `duplicate_phone_number` when another
//!   user has it). The `login_or_create` calls create a user when nobody
//!   has the address (`active`, or `pending` with `create_user_as_pending`)
//!   and say so in `user_created`. Addresses are checked loosely (`400
//!   invalid_email`; phone numbers must be E.164, else `400
//!   invalid_phone_number`).
//! - `magic_links::Invite` creates a `pending` user (with the given name
//!   and metadata) or invites a pending one again; an address of an
//!   `active` user is refused with `400 duplicate_email` (our choice: what
//!   Stytch answers there is not documented). `RevokeInvite` retires the
//!   address's unused invitation links (the user stays, `pending`); with
//!   none, `404 email_not_found`.
//!
//! Not emulated: redirect URLs checked against a project's list (any URL
//! is taken, and none is needed), email templates and locales (accepted,
//! unused), `attributes`/`options` device matching, the five-minute limit
//! after which Stytch removes an address a `send` added but nobody
//! verified, rate limits and lock-outs after failed codes.
//!
//! A session's token and JWT (a real RS256 JWT in Stytch's claim shape,
//! signed with the published test-only key of [`keys`], whose public half
//! `sessions::GetJwks` serves without credentials, as Stytch does) both work with `sessions::Authenticate`,
//! `oauth::Attach`, `passwords::ResetBySession` and the IdP calls until the
//! session expires or `sessions::Revoke` ends it; after that they fail with
//! `404 session_not_found`, in Stytch's error shape. Unknown ids fail the
//! same way with `user_not_found`, `email_not_found` or
//! `phone_number_not_found`.
//!
//! ```
//! use stytch_local::{LocalServer, OTP_TEST_CODE};
//! use stytch_endpoints::{otps, sessions, users};
//!
//! let server = LocalServer::start().expect("bind 127.0.0.1");
//! let client = server.client();
//! let created = users::Create::builder()
//!     .email("ada@example.com")
//!     .send(&client)
//!     .expect("create");
//! let login = otps::Authenticate::builder()
//!     .method_id(created.email_id)
//!     .code(OTP_TEST_CODE)
//!     .session_duration_minutes(30u32)
//!     .send(&client)
//!     .expect("otp");
//! let check = sessions::Authenticate::builder()
//!     .session_jwt(login.session_jwt.expose())
//!     .send(&client)
//!     .expect("session is live");
//! assert_eq!(check.user.user_id, created.user_id);
//! ```
//!
//! # Authenticator apps (TOTP)
//!
//! `totps::Create` enrols an app for a user and answers with a real secret
//! (20 random bytes, base32), ten recovery codes (`xxxx-xxxx-xxxx`) and a
//! `qr_code`. The `qr_code` is a `data:text/plain;base64,...` URL holding
//! the `otpauth://totp/...` URI, **not** a scannable image as Stytch's is;
//! decode it to read the URI. The new factor shows in the user's `totps`,
//! unverified; it lapses after `expiration_minutes` (5 to 1440, default
//! 1440, else `400 invalid_expiration`) unless confirmed. A user with a
//! verified factor gets `400 active_totp_exists`; an unverified one is
//! replaced.
//!
//! `totps::Authenticate` takes the RFC 6238 code of that secret
//! (HMAC-SHA1, 30-second steps, 6 digits) for the current step or one
//! either side, as any authenticator app or `totp-rs`-style code computes
//! it. The first code that passes marks the factor verified. A wrong code
//! gets `401 unable_to_authenticate_totp`; a code of a step already
//! accepted `400 totp_code_already_authenticated`; a user without a factor
//! `404 totps_not_found_for_user`. Sessions work as with OTPs: a token or
//! JWT adds the factor (`authenticator_app`) to that session, a duration
//! starts one; `session_custom_claims` are added to the session's JWT.
//!
//! `totps::Recover` takes each recovery code once (then `401
//! unable_to_authenticate_recovery_code`) and records a `recovery_code`
//! factor the same way; `totps::RecoveryCodes` lists the codes not used
//! yet. `users::DeleteTotp` removes the factor, its secret and its codes.
//!
//! Not emulated: rate limits and lock-outs after failed codes, device
//! history (`user_device` is never sent), and MFA policies.
//!
//! # Passkeys (WebAuthn)
//!
//! `webauthn::RegisterStart` and `webauthn::AuthenticateStart` answer with
//! WebAuthn options in their JSON form, each with a fresh 32-byte
//! challenge that works once, for five minutes. `webauthn::Register`
//! takes what `navigator.credentials.create()` gives (attestation format
//! `none`, an ES256 P-256 key) and adds the registration to the user's
//! `webauthn_registrations`; `webauthn::Authenticate` checks the
//! assertion's ECDSA signature with the registered key, the origin, the
//! domain's hash, user presence and a growing sign count, and starts or
//! extends a session with a `webauthn` factor. `webauthn::Update` renames
//! a registration, `webauthn::ListCredentials` lists the keys per domain.
//! A malformed credential gets `400 invalid_public_key_credential`; a
//! failed login `401 unable_to_auth_webauthn_registration`. The handler's
//! module docs (`routes/webauthn.rs`) say exactly what is checked.
//!
//! # Sessions from elsewhere
//!
//! `sessions::Migrate` takes [`MIGRATE_TEST_TOKEN_PREFIX`] + an email as
//! the foreign token and logs in the user with that email (`404
//! email_not_found` otherwise; another token: `401
//! unable_to_migrate_session`). `sessions::ExchangeAccessToken` takes
//! [`ACCESS_TOKEN_TEST_TOKEN`] once per server (then `404
//! idp_access_token_could_not_be_exchanged`; another token `404
//! idp_access_token_not_found`). `sessions::Attest` takes the profile
//! [`TRUSTED_AUTH_TEST_PROFILE_ID`] and a token made of
//! [`TRUSTED_AUTH_TEST_TOKEN_PREFIX`] and an email, naming that user. All
//! three start a session (60 minutes unless
//! `session_duration_minutes` says otherwise); `Attest` adds its factor to
//! the session it is given instead.
//!
//! `users::DeletePassword` removes the password a reset set;
//! `users::DeleteWebAuthnRegistration` removes a passkey registered as
//! above (its key stops working) or the demo user's, and
//! `users::DeleteBiometricRegistration` the demo user's biometric
//! registration (no call of the server creates others yet). Unknown ids
//! # Passwords
//!
//! Passwords are stored only as hashes: PBKDF2-HMAC-SHA256 (`ring`), a
//! random 16-byte salt per password and 10 000 rounds (far fewer than a
//! production service should use, so tests stay fast), checked in constant
//! time. `passwords::Create` makes a user with an email address and a
//! password (`400 duplicate_email` when the address is taken);
//! `passwords::Authenticate` checks it (`401 unauthorized_credentials` for a
//! wrong password or a user without one, `404 email_not_found` for an
//! unknown address). Both record a `password` factor (`knowledge`, with the
//! address in `email_factor`) in a new session when a duration is given, or
//! in the session a token or JWT names.
//!
//! Every call that sets a password refuses one that scores below 3 with
//! `400 weak_password`. `passwords::StrengthCheck` reports the score by a
//! documented rule (not zxcvbn: an entropy estimate, a short built-in list
//! of very common passwords scoring 0 and counted as breached, the email's
//! local part not counting; see the `strength` module of the source), with
//! feedback and LUDS figures for 8 characters and 3 character classes.
//!
//! `passwords::ResetByEmailStart` "sends" a reset link (default 30 minutes,
//! 5 to 10 080, else `400 invalid_expiration`) that
//! [`LocalServer::last_message_to`] reads back; its link is
//! `reset_password_redirect_url?stytch_token_type=reset_password&token=...`.
//! `passwords::ResetByEmail` takes the token once before it expires (else
//! `401 unable_to_auth_password_reset_token`), checks a PKCE verifier
//! against the start's `code_challenge` (S256; `400 pkce_mismatch`,
//! `pkce_expected_code_verifier`, `pkce_did_not_expect_code_verifier`)
//! before spending the token, marks the address verified, sets the password
//! and ends the user's other sessions (the one named in the request is
//! kept). `passwords::ResetByExistingPassword` does the same after checking
//! the current password; `passwords::ResetBySession` keeps the session it
//! is given.
//!
//! `passwords::Migrate` creates the user (or adds the password to the one
//! owning the address) from a `sha_1` or `sha_512` hex digest of
//! `prepend_salt + password + append_salt`, or a base64 `pbkdf_2` hash
//! (`sha256` or `sha512`, up to 5 000 000 rounds); the imported hash is
//! checked at the first login and then replaced by one of the server's.
//! `bcrypt`, `md_5`, `argon_2i`, `argon_2id`, `scrypt` and `phpass`, which
//! Stytch accepts, get `400 invalid_hash_type` naming the type: the server
//! has no implementation of them.
//!
//! Not emulated for passwords: breach checks against real breach data, the
//! `reset_password` answer Stytch gives to force a reset, lock-outs after
//! failed attempts, the LUDS policy, `attributes`/`options` device
//! matching, and the emails themselves.
//!
//! `users::DeletePassword` removes a password and its hash;
//! `users::DeleteWebAuthnRegistration` and
//! `users::DeleteBiometricRegistration` remove the demo user's
//! registrations (no call of the server creates others yet). Unknown ids
//! get `404` with `totp_not_found`, `password_not_found`,
//! `webauthn_registration_not_found` or `biometric_registration_not_found`.
//!
//! # M2M clients and the OAuth 2.0 endpoints
//!
//! `m2m::CreateClient` stores a client with its secret hashed: the secret
//! shows in that answer only, later answers carry `client_secret_last_four`.
//! `m2m::Token` (client credentials) checks the client's id and secret (the
//! current one, or the next one during a rotation), that it is active and
//! that the requested scopes are among its own, and answers with an RS256
//! access token signed with the test key at the server's time, valid for an
//! hour, which `m2m::TokenVerifier` accepts. `idp::IntrospectToken` says
//! `active: true` with the claims for such a token while it is unexpired and
//! its client exists and is active, and `active: false` for anything else.
//! Both take a client's credentials instead of the project's, check the
//! project id in their path (`404 project_not_found`) and answer errors in
//! the OAuth 2.0 shape (`error`, `error_description`, `error_uri`): a wrong
//! secret is `401 invalid_client`. The secret rotation, the search filters
//! and the other details are in the `routes::m2m` source's notes.
//!
//! Not emulated: client credentials in an HTTP Basic header (only the body
//! is read), custom claims from JWT templates, and Connected Apps clients
//! (introspection takes an M2M client or [`IDP_TEST_CLIENT_ID`]).
//! # Fraud and risk
//!
//! The server answers the fraud host's calls too ([`LocalServer::client`]
//! points both base URLs at it), by fixed rules, so each verdict can be
//! asked for:
//!
//! `fraud::fingerprint::Lookup` derives a device from the telemetry id:
//! the same id always gets the same fingerprints (`visitor-<uuid>`,
//! `browser-id-<uuid>`, `visitor-fingerprint-<uuid>`, ..., from the id's
//! SHA-256), an IP address in `192.0.2.0/24`, ASN `64496` and country
//! `US`. Its verdict, before rules:
//!
//! | telemetry id | verdict | reasons |
//! |---|---|---|
//! | starts with [`TELEMETRY_BLOCK_PREFIX`] (`block-`) | `BLOCK`, `is_authentic_device: false` | `HEADLESS_BROWSER_AUTOMATION` |
//! | starts with [`TELEMETRY_CHALLENGE_PREFIX`] (`challenge-`) | `CHALLENGE` | `VIRTUAL_MACHINE` |
//! | empty, or starts with [`TELEMETRY_NOT_FOUND_PREFIX`] (`not-found-`) | `404 telemetry_id_not_found` | |
//! | anything else | `ALLOW` | none |
//!
//! A telemetry id is accepted for [`TELEMETRY_LIFETIME_SECS`] after its
//! first lookup (by the server clock), then it is `404` too.
//! `external_metadata` comes back as given (each value at most 65 letters,
//! digits or `_ - + . @`, else `400 invalid_external_metadata`).
//!
//! `fraud::rules::Set` stores a rule on one identifier (none: `400
//! invalid_request`); a rule set again is replaced, `NONE` removes it,
//! `expires_in_minutes` makes it lapse. A lookup whose device matches a
//! rule gets the rule's action with the reason `RULE_MATCH` and
//! `rule_match_type` / `rule_match_identifier`, trying the kinds in
//! Stytch's order (visitor id, browser id, the four fingerprints, CIDR
//! block, ASN, country); among CIDR blocks the smallest wins, then the
//! strictest action. CIDR blocks are IPv4 with a prefix of 16 to 32 bits
//! (`400 invalid_cidr_block`), countries two letters (`400
//! invalid_country_code`; `ALLOW` is refused for them, `400
//! invalid_rule_action`), ASNs decimal numbers (`400 invalid_asn`).
//! `fraud::rules::List` pages the rules in the order they were first set
//! (10 per page by default, at most 100); the last page's `next_cursor` is
//! empty, as the spec's model requires a string.
//!
//! The verdict reasons, with their default actions, are
//! `HEADLESS_BROWSER_AUTOMATION` and `USER_AGENT_DECEPTION` (`BLOCK`),
//! `VIRTUAL_MACHINE` and `SMART_RATE_LIMIT_WARNING` (`CHALLENGE`).
//! `fraud::verdict_reasons::Override` replaces one's action (`NONE`
//! removes the override; `RULE_MATCH` or another reason: `400
//! invalid_verdict_reason`); lookups then use it and list it in
//! `verdict_reason_overrides`; `fraud::verdict_reasons::List` shows them
//! (only the overridden ones with `overrides_only`).
//!
//! `fraud::email::Risk` rates the address by this rule: the part before
//! `@` is lower-cased, dots and a `+` suffix dropped (`normalized_email`);
//! `tumbling_character_count` counts its dots and `+`. The score adds 10
//! per tumbling character (at most 30), 80 for a disposable domain
//! (`mailinator.com`, `guerrillamail.com`, `10minutemail.com`,
//! `trashmail.com`, `yopmail.com`) or one without mail (ending in
//! `.invalid`, `.test` or `.localhost`), 40 for known bounces (a local part
//! starting with `bounce`) and 30 for a role address (`admin`, `support`,
//! `info`, `sales`, `billing`, `contact`, `help`, `security`,
//! `postmaster`, `noreply`, ...), at most 100; an address that is not
//! `local@domain.tld` scores 100. 80 and up is `BLOCK`, 30 and up
//! `CHALLENGE`, below `ALLOW`: `ada@example.com` is `ALLOW` (0),
//! `support@example.com` `CHALLENGE` (30), `ada@mailinator.com` `BLOCK`
//! (80).
//!
//! Not emulated: real device signals, `raw_signals`, IPv6 rules,
//! Intelligent Rate Limiting.
//!
//! # Crypto wallets, impersonation and the project
//!
//! `crypto_wallets::AuthenticateStart` checks the address (`0x` and 40 hex
//! digits for `ethereum`, base58 of 32 bytes for `solana`; else `400
//! invalid_crypto_wallet_address`, and `400 invalid_crypto_wallet_type`
//! for another type), attaches the wallet to the user named (or finds its
//! user, or creates one: `user_created`), and answers with a challenge from
//! the CSPRNG: `Signing in with Project: stytch-local (nonce ...)`, or an
//! EIP-4361 message with `siwe_params` (Ethereum only). The challenge
//! waits 10 minutes. The next `crypto_wallets::Authenticate` for the wallet
//! spends it, passing or not; a second use gets `401
//! unable_to_authenticate_crypto_wallet`, as does a bad signature, and a
//! wallet never started `404 crypto_wallet_not_found`. **Solana signatures
//! are verified** (Ed25519 over the challenge's bytes); **Ethereum
//! signatures are not**: `ring`, the tree's only cryptography crate, has no
//! secp256k1 to recover the signer with, so any 65-byte hex signature
//! (`0x` + 130 hex digits, recovery byte 0, 1, 27 or 28) passes. The wallet
//! is then verified, and sessions work as with OTPs (a `crypto_wallet`
//! factor).
//!
//! `impersonation::Authenticate` with [`IMPERSONATION_TEST_TOKEN`] (which
//! works every time) starts a 60-minute session of [`DEMO_USER_ID`] with
//! one `impersonated` factor; any other token gets `404
//! impersonation_token_not_found`. (The session can be extended like any
//! other; Stytch's cannot.)
//!
//! `debug::Whoami` answers with the server's project id and
//! [`PROJECT_NAME`]; `project::Metrics` with `USER_COUNT`, the users the
//! server holds (the demo user included); `rbac::Policy` with
//! [`LocalServerConfig::rbac_policy`] ([`default_rbac_policy`] unless the
//! test sets another, or none).
//!
//! `users::DeleteCryptoWallet`, `users::DeleteOAuthRegistration` (the
//! Google link `oauth::Authenticate` makes) and `users::DeleteExternalId`
//! remove what they name; unknown ids get `404 crypto_wallet_not_found`,
//! `oauth_user_registration_not_found` or `user_not_found`.
//! # Connected apps and the IdP calls
//!
//! A new server knows one connected app, [`IDP_TEST_CLIENT_ID`] (a
//! `third_party` client that accepts every redirect URI until its
//! `redirect_urls` are set); `connected_apps::CreateClientClient` adds others. A
//! created client gets a `connected-app-test-...` id, `status` `active`,
//! `creation_method` `api` and 60-minute access tokens unless told
//! otherwise; a confidential one (`first_party`, `third_party`) gets a
//! random secret, in the `CreateClient` answer only (the server keeps its
//! SHA-256 hash). `GetClient`, `SearchClients`, `UpdateClient` and the rotation calls show
//! `client_secret_last_four` (and `next_client_secret_last_four` during a
//! rotation), never a secret. `UpdateClient` changes the fields it is given;
//! `DeleteClient` removes the client and every consent given to it. An unknown
//! client id gets `404 connected_app_not_found`.
//!
//! Rotation: `RotateSecretStart` draws a next secret (shown once;
//! starting again replaces it) and both secrets work; `RotateSecret` makes
//! it the only one; `RotateSecretCancel` drops it. Either without a
//! rotation under way gets `400 client_secret_rotation_not_started`, and
//! starting one on a public client `400 invalid_client_type` (also the
//! answer to `CreateClient` with an unknown `client_type`). No call of the server
//! takes a client secret yet: a test checks one with
//! [`LocalServer::connected_app_accepts_secret`].
//!
//! `connected_apps::SearchClients` takes no filter (Stytch's takes none either):
//! it pages through every client, the built-in one first, in creation
//! order, `limit` per page (default 100, at most 1000), with
//! `next_cursor` absent on the last page; a cursor the server did not issue
//! gets `400 invalid_cursor`.
//!
//! `idp::AuthorizeStart` and `idp::Authorize` accept any of these clients
//! with a `redirect_uri` among its `redirect_urls` (compared exactly; else
//! `400 connected_app_supplied_redirect_url_not_found_in_client`). Every
//! client may be granted `openid`, `email`, `profile`, `phone` and
//! `offline_access`, and a `first_party` client with `full_access_allowed`
//! also `full_access`; `Authorize` refuses another scope with `400
//! invalid_scope`. Consent is required with `prompt=consent`, for
//! `offline_access` (unless a first-party client has
//! `bypass_consent_for_offline_access`), and for a third-party client until
//! the user granted every scope asked; a first-party client needs none
//! otherwise. `Authorize` with `consent_granted` records the scopes;
//! `users::ConnectedApps` lists the apps a user granted scopes to (in the
//! order of the first grant, `scopes_granted` space-separated), and
//! `users::RevokeConnectedApp` removes that user's consents to the app; a
//! second revoke, like revoking an app the user never authorized, gets
//! `404 connected_app_not_found`.
//!
//! Not emulated: the token endpoint and the tokens issued for a client
//! (revoking removes consents only), PKCE being required of public clients,
//! the templates and audiences (stored and shown, never applied), the
//! first-party-only rule on `full_access_allowed` and
//! `bypass_consent_for_offline_access` (stored for any client, honoured for
//! first-party ones only), and dynamic client registration. The error types
//! `client_secret_rotation_not_started` and `invalid_client_type` are this
//! server's choice: Stytch does not document the ones it sends there.
//!
//! # Limits
//!
//! The server protects itself (and the other tests sharing it) from
//! clients that misbehave; each limit answers in Stytch's error shape and
//! then closes the connection.
//!
//! | what | default | answer | set with |
//! |---|---|---|---|
//! | connections open at once (one thread each) | 1024 | `503 too_many_connections` | [`LocalServerConfig::max_connections`] |
//! | a request head, from its first byte | 10 s | `408 request_timeout` | [`LocalServerConfig::head_timeout`] |
//! | a request body, from the end of its head | 30 s | `408 request_timeout` | [`LocalServerConfig::body_timeout`] |
//! | silence between requests on a kept-alive connection | 10 s | (closed) | fixed |
//! | request line / head / header lines | 8 KiB / 16 KiB / 100 | 414 / 431 / 431 | fixed |
//! | request body (`Content-Length` or chunked) | 1 MiB | 413 | fixed |
//! | `users::Search` query: depth / operands / listed values | 8 / 100 / 1000 | `400 invalid_search_query` | fixed |
//! | `m2m::SearchClients` query: operands / listed values (no nesting) | 100 / 1000 | `400 invalid_search_query` | fixed |
//!
//! Framing follows RFC 9112 strictly: a malformed or ambiguous
//! `Content-Length`, `Transfer-Encoding` beside `Content-Length`, a space
//! before a header's colon or a folded header line is a 400; a chunked
//! body is decoded. HTTP/1.0 connections close after the answer unless
//! the request asked for `Connection: keep-alive`.

#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod conns;
mod custom;
mod decode;
mod http;
mod ids;
pub mod keys;
mod outbox;
mod passwords;
mod routes;
mod serve;
mod state;

use std::io;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::thread::JoinHandle;
use std::time::Duration;

use serde_json::Value;

pub use custom::{LocalError, LocalRoutes};
pub use outbox::{Channel, Purpose, SentMessage};
pub use state::{
    DEMO_BIOMETRIC_REGISTRATION_ID, DEMO_SESSION_JWT, DEMO_SESSION_TOKEN, DEMO_USER_ID,
    DEMO_WEBAUTHN_REGISTRATION_ID,
};

/// The error type of the built-in handlers (the same as [`LocalError`]).
pub(crate) type Fail = LocalError;

/// The one-time passcode `otps::Authenticate` always accepts, for every
/// email and phone number a user has (as `method_id`), whether or not a
/// code was sent to it, any number of times (Stytch's test projects have a
/// similar fixed code). The codes the server sends itself work too, once
/// each, until they expire.
pub const OTP_TEST_CODE: &str = "000000";
/// The magic-link token that `magic_links::Authenticate` always accepts:
/// it logs in [`DEMO_USER_ID`] as an embeddable magic link would (factor
/// `magic_link` delivered `embedded`), any number of times. Tokens the
/// server issues itself (sent links, `magic_links::Create`) work once.
pub const MAGIC_LINK_TEST_TOKEN: &str = "local-magic-link-token-demo-00000000000000000";
/// The OAuth redirect token that `oauth::Authenticate` accepts: it logs in
/// [`DEMO_USER_ID`] as if Google had sent them back.
pub const OAUTH_TEST_TOKEN: &str = "local-oauth-token-demo-google-0000000000000000";
/// The connected app every local server starts with, which
/// `idp::AuthorizeStart` and `idp::Authorize` accept besides the clients
/// made with `connected_apps::CreateClient`. It is a `third_party` client that may
/// ask for the scopes `openid`, `email`, `profile`, `phone` and
/// `offline_access`, and may redirect anywhere until its `redirect_urls`
/// are set. Its secret is random: rotate it to learn one.
pub const IDP_TEST_CLIENT_ID: &str = "connected-app-test-local-0000";
/// `sessions::Migrate` accepts a foreign session token that starts with
/// this prefix; the rest of the token is the email address the other
/// provider's UserInfo endpoint would return (for example
/// `local-foreign-session:ada@example.com`).
pub const MIGRATE_TEST_TOKEN_PREFIX: &str = "local-foreign-session:";
/// The connected-app access token that `sessions::ExchangeAccessToken`
/// accepts, once per server: it was issued to [`DEMO_USER_ID`] through
/// [`IDP_TEST_CLIENT_ID`] with the `full_access` scope.
pub const ACCESS_TOKEN_TEST_TOKEN: &str = "local-access-token-demo-full-access-000000000000";
/// The one trusted auth token profile `sessions::Attest` knows.
pub const TRUSTED_AUTH_TEST_PROFILE_ID: &str = "trusted-auth-token-profile-test-local-0000";
/// `sessions::Attest` accepts, with [`TRUSTED_AUTH_TEST_PROFILE_ID`], a
/// token that starts with this prefix; the rest is the email address the
/// token attests (for example `local-trusted-token:ada@example.com`).
pub const TRUSTED_AUTH_TEST_TOKEN_PREFIX: &str = "local-trusted-token:";
/// The impersonation token `impersonation::Authenticate` accepts (every
/// time): it starts a 60-minute session of [`DEMO_USER_ID`].
pub const IMPERSONATION_TEST_TOKEN: &str = "local-impersonation-token-demo-0000000000000";
/// The project's name, as `debug::Whoami` gives it.
pub const PROJECT_NAME: &str = "stytch-local";
/// Telemetry ids starting with this get a `BLOCK` verdict
/// (`HEADLESS_BROWSER_AUTOMATION`) from `fraud::fingerprint::Lookup`.
pub const TELEMETRY_BLOCK_PREFIX: &str = "block-";
/// Telemetry ids starting with this get a `CHALLENGE` verdict
/// (`VIRTUAL_MACHINE`).
pub const TELEMETRY_CHALLENGE_PREFIX: &str = "challenge-";
/// Telemetry ids starting with this (and the empty one) are unknown: `404
/// telemetry_id_not_found`.
pub const TELEMETRY_NOT_FOUND_PREFIX: &str = "not-found-";
/// A telemetry id is accepted for this long after its first lookup.
pub const TELEMETRY_LIFETIME_SECS: u64 = 60 * 60;

/// The RBAC policy a server answers `rbac::Policy` with unless
/// [`LocalServerConfig::rbac_policy`] says otherwise: one resource,
/// `documents` (actions `create`, `read`, `update`, `delete`); the roles
/// `stytch_user` (every user: `read`) and `editor` (`create`, `read`,
/// `update`); and the scope `read:documents` (`read`).
pub fn default_rbac_policy() -> RbacPolicy {
    let documents = |actions: &[&str]| vec![Permission::new("documents", actions.iter().copied())];
    RbacPolicy::new(
        vec![
            PolicyRole::new("stytch_user", "Granted to every user", documents(&["read"])),
            PolicyRole::new(
                "editor",
                "Writes and edits documents",
                documents(&["create", "read", "update"]),
            ),
        ],
        vec![PolicyResource::new(
            "documents",
            "Documents users write and share",
            ["create", "read", "update", "delete"],
        )],
        vec![PolicyScope::new(
            "read:documents",
            "Read documents",
            documents(&["read"]),
        )],
    )
}

use stytch_endpoints::rbac::{Permission, PolicyResource, PolicyRole, PolicyScope, RbacPolicy};
use stytch_endpoints::{Client, ClientBuilder, Endpoint, FromFields, Route};

pub use decode::RequestParts;

/// The project id the server accepts when started with [`LocalServer::start`].
pub const DEFAULT_PROJECT_ID: &str = "project-test-00000000-0000-0000-0000-000000000000";
/// The secret the server accepts when started with [`LocalServer::start`].
pub const DEFAULT_SECRET: &str = "secret-test-local-server-only-0000";

/// How long an idle keep-alive connection is kept open.
const IDLE_TIMEOUT: Duration = Duration::from_secs(10);

/// A running local server. Dropping it stops the server: it accepts no
/// more connections and shuts down the open ones (a request being answered
/// at that moment may see its connection close instead).
pub struct LocalServer {
    addr: SocketAddr,
    shared: Arc<Shared>,
    accept_thread: Option<JoinHandle<()>>,
}

/// How to start a [`LocalServer`].
#[derive(Clone)]
pub struct LocalServerConfig {
    /// The project id requests must authenticate with.
    pub project_id: String,
    /// The secret requests must authenticate with.
    pub secret: String,
    /// The port on 127.0.0.1; `0` picks a free one.
    pub port: u16,
    /// Routes added by the test, tried before the built-in ones.
    pub routes: LocalRoutes,
    /// Most connections open at once (default [`DEFAULT_MAX_CONNECTIONS`]).
    /// Each open connection has one thread; a connection past the cap is
    /// answered `503 too_many_connections` in Stytch's error shape and
    /// closed at once, without a thread.
    pub max_connections: usize,
    /// How long a request head (request line and headers) may take to
    /// arrive, counted from its first byte (default
    /// [`DEFAULT_HEAD_TIMEOUT`]). Past it the answer is `408
    /// request_timeout` and the connection closes.
    pub head_timeout: Duration,
    /// How long a request body may take to arrive after its head (default
    /// [`DEFAULT_BODY_TIMEOUT`]); then `408 request_timeout` and close.
    pub body_timeout: Duration,
    /// The RBAC policy `rbac::Policy` answers with (default
    /// [`default_rbac_policy`]); `None` answers without one, as for a
    /// project that has none.
    pub rbac_policy: Option<RbacPolicy>,
}

/// The default of [`LocalServerConfig::max_connections`].
pub const DEFAULT_MAX_CONNECTIONS: usize = 1024;
/// The default of [`LocalServerConfig::head_timeout`].
pub const DEFAULT_HEAD_TIMEOUT: Duration = Duration::from_secs(10);
/// The default of [`LocalServerConfig::body_timeout`].
pub const DEFAULT_BODY_TIMEOUT: Duration = Duration::from_secs(30);

impl Default for LocalServerConfig {
    fn default() -> Self {
        LocalServerConfig {
            project_id: DEFAULT_PROJECT_ID.to_owned(),
            secret: DEFAULT_SECRET.to_owned(),
            port: 0,
            routes: LocalRoutes::default(),
            max_connections: DEFAULT_MAX_CONNECTIONS,
            head_timeout: DEFAULT_HEAD_TIMEOUT,
            body_timeout: DEFAULT_BODY_TIMEOUT,
            rbac_policy: Some(default_rbac_policy()),
        }
    }
}

impl std::fmt::Debug for LocalServerConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LocalServerConfig")
            .field("project_id", &self.project_id)
            .field("secret", &"[redacted]")
            .field("port", &self.port)
            .field("routes", &self.routes)
            .field("max_connections", &self.max_connections)
            .field("head_timeout", &self.head_timeout)
            .field("body_timeout", &self.body_timeout)
            .field("rbac_policy", &self.rbac_policy)
            .finish()
    }
}

impl LocalServerConfig {
    /// Answers endpoint `E` with `handler`: for endpoints declared in your
    /// own crate, or to answer a built-in one differently. The request is
    /// decoded and checked with `E`'s declaration first (a rule violation is
    /// a 400 `invalid_request` and `handler` is not called); `handler`
    /// returns the answer's fields as a JSON object (`request_id` and
    /// `status_code` are added) or a [`LocalError`].
    ///
    /// ```
    /// use serde_json::json;
    /// use stytch_endpoints::endpoint;
    /// use stytch_local::{LocalError, LocalServer, LocalServerConfig};
    ///
    /// #[derive(serde::Deserialize, Debug)]
    /// pub struct DeleteOrganizationResponse { pub request_id: String, pub organization_id: String }
    ///
    /// #[endpoint(DELETE "/v1/b2b/organizations/{organization_id}", response = DeleteOrganizationResponse)]
    /// pub struct DeleteOrganization { organization_id: String }
    ///
    /// let config = LocalServerConfig::default().route(|call: DeleteOrganization| {
    ///     if call.organization_id() == "organization-test-1" {
    ///         Ok(json!({ "organization_id": call.organization_id() }))
    ///     } else {
    ///         Err(LocalError::new(404, "organization_not_found", "no such organization"))
    ///     }
    /// });
    /// let server = LocalServer::start_with(config).unwrap();
    /// let answer = DeleteOrganization::builder().organization_id("organization-test-1").send(&server.client()).unwrap();
    /// assert!(answer.request_id.starts_with("request-id-test-"));
    /// assert_eq!(answer.organization_id, "organization-test-1");
    /// ```
    pub fn route<E, F>(mut self, handler: F) -> Self
    where
        E: Endpoint + FromFields<RequestParts> + 'static,
        F: Fn(E) -> Result<Value, LocalError> + Send + Sync + 'static,
    {
        self.routes.add::<E, F>(handler);
        self
    }

    /// The RBAC policy `rbac::Policy` answers with, instead of
    /// [`default_rbac_policy`].
    ///
    /// ```
    /// use stytch_endpoints::rbac::{Permission, Policy, PolicyResource, PolicyRole, RbacPolicy};
    /// use stytch_local::{LocalServer, LocalServerConfig};
    ///
    /// let policy = RbacPolicy::new(
    ///     vec![PolicyRole::new("viewer", "Reads reports", vec![Permission::new("reports", ["read"])])],
    ///     vec![PolicyResource::new("reports", "Monthly reports", ["read"])],
    ///     vec![],
    /// );
    /// let server = LocalServer::start_with(LocalServerConfig::default().rbac_policy(policy.clone())).unwrap();
    /// let answer = Policy::builder().send(&server.client()).unwrap();
    /// assert_eq!(answer.policy, Some(policy));
    /// ```
    pub fn rbac_policy(mut self, policy: RbacPolicy) -> Self {
        self.rbac_policy = Some(policy);
        self
    }
}

struct Shared {
    config: LocalServerConfig,
    expected_auth: String,
    stop: AtomicBool,
    connections: AtomicU64,
    requests: AtomicU64,
    /// The connections open now, at most `config.max_connections`.
    conns: conns::Connections,
    state: state::State,
    /// The routes the test added, then the built-in ones.
    routes: Vec<routes::Entry>,
}

impl LocalServer {
    /// Starts a server on a free port of 127.0.0.1 with the default
    /// credentials ([`DEFAULT_PROJECT_ID`], [`DEFAULT_SECRET`]).
    pub fn start() -> io::Result<LocalServer> {
        Self::start_with(LocalServerConfig::default())
    }

    /// Starts a server with the given credentials and port.
    pub fn start_with(config: LocalServerConfig) -> io::Result<LocalServer> {
        let listener = TcpListener::bind(("127.0.0.1", config.port))?;
        let addr = listener.local_addr()?;
        let credentials = format!("{}:{}", config.project_id, config.secret);
        let project_id = config.project_id.clone();
        let max_connections = config.max_connections;
        let mut all_routes = config.routes.entries.clone();
        all_routes.extend(routes::built_in());
        let state = state::State::new(&project_id);
        state.with(|s| s.rbac_policy.clone_from(&config.rbac_policy));
        let shared = Arc::new(Shared {
            expected_auth: format!(
                "Basic {}",
                stytch_endpoints::runtime::encode::base64(credentials.as_bytes())
            ),
            config,
            stop: AtomicBool::new(false),
            connections: AtomicU64::new(0),
            requests: AtomicU64::new(0),
            conns: conns::Connections::new(max_connections),
            state,
            routes: all_routes,
        });
        let accept_shared = Arc::clone(&shared);
        let accept_thread = std::thread::Builder::new()
            .name("stytch-local-accept".to_owned())
            .spawn(move || serve::accept_loop(listener, accept_shared))?;
        Ok(LocalServer {
            addr,
            shared,
            accept_thread: Some(accept_thread),
        })
    }

    /// The address the server listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The base URL to give a client, for example `http://127.0.0.1:40123`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The project id the server accepts.
    pub fn project_id(&self) -> &str {
        &self.shared.config.project_id
    }

    /// The secret the server accepts.
    pub fn secret(&self) -> &str {
        &self.shared.config.secret
    }

    /// A client configured for this server.
    ///
    /// # Panics
    ///
    /// Never in practice: the base URL is always `http://127.0.0.1:PORT`,
    /// which the client accepts. (It used to fall back to a client for
    /// Stytch's test host; a test must never reach a real host by accident.)
    pub fn client(&self) -> Client {
        match self.client_builder().build() {
            Ok(client) => client,
            Err(e) => panic!("a client for {} could not be built: {e}", self.base_url()),
        }
    }

    /// The method and path template of every built-in route, in the order
    /// they are tried (routes added with [`LocalServerConfig::route`] come
    /// first).
    pub fn built_in_routes() -> Vec<Route> {
        routes::built_in().iter().map(|e| e.route).collect()
    }

    /// A client builder preset for this server, to change timeouts or retries.
    /// The server answers the fraud products' calls too, so both base URLs
    /// point at it.
    pub fn client_builder(&self) -> ClientBuilder {
        Client::builder(self.project_id(), self.secret())
            .base_url(self.base_url())
            .fraud_base_url(self.base_url())
    }

    /// How many TCP connections the server has accepted so far.
    pub fn connections_accepted(&self) -> u64 {
        self.shared.connections.load(Ordering::Relaxed)
    }

    /// How many connections are open now (each has one thread).
    pub fn connections_open(&self) -> usize {
        self.shared.conns.open()
    }

    /// The newest magic link, passcode, invitation or password-reset link
    /// the server "sent" to `address` (an email address, compared without
    /// regard to ASCII case, or a phone number as the request gave it).
    /// Its [`SentMessage::secret`] is what the user would have received.
    pub fn last_message_to(&self, address: &str) -> Option<SentMessage> {
        self.shared
            .state
            .with(|s| s.outbox.last_to(address).cloned())
    }

    /// Whether `secret` is a client secret of the connected app
    /// `client_id` now: its current secret, or during a rotation the next
    /// one too. A public client, an unknown client or a wrong secret gives
    /// `false`. (No call of the local server authenticates a client with its
    /// secret yet; this is how a test checks what a rotation did.)
    ///
    /// ```
    /// use stytch_endpoints::connected_apps::{ClientType, CreateClient};
    /// use stytch_local::LocalServer;
    ///
    /// let server = LocalServer::start().unwrap();
    /// let app = CreateClient::builder()
    ///     .client_type(ClientType::FirstParty)
    ///     .send(&server.client())
    ///     .unwrap()
    ///     .connected_app;
    /// let secret = app.client_secret.unwrap();
    /// assert!(server.connected_app_accepts_secret(&app.client_id, secret.expose()));
    /// assert!(!server.connected_app_accepts_secret(&app.client_id, "guess"));
    /// ```
    pub fn connected_app_accepts_secret(&self, client_id: &str, secret: &str) -> bool {
        self.shared
            .state
            .with(|s| s.connected_apps.secret_matches(client_id, secret))
    }

    /// Moves the server's clock forward by `by`: sessions, codes, links and
    /// unconfirmed factors expire as if that much time had passed. Session
    /// JWTs signed afterwards carry the server's time, so a check against
    /// the system clock sees them as issued in the future. The clock never
    /// goes back.
    pub fn advance_clock(&self, by: Duration) {
        self.shared.state.with(|s| {
            s.clock_offset = s.clock_offset.saturating_add(by.as_secs());
        });
    }

    /// How many requests the server has answered so far.
    pub fn requests_served(&self) -> u64 {
        self.shared.requests.load(Ordering::Relaxed)
    }
}

impl Drop for LocalServer {
    fn drop(&mut self) {
        self.shared.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop so it sees the flag.
        let _ = TcpStream::connect_timeout(&self.addr, Duration::from_secs(1));
        if let Some(handle) = self.accept_thread.take() {
            let _ = handle.join();
        }
        // No connection is admitted any more: end the open ones, and give
        // their threads a moment to return.
        self.shared.conns.close_all(Duration::from_secs(2));
    }
}

impl std::fmt::Debug for LocalServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LocalServer")
            .field("addr", &self.addr)
            .field("project_id", &self.shared.config.project_id)
            .field("secret", &"[redacted]")
            .finish()
    }
}
