//! `/v1/webauthn...`: passkeys and security keys, with real checks.
//!
//! The start calls answer with WebAuthn options in their JSON form
//! (`PublicKeyCredentialCreationOptions` / `...RequestOptions`): the domain
//! as relying party, a 32-byte challenge from the CSPRNG, ES256 (-7) and
//! RS256 (-257) as algorithms, a five-minute timeout, the user's existing
//! credentials (excluded at registration, allowed at login) and, at
//! registration, `attestation: "none"`. Binary values are base64url when
//! the request sets `use_base64_url_encoding`, standard base64 otherwise.
//! Each challenge is kept for its ceremony, user and domain until it is
//! used once or five minutes pass.
//!
//! How far the checks go:
//!
//! - The credential is JSON with `id` and `rawId` (the same bytes), `type`
//!   `public-key` and a `response` object; `clientDataJSON` is base64url of
//!   JSON whose `type` is `webauthn.create` or `webauthn.get`, whose
//!   `challenge` is one this server issued for that ceremony (consumed on
//!   first sight, right or wrong), and whose `origin` is `https://` the
//!   domain or a subdomain of it (or `http://localhost` for the domain
//!   `localhost`), any port.
//! - Registration: `attestationObject` is CBOR (read by the bounded
//!   reader of `cbor.rs`) with format `none` and an empty statement (other
//!   formats are refused, so no attestation certificate is checked); its
//!   `authData` has the SHA-256 of the domain, the user-present flag, and
//!   attested credential data whose id is `rawId` and whose key is a
//!   COSE EC2 P-256 key for ES256. That key is stored; the registration
//!   joins the user's `webauthn_registrations` (verified, with the start
//!   call's user agent and authenticator type, else the credential's
//!   `authenticatorAttachment`; its `name` is empty until `Update`).
//! - Login: `authenticatorData` has the domain's hash and the user-present
//!   flag; `signature` is checked with `ring` (ECDSA P-256 SHA-256, DER)
//!   over `authenticatorData || SHA-256(clientDataJSON)` with the stored
//!   key; the sign count must grow unless it stays 0 (an authenticator
//!   without a counter). The credential's registration must still be on
//!   its user (deleting it with `users::DeleteWebAuthnRegistration` ends
//!   the credential).
//!
//! Not checked: the user-verified flag (no call asks to require it),
//! `userHandle`, `crossOrigin` and `topOrigin`, extensions (read but
//! ignored), token binding, and RS256 or other key types (only ES256
//! credentials can register). A key that is not a point of the curve is
//! refused at the first login, not at registration.
//!
//! Errors: a malformed credential gets `400 invalid_public_key_credential`
//! (Stytch's documented type). At registration a challenge that is
//! unknown, used, expired or for another user, a wrong origin, domain hash
//! or missing user presence get the same type (Stytch documents no other
//! for that call). At login the same failures, an unknown credential, a
//! bad signature and a sign count that did not grow get `401
//! unable_to_auth_webauthn_registration` (Stytch's documented type).

mod cbor;

use ring::{digest, signature};
use serde_json::{Map, Value, json};

use super::{Entry, Reply, answer, entry, session_parts};
use crate::state::{Inner, State, factor};
use crate::{Fail, ids};
use stytch_endpoints::runtime::encode::base64;
use stytch_endpoints::runtime::jwt::{base64url_decode, base64url_encode};
use stytch_endpoints::types::{
    AuthenticationFactorDeliveryMethod as Delivery, AuthenticationFactorType as Kind, User,
    WebAuthnFactor, WebAuthnRegistration,
};
use stytch_endpoints::webauthn;

pub fn entries() -> Vec<Entry> {
    vec![
        entry::<webauthn::RegisterStart>(register_start),
        entry::<webauthn::Register>(register),
        entry::<webauthn::AuthenticateStart>(authenticate_start),
        entry::<webauthn::Authenticate>(authenticate),
        entry::<webauthn::Update>(update),
        entry::<webauthn::ListCredentials>(list_credentials),
    ]
}

