//! What a browser and its authenticator send in WebAuthn ceremonies: a
//! P-256 key made with `ring`, a `none` attestation with the key as a
//! COSE key (CBOR written here, apart from the local server's reader), and
//! ES256 assertions over `authenticatorData || SHA-256(clientDataJSON)`.
//! The results are the JSON of `PublicKeyCredential.toJSON()`, as
//! `serde_json::Value`s a test can spoil before sending.

// Each test crate that includes this module uses part of it.
#![allow(dead_code)]

use ring::digest::{SHA256, digest};
use ring::rand::{SecureRandom, SystemRandom};
use ring::signature::{ECDSA_P256_SHA256_ASN1_SIGNING, EcdsaKeyPair, KeyPair};
use serde_json::{Value, json};
use stytch_endpoints::runtime::jwt::{base64url_decode, base64url_encode};

/// `authData` flags: user present, user verified, attested data.
const UP: u8 = 0x01;
const UV: u8 = 0x04;
const AT: u8 = 0x40;

/// Base64url (what browsers send) of `bytes`.
pub fn b64url(bytes: &[u8]) -> String {
    base64url_encode(bytes)
}

/// Bytes of base64url or standard base64 text, padded or not.
pub fn unbase64(text: &str) -> Vec<u8> {
    let normal: String = text
        .trim_end_matches('=')
        .replace('+', "-")
        .replace('/', "_");
    base64url_decode(normal.as_bytes()).expect("base64 text")
}

/// The options JSON text of a start call, parsed.
pub fn options(text: &str) -> Value {
    serde_json::from_str(text).expect("the options are JSON")
}

/// The challenge of start options, as the browser puts it in
/// `clientDataJSON` (base64url of the bytes, whatever the options used).
pub fn challenge_of(options: &Value) -> String {
    b64url(&unbase64(
        options["challenge"].as_str().expect("a challenge"),
    ))
}

/// A few CBOR heads and items (RFC 8949), enough for a COSE key and an
/// attestation object.
fn cbor_head(out: &mut Vec<u8>, major: u8, n: u64) {
    let m = major << 5;
    match n {
        0..=23 => out.push(m | n as u8),
        24..=0xff => out.extend_from_slice(&[m | 24, n as u8]),
        0x100..=0xffff => {
            out.push(m | 25);
            out.extend_from_slice(&(n as u16).to_be_bytes());
        }
        _ => {
            out.push(m | 26);
            out.extend_from_slice(&(n as u32).to_be_bytes());
        }
    }
}

fn cbor_int(out: &mut Vec<u8>, v: i64) {
    if v >= 0 {
        cbor_head(out, 0, v as u64);
    } else {
        cbor_head(out, 1, (-1 - v) as u64);
    }
}

fn cbor_bytes(out: &mut Vec<u8>, b: &[u8]) {
    cbor_head(out, 2, b.len() as u64);
    out.extend_from_slice(b);
}

fn cbor_text(out: &mut Vec<u8>, t: &str) {
    cbor_head(out, 3, t.len() as u64);
    out.extend_from_slice(t.as_bytes());
}

/// One passkey: its key pair, credential id and signature counter.
pub struct Passkey {
    key: EcdsaKeyPair,
    rng: SystemRandom,
    pub credential_id: Vec<u8>,
    pub sign_count: u32,
    /// Whether the authenticator says it saw the user (the UP flag).
    pub user_present: bool,
}

impl Default for Passkey {
    fn default() -> Self {
        Self::new()
    }
}

impl Passkey {
    /// A fresh P-256 key and a random 16-byte credential id.
    pub fn new() -> Passkey {
        let rng = SystemRandom::new();
        let pkcs8 = EcdsaKeyPair::generate_pkcs8(&ECDSA_P256_SHA256_ASN1_SIGNING, &rng)
            .expect("a P-256 key");
        let key = EcdsaKeyPair::from_pkcs8(&ECDSA_P256_SHA256_ASN1_SIGNING, pkcs8.as_ref(), &rng)
            .expect("the key just made");
        let mut credential_id = vec![0u8; 16];
        rng.fill(&mut credential_id).expect("random bytes");
        Passkey {
            key,
            rng,
            credential_id,
            sign_count: 0,
            user_present: true,
        }
    }

