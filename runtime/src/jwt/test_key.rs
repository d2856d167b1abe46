//! Helpers that sign tokens for the JWT module's unit tests, with the local
//! server's published test key (`ring` cannot generate RSA keys).

use std::sync::OnceLock;

use ring::rand::SystemRandom;
use ring::signature::{RSA_PKCS1_SHA256, RsaKeyPair, RsaPublicKeyComponents};
use serde_json::{Value, json};

use super::{KeySet, RsaKey, base64url};

/// The key id the tests give the key.
pub(crate) const KID: &str = "unit-test-key";

fn pair() -> &'static RsaKeyPair {
    static PAIR: OnceLock<RsaKeyPair> = OnceLock::new();
    PAIR.get_or_init(|| {
        let der = base64url::decode(crate::__private::LOCAL_TEST_KEY_PKCS8.as_bytes())
            .expect("the test key is base64url");
        RsaKeyPair::from_pkcs8(&der).expect("the test key is PKCS#8")
    })
}

/// The public key's modulus and exponent, big-endian.
pub(crate) fn components() -> (Vec<u8>, Vec<u8>) {
    let public: RsaPublicKeyComponents<Vec<u8>> = pair().public().into();
    (public.n, public.e)
}

/// The public key under `kid`.
pub(crate) fn public_key(kid: &str) -> RsaKey {
    let (n, e) = components();
    RsaKey::from_components(kid, &n, &e).expect("a 2048-bit key")
}

/// A key set holding the public key under [`KID`].
pub(crate) fn key_set() -> KeySet {
    KeySet::from_keys([public_key(KID)])
}

/// The RS256 signature of `message`.
pub(crate) fn signature(message: &[u8]) -> Vec<u8> {
    let mut out = vec![0; pair().public().modulus_len()];
    pair()
        .sign(&RSA_PKCS1_SHA256, &SystemRandom::new(), message, &mut out)
        .expect("signing works");
    out
}

/// Signs the already encoded header and payload parts.
pub(crate) fn sign_parts(header: &str, payload: &str) -> String {
    let signed = format!("{header}.{payload}");
    let sig = base64url::encode(&signature(signed.as_bytes()));
    format!("{signed}.{sig}")
}

/// Signs `claims` under `header`.
pub(crate) fn sign(header: &Value, claims: &Value) -> String {
    sign_parts(
        &base64url::encode(header.to_string().as_bytes()),
        &base64url::encode(claims.to_string().as_bytes()),
    )
}

/// The header of a good token: RS256, kid [`KID`].
pub(crate) fn header() -> Value {
    json!({ "alg": "RS256", "typ": "JWT", "kid": KID })
}