/// How long a challenge may be answered, in seconds (also the options'
/// `timeout`, in milliseconds).
pub const CHALLENGE_SECS: u64 = 300;
/// Random bytes per challenge.
const CHALLENGE_BYTES: usize = 32;
/// Open challenges kept at most; past it the oldest is dropped.
const MAX_PENDING: usize = 10_000;
/// The longest credential id WebAuthn allows.
const MAX_CREDENTIAL_ID: usize = 1023;

/// `authData` flags (WebAuthn, section 6.1).
const USER_PRESENT: u8 = 0x01;
const ATTESTED_DATA: u8 = 0x40;
const EXTENSION_DATA: u8 = 0x80;

/// COSE values of an ES256 key (RFC 9053): key type EC2, algorithm
/// ES256, curve P-256.
const COSE_KTY_EC2: i64 = 2;
const COSE_ALG_ES256: i64 = -7;
const COSE_ALG_RS256: i64 = -257;
const COSE_CRV_P256: i64 = 1;

/// The server's passkey state: open challenges and registered keys.
#[derive(Default)]
pub struct Passkeys {
    pending: Vec<Challenge>,
    credentials: Vec<Credential>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ceremony {
    Create,
    Get,
}

/// A challenge handed out by a start call.
struct Challenge {
    bytes: Vec<u8>,
    ceremony: Ceremony,
    /// The user it was issued for (always at registration; at login only
    /// when the start call named one).
    user_id: Option<String>,
    domain: String,
    user_agent: String,
    authenticator_type: String,
    expires_at: u64,
}

/// A registered key.
struct Credential {
    id: Vec<u8>,
    registration_id: String,
    user_id: String,
    domain: String,
    /// The P-256 point, uncompressed (SEC 1: `04 || x || y`).
    public_key: Vec<u8>,
    /// The COSE key as the authenticator sent it.
    cose_key: Vec<u8>,
    sign_count: u32,
}

impl Passkeys {
    fn prune(&mut self, now: u64) {
        self.pending.retain(|c| c.expires_at > now);
    }

    fn issue(&mut self, challenge: Challenge, now: u64) {
        self.prune(now);
        if self.pending.len() >= MAX_PENDING {
            self.pending.remove(0);
        }
        self.pending.push(challenge);
    }

    /// Removes and returns the open challenge with these bytes for this
    /// ceremony: each works once.
    fn take(&mut self, bytes: &[u8], ceremony: Ceremony, now: u64) -> Option<Challenge> {
        self.prune(now);
        let i = self
            .pending
            .iter()
            .position(|c| c.ceremony == ceremony && c.bytes == bytes)?;
        Some(self.pending.remove(i))
    }

    /// The user's credentials for `domain` whose registration is still on
    /// the user.
    fn of<'a>(&'a self, user: &'a User, domain: &'a str) -> impl Iterator<Item = &'a Credential> {
        self.credentials.iter().filter(move |c| {
            c.user_id == user.user_id && c.domain == domain && listed(user, &c.registration_id)
        })
    }
}

fn listed(user: &User, registration_id: &str) -> bool {
    user.webauthn_registrations
        .iter()
        .any(|r| r.webauthn_registration_id == registration_id)
}

fn malformed(why: &str) -> Fail {
    Fail::new(
        400,
        "invalid_public_key_credential",
        format!("the public key credential is not valid: {why}"),
    )
}

fn not_authenticated(why: &str) -> Fail {
    Fail::new(
        401,
        "unable_to_auth_webauthn_registration",
        format!("the WebAuthn registration could not be authenticated: {why}"),
    )
}

/// Binary values of the options: base64url (no padding) or standard
/// base64.
fn encode(bytes: &[u8], url: bool) -> String {
    if url {
        base64url_encode(bytes)
    } else {
        base64(bytes)
    }
}

/// Base64url or standard base64, padded or not (browsers send base64url;
/// some libraries pad or use the standard alphabet).
fn decode(text: &str) -> Option<Vec<u8>> {
    let normal: String = text
        .trim_end_matches('=')
        .chars()
        .map(|c| match c {
            '+' => '-',
            '/' => '_',
            c => c,
        })
        .collect();
    base64url_decode(normal.as_bytes()).ok()
}