    /// The credential id as the server lists it.
    pub fn id(&self) -> String {
        b64url(&self.credential_id)
    }

    /// The public key as a COSE EC2 key: {1: 2, 3: -7, -1: 1, -2: x, -3: y}.
    pub fn cose_key(&self) -> Vec<u8> {
        let point = self.key.public_key().as_ref();
        assert_eq!((point.len(), point[0]), (65, 0x04), "uncompressed P-256");
        let mut out = Vec::new();
        cbor_head(&mut out, 5, 5);
        for (label, value) in [(1, 2), (3, -7), (-1, 1)] {
            cbor_int(&mut out, label);
            cbor_int(&mut out, value);
        }
        cbor_int(&mut out, -2);
        cbor_bytes(&mut out, &point[1..33]);
        cbor_int(&mut out, -3);
        cbor_bytes(&mut out, &point[33..]);
        out
    }

    fn flags(&self, more: u8) -> u8 {
        if self.user_present { UP | more } else { more }
    }

    fn client_data(kind: &str, challenge: &str, origin: &str) -> Vec<u8> {
        json!({ "type": kind, "challenge": challenge, "origin": origin, "crossOrigin": false })
            .to_string()
            .into_bytes()
    }

    /// What `navigator.credentials.create()` gives for `challenge`
    /// (base64url), relying party `rp_id`, page `origin`.
    pub fn register(&self, challenge: &str, rp_id: &str, origin: &str) -> Value {
        let client = Self::client_data("webauthn.create", challenge, origin);
        let mut auth_data = digest(&SHA256, rp_id.as_bytes()).as_ref().to_vec();
        auth_data.push(self.flags(UV | AT));
        auth_data.extend_from_slice(&self.sign_count.to_be_bytes());
        auth_data.extend_from_slice(&[0u8; 16]);
        auth_data.extend_from_slice(&(self.credential_id.len() as u16).to_be_bytes());
        auth_data.extend_from_slice(&self.credential_id);
        auth_data.extend_from_slice(&self.cose_key());
        let mut object = Vec::new();
        cbor_head(&mut object, 5, 3);
        cbor_text(&mut object, "fmt");
        cbor_text(&mut object, "none");
        cbor_text(&mut object, "attStmt");
        cbor_head(&mut object, 5, 0);
        cbor_text(&mut object, "authData");
        cbor_bytes(&mut object, &auth_data);
        json!({
            "id": self.id(),
            "rawId": self.id(),
            "type": "public-key",
            "authenticatorAttachment": "platform",
            "response": {
                "clientDataJSON": b64url(&client),
                "attestationObject": b64url(&object),
                "transports": ["internal"],
            },
            "clientExtensionResults": {},
        })
    }

    /// What `navigator.credentials.get()` gives: the counter moves on by
    /// one and the assertion is signed with the key.
    pub fn assert(&mut self, challenge: &str, rp_id: &str, origin: &str) -> Value {
        self.sign_count += 1;
        let client = Self::client_data("webauthn.get", challenge, origin);
        let mut auth_data = digest(&SHA256, rp_id.as_bytes()).as_ref().to_vec();
        auth_data.push(self.flags(UV));
        auth_data.extend_from_slice(&self.sign_count.to_be_bytes());
        let mut signed = auth_data.clone();
        signed.extend_from_slice(digest(&SHA256, &client).as_ref());
        let signature = self.key.sign(&self.rng, &signed).expect("signing");
        json!({
            "id": self.id(),
            "rawId": self.id(),
            "type": "public-key",
            "authenticatorAttachment": "platform",
            "response": {
                "clientDataJSON": b64url(&client),
                "authenticatorData": b64url(&auth_data),
                "signature": b64url(signature.as_ref()),
                "userHandle": null,
            },
            "clientExtensionResults": {},
        })
    }
}