fn fresh_challenge() -> Vec<u8> {
    let mut bytes = vec![0u8; CHALLENGE_BYTES];
    ids::fill_random(&mut bytes);
    bytes
}

fn sha256(bytes: &[u8]) -> digest::Digest {
    digest::digest(&digest::SHA256, bytes)
}

/// Whether `origin` (scheme, host and optional port) belongs to the
/// relying party `domain`: the domain itself or a subdomain, over https,
/// or over http for `localhost`.
fn origin_matches(origin: &str, domain: &str) -> bool {
    let (secure, rest) = match (
        origin.strip_prefix("https://"),
        origin.strip_prefix("http://"),
    ) {
        (Some(rest), _) => (true, rest),
        (None, Some(rest)) => (false, rest),
        (None, None) => return false,
    };
    let host = match rest.rsplit_once(':') {
        Some((host, port)) if !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit()) => host,
        _ => rest,
    };
    if domain.is_empty() || host.is_empty() || host.contains(['/', ':', '@', '?', '#']) {
        return false;
    }
    let host = host.to_ascii_lowercase();
    let domain = domain.to_ascii_lowercase();
    let belongs = host == domain || host.ends_with(&format!(".{domain}"));
    belongs && (secure || host == "localhost")
}

/// The credential JSON a browser produces, checked for shape.
struct Posted {
    raw_id: Vec<u8>,
    response: Map<String, Value>,
    attachment: Option<String>,
}

impl Posted {
    fn parse(text: &str) -> Result<Posted, Fail> {
        let Ok(Value::Object(mut top)) = serde_json::from_str::<Value>(text) else {
            return Err(malformed("it is not a JSON object"));
        };
        if top.get("type").and_then(Value::as_str) != Some("public-key") {
            return Err(malformed("`type` must be `public-key`"));
        }
        let id = top
            .get("id")
            .and_then(Value::as_str)
            .and_then(decode)
            .ok_or_else(|| malformed("`id` must be base64url text"))?;
        let raw_id = top
            .get("rawId")
            .and_then(Value::as_str)
            .and_then(decode)
            .ok_or_else(|| malformed("`rawId` must be base64url text"))?;
        if raw_id.is_empty() || raw_id.len() > MAX_CREDENTIAL_ID || id != raw_id {
            return Err(malformed(
                "`id` and `rawId` must name the same credential id",
            ));
        }
        let Some(Value::Object(response)) = top.remove("response") else {
            return Err(malformed("`response` must be an object"));
        };
        let attachment = top
            .get("authenticatorAttachment")
            .and_then(Value::as_str)
            .map(str::to_owned);
        Ok(Posted {
            raw_id,
            response,
            attachment,
        })
    }

    /// A binary member of `response`.
    fn bytes(&self, name: &str) -> Result<Vec<u8>, Fail> {
        self.response
            .get(name)
            .and_then(Value::as_str)
            .and_then(decode)
            .ok_or_else(|| malformed(&format!("`response.{name}` must be base64url text")))
    }
}

/// What `clientDataJSON` says.
struct ClientData {
    challenge: Vec<u8>,
    origin: String,
}

impl ClientData {
    fn parse(raw: &[u8], ceremony: &str) -> Result<ClientData, Fail> {
        let Ok(Value::Object(data)) = serde_json::from_slice::<Value>(raw) else {
            return Err(malformed("`clientDataJSON` is not a JSON object"));
        };
        if data.get("type").and_then(Value::as_str) != Some(ceremony) {
            return Err(malformed(&format!(
                "`clientDataJSON.type` must be `{ceremony}`"
            )));
        }
        let challenge = data
            .get("challenge")
            .and_then(Value::as_str)
            .and_then(decode)
            .ok_or_else(|| malformed("`clientDataJSON.challenge` must be base64url text"))?;
        let origin = data
            .get("origin")
            .and_then(Value::as_str)
            .ok_or_else(|| malformed("`clientDataJSON.origin` must be text"))?
            .to_owned();
        Ok(ClientData { challenge, origin })
    }
}

/// Authenticator data (WebAuthn, section 6.1).
struct AuthData {
    rp_id_hash: [u8; 32],
    flags: u8,
    sign_count: u32,
    attested: Option<Attested>,
}

/// Attested credential data: the new credential's id and key.
struct Attested {
    credential_id: Vec<u8>,
    cose_key: Vec<u8>,
    public_key: Vec<u8>,
}

impl AuthData {
    fn parse(raw: &[u8]) -> Option<AuthData> {
        let rp_id_hash: [u8; 32] = raw.get(..32)?.try_into().ok()?;
        let flags = *raw.get(32)?;
        let sign_count = u32::from_be_bytes(raw.get(33..37)?.try_into().ok()?);
        let mut rest = raw.get(37..)?;
        let attested = if flags & ATTESTED_DATA != 0 {
            // aaguid (16 bytes), id length (2), id, COSE key.
            let len = usize::from(u16::from_be_bytes(rest.get(16..18)?.try_into().ok()?));
            if len == 0 || len > MAX_CREDENTIAL_ID {
                return None;
            }
            let credential_id = rest.get(18..18 + len)?.to_vec();
            let key_bytes = rest.get(18 + len..)?;
            let (key, used) = cbor::read_prefix(key_bytes)?;
            let public_key = es256_point(&key)?;
            let cose_key = key_bytes.get(..used)?.to_vec();
            rest = key_bytes.get(used..)?;
            Some(Attested {
                credential_id,
                cose_key,
                public_key,
            })
        } else {
            None
        };
        // Extensions, when flagged, are one CBOR map; nothing else may follow.
        if flags & EXTENSION_DATA != 0 {
            if !matches!(cbor::read_exact(rest)?, cbor::Item::Map(_)) {
                return None;
            }
        } else if !rest.is_empty() {
            return None;
        }
        Some(AuthData {
            rp_id_hash,
            flags,
            sign_count,
            attested,
        })
    }
}

/// The uncompressed P-256 point of a COSE EC2 ES256 key.
fn es256_point(key: &cbor::Item<'_>) -> Option<Vec<u8>> {
    let int = |label| key.get_int(label).and_then(cbor::Item::as_int);
    if int(1)? != COSE_KTY_EC2 || int(3)? != COSE_ALG_ES256 || int(-1)? != COSE_CRV_P256 {
        return None;
    }
    let x = key.get_int(-2)?.as_bytes()?;
    let y = key.get_int(-3)?.as_bytes()?;
    if x.len() != 32 || y.len() != 32 {
        return None;
    }
    let mut point = Vec::with_capacity(65);
    point.push(0x04);
    point.extend_from_slice(x);
    point.extend_from_slice(y);
    Some(point)
}

/// The checks both ceremonies share: origin, relying party hash and user
/// presence, each failing with `fail`.
fn check_context(
    client: &ClientData,
    data: &AuthData,
    domain: &str,
    fail: fn(&str) -> Fail,
) -> Result<(), Fail> {
    if !origin_matches(&client.origin, domain) {
        return Err(fail("the origin does not belong to the domain"));
    }
    if data.rp_id_hash[..] != *sha256(domain.as_bytes()).as_ref() {
        return Err(fail("the authenticator data is for another relying party"));
    }
    if data.flags & USER_PRESENT == 0 {
        return Err(fail("the authenticator did not see the user present"));
    }
    Ok(())
}

/// Adds the claims of a request to the session's JWT.
fn claims(s: &mut Inner, si: Option<usize>, claims: Option<&Map<String, Value>>) {
    super::totps::add_claims(s, si, claims);
}

/// The account name shown in the browser's prompt: the override, else the
/// user's first email, phone number or id.
fn account_name(user: &User, over: Option<&String>) -> String {
    if let Some(name) = over {
        return name.clone();
    }
    user.emails
        .first()
        .map(|e| e.email.clone())
        .or_else(|| user.phone_numbers.first().map(|p| p.phone_number.clone()))
        .unwrap_or_else(|| user.user_id.clone())
}

fn descriptor(id: &[u8], url: bool) -> Value {
    json!({ "type": "public-key", "id": encode(id, url) })
}

fn register_start(state: &State, p: webauthn::RegisterStart) -> Reply {
    let url = p.use_base64_url_encoding() == Some(&true);
    let passkey = p.return_passkey_credential_options() == Some(&true);
    state.with(|s| {
        let ui = s.user_index(p.user_id())?;
        let user = &s.users[ui];
        let user_id = user.user_id.clone();
        let domain = p.domain().clone();
        let challenge = fresh_challenge();
        let handle = p.override_id().unwrap_or(&user_id).as_bytes().to_vec();
        let name = account_name(user, p.override_name());
        let display = p.override_display_name().cloned().unwrap_or(name.clone());
        let exclude: Vec<Value> = s
            .passkeys
            .of(user, &domain)
            .map(|c| descriptor(&c.id, url))
            .collect();
        let mut selection = json!({
            "residentKey": if passkey { "required" } else { "discouraged" },
            "requireResidentKey": passkey,
            "userVerification": if passkey { "preferred" } else { "discouraged" },
        });
        if let Some(kind) = p.authenticator_type() {
            selection["authenticatorAttachment"] = json!(kind);
        }
        let options = json!({
            "rp": { "id": domain, "name": domain },
            "user": { "id": encode(&handle, url), "name": name, "displayName": display },
            "challenge": encode(&challenge, url),
            "pubKeyCredParams": [
                { "type": "public-key", "alg": COSE_ALG_ES256 },
                { "type": "public-key", "alg": COSE_ALG_RS256 },
            ],
            "timeout": CHALLENGE_SECS * 1000,
            "excludeCredentials": exclude,
            "authenticatorSelection": selection,
            "attestation": "none",
        });
        let now = s.now();
        s.passkeys.issue(
            Challenge {
                bytes: challenge,
                ceremony: Ceremony::Create,
                user_id: Some(user_id.clone()),
                domain,
                user_agent: p.user_agent().cloned().unwrap_or_default(),
                authenticator_type: p.authenticator_type().cloned().unwrap_or_default(),
                expires_at: now + CHALLENGE_SECS,
            },
            now,
        );
        let mut out = webauthn::RegisterStartResponse::default();
        out.user_id = user_id;
        out.public_key_credential_creation_options = options.to_string();
        Ok(answer(&out))
    })
}

/// The parts of a registration's credential, checked for shape.
struct NewCredential {
    posted: Posted,
    client: ClientData,
    data: AuthData,
    attested: Attested,
}

fn read_registration(text: &str) -> Result<NewCredential, Fail> {
    let posted = Posted::parse(text)?;
    let client = ClientData::parse(&posted.bytes("clientDataJSON")?, "webauthn.create")?;
    let raw = posted.bytes("attestationObject")?;
    let object =
        cbor::read_exact(&raw).ok_or_else(|| malformed("`attestationObject` is not CBOR"))?;
    if object.get_text("fmt").and_then(cbor::Item::as_text) != Some("none") {
        return Err(malformed(
            "only the `none` attestation format is accepted here",
        ));
    }
    if object.get_text("attStmt") != Some(&cbor::Item::Map(Vec::new())) {
        return Err(malformed("a `none` attestation has an empty statement"));
    }
    let mut data = object
        .get_text("authData")
        .and_then(cbor::Item::as_bytes)
        .and_then(AuthData::parse)
        .ok_or_else(|| malformed("`authData` is not valid authenticator data"))?;
    let attested = data
        .attested
        .take()
        .ok_or_else(|| malformed("`authData` carries no credential (or not an ES256 P-256 key)"))?;
    if attested.credential_id != posted.raw_id {
        return Err(malformed("the attested credential id is not `rawId`"));
    }
    Ok(NewCredential {
        posted,
        client,
        data,
        attested,
    })
}

fn register(state: &State, p: webauthn::Register) -> Reply {
    let new = read_registration(p.public_key_credential())?;
    state.with(|s| {
        let ui = s.user_index(p.user_id())?;
        let user_id = s.users[ui].user_id.clone();
        let existing = s.optional_session(p.session_token(), p.session_jwt())?;
        let now = s.now();
        let challenge = s
            .passkeys
            .take(&new.client.challenge, Ceremony::Create, now)
            .filter(|c| c.user_id.as_deref() == Some(user_id.as_str()))
            .ok_or_else(|| {
                malformed("its challenge was not issued for this user, was used, or expired")
            })?;
        check_context(&new.client, &new.data, &challenge.domain, malformed)?;
        if s.passkeys
            .credentials
            .iter()
            .any(|c| c.id == new.attested.credential_id)
        {
            return Err(malformed("this credential is already registered"));
        }
        let registration_id = ids::id("webauthn-registration");
        let mut used = factor(Kind::WebAuthn, Delivery::WebAuthnRegistration);
        let mut details = WebAuthnFactor::default();
        details
            .webauthn_registration_id
            .clone_from(&registration_id);
        details.domain.clone_from(&challenge.domain);
        details.user_agent = Some(challenge.user_agent.clone()).filter(|a| !a.is_empty());
        used.webauthn_factor = Some(details);
        let si = s.login(
            &user_id,
            existing,
            p.session_duration_minutes().copied(),
            used,
        )?;
        claims(s, si, p.session_custom_claims());

        let mut listed = WebAuthnRegistration::default();
        listed.webauthn_registration_id.clone_from(&registration_id);
        listed.domain.clone_from(&challenge.domain);
        listed.user_agent = challenge.user_agent;
        listed.verified = true;
        listed.authenticator_type = if challenge.authenticator_type.is_empty() {
            new.posted.attachment.unwrap_or_default()
        } else {
            challenge.authenticator_type
        };
        s.users[ui].webauthn_registrations.push(listed);
        s.passkeys.credentials.push(Credential {
            id: new.attested.credential_id,
            registration_id: registration_id.clone(),
            user_id: user_id.clone(),
            domain: challenge.domain,
            public_key: new.attested.public_key,
            cose_key: new.attested.cose_key,
            sign_count: new.data.sign_count,
        });

        let mut out = webauthn::RegisterResponse::default();
        out.user_id = user_id;
        out.webauthn_registration_id = registration_id;
        (out.session, out.session_token, out.session_jwt) = session_parts(s, si);
        out.user = s.users[ui].clone();
        Ok(answer(&out))
    })
}

fn authenticate_start(state: &State, p: webauthn::AuthenticateStart) -> Reply {
    let url = p.use_base64_url_encoding() == Some(&true);
    let passkey = p.return_passkey_credential_options() == Some(&true);
    state.with(|s| {
        let domain = p.domain().clone();
        let (user_id, allow) = match p.user_id() {
            Some(id) => {
                let user = s.user(id)?;
                let allow: Vec<Value> = s
                    .passkeys
                    .of(user, &domain)
                    .map(|c| descriptor(&c.id, url))
                    .collect();
                (Some(user.user_id.clone()), allow)
            }
            None => (None, Vec::new()),
        };
        let challenge = fresh_challenge();
        let options = json!({
            "challenge": encode(&challenge, url),
            "timeout": CHALLENGE_SECS * 1000,
            "rpId": domain,
            "allowCredentials": allow,
            "userVerification": if passkey { "preferred" } else { "discouraged" },
        });
        let now = s.now();
        s.passkeys.issue(
            Challenge {
                bytes: challenge,
                ceremony: Ceremony::Get,
                user_id: user_id.clone(),
                domain,
                user_agent: String::new(),
                authenticator_type: String::new(),
                expires_at: now + CHALLENGE_SECS,
            },
            now,
        );
        let mut out = webauthn::AuthenticateStartResponse::default();
        out.user_id = user_id.unwrap_or_default();
        out.public_key_credential_request_options = options.to_string();
        Ok(answer(&out))
    })
}

/// The parts of an assertion, checked for shape.
struct Assertion {
    posted: Posted,
    client_raw: Vec<u8>,
    client: ClientData,
    data_raw: Vec<u8>,
    data: AuthData,
    signature: Vec<u8>,
}

fn read_assertion(text: &str) -> Result<Assertion, Fail> {
    let posted = Posted::parse(text)?;
    let client_raw = posted.bytes("clientDataJSON")?;
    let client = ClientData::parse(&client_raw, "webauthn.get")?;
    let data_raw = posted.bytes("authenticatorData")?;
    let data = AuthData::parse(&data_raw)
        .filter(|d| d.attested.is_none())
        .ok_or_else(|| malformed("`authenticatorData` is not valid assertion data"))?;
    let signature = posted.bytes("signature")?;
    if signature.is_empty() {
        return Err(malformed("`response.signature` is empty"));
    }
    Ok(Assertion {
        posted,
        client_raw,
        client,
        data_raw,
        data,
        signature,
    })
}

fn authenticate(state: &State, p: webauthn::Authenticate) -> Reply {
    let a = read_assertion(p.public_key_credential())?;
    state.with(|s| {
        let existing = s.optional_session(p.session_token(), p.session_jwt())?;
        let now = s.now();
        let challenge = s
            .passkeys
            .take(&a.client.challenge, Ceremony::Get, now)
            .ok_or_else(|| not_authenticated("the challenge is unknown, used or expired"))?;
        let ci = s
            .passkeys
            .credentials
            .iter()
            .position(|c| c.id == a.posted.raw_id)
            .ok_or_else(|| not_authenticated("no registration has this credential"))?;
        let credential = &s.passkeys.credentials[ci];
        let ui = s
            .users
            .iter()
            .position(|u| u.user_id == credential.user_id && listed(u, &credential.registration_id))
            .ok_or_else(|| not_authenticated("the credential's registration was deleted"))?;
        if credential.domain != challenge.domain
            || challenge
                .user_id
                .as_ref()
                .is_some_and(|u| *u != credential.user_id)
        {
            return Err(not_authenticated(
                "the challenge was issued for another user or domain",
            ));
        }
        check_context(&a.client, &a.data, &credential.domain, not_authenticated)?;
        let mut signed = a.data_raw.clone();
        signed.extend_from_slice(sha256(&a.client_raw).as_ref());
        signature::UnparsedPublicKey::new(
            &signature::ECDSA_P256_SHA256_ASN1,
            &credential.public_key,
        )
        .verify(&signed, &a.signature)
        .map_err(|_| not_authenticated("the signature does not verify"))?;
        let count = a.data.sign_count;
        if (count != 0 || credential.sign_count != 0) && count <= credential.sign_count {
            return Err(not_authenticated(
                "the sign count did not grow (a cloned authenticator?)",
            ));
        }
        let user_id = credential.user_id.clone();
        let registration_id = credential.registration_id.clone();
        let domain = credential.domain.clone();
        s.passkeys.credentials[ci].sign_count = count;

        let mut used = factor(Kind::WebAuthn, Delivery::WebAuthnRegistration);
        let mut details = WebAuthnFactor::default();
        details
            .webauthn_registration_id
            .clone_from(&registration_id);
        details.domain = domain;
        used.webauthn_factor = Some(details);
        let si = s.login(
            &user_id,
            existing,
            p.session_duration_minutes().copied(),
            used,
        )?;
        claims(s, si, p.session_custom_claims());
        let mut out = webauthn::AuthenticateResponse::default();
        out.user_id = user_id;
        out.webauthn_registration_id = registration_id;
        (out.session, out.session_token, out.session_jwt) = session_parts(s, si);
        out.user = s.users[ui].clone();
        Ok(answer(&out))
    })
}

fn registration_not_found() -> Fail {
    Fail::new(
        404,
        "webauthn_registration_not_found",
        "no user has this webauthn_registration_id",
    )
}

fn update(state: &State, p: webauthn::Update) -> Reply {
    let id = p.webauthn_registration_id();
    state.with(|s| {
        let registration = s
            .users
            .iter_mut()
            .flat_map(|u| u.webauthn_registrations.iter_mut())
            .find(|r| r.webauthn_registration_id == *id)
            .ok_or_else(registration_not_found)?;
        registration.name.clone_from(p.name());
        let mut out = webauthn::UpdateResponse::default();
        out.webauthn_registration = Some(registration.clone());
        Ok(answer(&out))
    })
}

fn list_credentials(state: &State, p: webauthn::ListCredentials) -> Reply {
    state.with(|s| {
        let user = s.user(p.user_id())?;
        let mut out = webauthn::ListCredentialsResponse::default();
        out.credentials = s
            .passkeys
            .of(user, p.domain())
            .map(|c| {
                let mut listed = webauthn::WebAuthnCredential::default();
                listed.credential_id = base64url_encode(&c.id);
                listed
                    .webauthn_registration_id
                    .clone_from(&c.registration_id);
                listed.kind = "public-key".to_owned();
                listed.public_key = base64url_encode(&c.cose_key);
                listed
            })
            .collect();
        Ok(answer(&out))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_belong_to_their_domain() {
        for (origin, domain) in [
            ("https://example.com", "example.com"),
            ("https://login.example.com", "example.com"),
            ("https://EXAMPLE.com:8443", "example.com"),
            ("http://localhost:3000", "localhost"),
            ("https://localhost", "localhost"),
        ] {
            assert!(origin_matches(origin, domain), "{origin} {domain}");
        }
        for (origin, domain) in [
            ("http://example.com", "example.com"),
            ("https://badexample.com", "example.com"),
            ("https://example.com.evil.test", "example.com"),
            ("https://example.com/path", "example.com"),
            ("https://user@example.com", "example.com"),
            ("example.com", "example.com"),
            ("https://", ""),
            ("https://example.com:", "example.com"),
            ("http://localhost.evil.test", "localhost"),
        ] {
            assert!(!origin_matches(origin, domain), "{origin} {domain}");
        }
    }

    #[test]
    fn binary_values_decode_in_either_alphabet() {
        assert_eq!(decode("-_8").unwrap(), [0xfb, 0xff]);
        assert_eq!(decode("+/8=").unwrap(), [0xfb, 0xff]);
        assert_eq!(decode("a b"), None);
        assert_eq!(encode(&[0xfb, 0xff], true), "-_8");
        assert_eq!(encode(&[0xfb, 0xff], false), "+/8=");
    }

    /// Authenticator data with attested credential data and a COSE key.
    fn auth_data_with_key(x_len: usize, trailing: &[u8]) -> Vec<u8> {
        let mut out = vec![0u8; 32];
        out.push(USER_PRESENT | ATTESTED_DATA);
        out.extend_from_slice(&7u32.to_be_bytes());
        out.extend_from_slice(&[0u8; 16]);
        out.extend_from_slice(&2u16.to_be_bytes());
        out.extend_from_slice(&[0xab, 0xcd]);
        // {1: 2, 3: -7, -1: 1, -2: x, -3: y}
        out.extend_from_slice(&[0xa5, 0x01, 0x02, 0x03, 0x26, 0x20, 0x01, 0x21]);
        out.extend_from_slice(&[0x58, u8::try_from(x_len).unwrap()]);
        out.extend(std::iter::repeat_n(1u8, x_len));
        out.extend_from_slice(&[0x22, 0x58, 0x20]);
        out.extend_from_slice(&[2u8; 32]);
        out.extend_from_slice(trailing);
        out
    }

    #[test]
    fn attested_credential_data_yields_the_key() {
        // A 20-byte x is not a P-256 coordinate.
        assert!(AuthData::parse(&auth_data_with_key(20, &[])).is_none());
        let raw = auth_data_with_key(32, &[]);
        let data = AuthData::parse(&raw).unwrap();
        assert_eq!(data.sign_count, 7);
        let attested = data.attested.unwrap();
        assert_eq!(attested.credential_id, [0xab, 0xcd]);
        assert_eq!(attested.public_key.len(), 65);
        assert_eq!(attested.public_key[0], 0x04);
        assert_eq!(attested.cose_key.len(), raw.len() - 57);
        // Bytes after the key without the extension flag are refused.
        assert!(AuthData::parse(&auth_data_with_key(32, &[0x00])).is_none());
    }

    #[test]
    fn every_truncation_of_authenticator_data_is_refused_without_panic() {
        let raw = auth_data_with_key(32, &[]);
        for end in 0..raw.len() {
            assert!(AuthData::parse(&raw[..end]).is_none(), "cut at {end}");
        }
        // Every single-byte change parses or is refused, never panics.
        for i in 0..raw.len() {
            for b in [0x00, 0x1f, 0x5b, 0x9b, 0xbb, 0xff] {
                let mut bad = raw.clone();
                bad[i] = b;
                let _ = AuthData::parse(&bad);
            }
        }
    }
}
