//! A fixed RSA key for the JWT module's unit tests (the local server's
//! published test key: `ring` cannot generate RSA keys), and helpers that
//! sign tokens with it.

use std::sync::OnceLock;

use ring::rand::SystemRandom;
use ring::signature::{RSA_PKCS1_SHA256, RsaKeyPair, RsaPublicKeyComponents};
use serde_json::{Value, json};

use super::{KeySet, RsaKey, base64url};

/// The key id the tests give the key.
pub(crate) const KID: &str = "unit-test-key";

/// PKCS#8 DER of the private key, base64url. Public, for tests only.
const PKCS8: &str = concat!(
    "MIIEvgIBADANBgkqhkiG9w0BAQEFAASCBKgwggSkAgEAAoIBAQCWJKhIcscatlzrbKijeFXoubKoy4o8jtRjBZ3E",
    "8bVvck09I9R7xiSc_gRrzC0-XHWyoeO2ivz9T-pObVAYmtt-WhESaGtI_n_4JJIM2Ci7M5ci0k4HH8gUg464mev7",
    "C8wnLlXxbtCiSrhyAKpOv9g6m7PNP5UazsIjg83sxrLOwiUgSwiK3EmLwmyqbp-icc_RvPohHcV_r8Lfk-Y9HU30",
    "q487lfXJ1eoS0T0Kpq0fM5HbcSA0bmjlCy8TYZcOtZYRZbJjdFRap_ZbnQvnotpKsymxuYbDaJ0qLz-ycIL-yEkH",
    "cNQSVggw_hvdq9kSd9An6DwjsL0Ev3fRJD1GUmKlAgMBAAECggEACnnQTA3GGp-yvV0S1Hpm9BqmKTovu6ieOl0q",
    "nufb0u9_Ys6x2q5T4P2ll_03rZbh7MQi5ppYAIynj9qiBgrNWcmK-2UnEdbACF5KL8nn6E03NF9xa58qD1Rb4ZbL",
    "wkkWcNK-KF76Vk3Zr1_112dx_NTe_L589tE09n68dX1_qFwEAtR7uMw1FBCZP6Uy64Vv4soOR8rwXbfc0rB9Ch6y",
    "1WqbytU9ol1Oyi5yqwyj4K7x2IWS5mP05kCahsCUCSAtZv2vhh5-iV1-0rhEOremon1SiDknrD-9EPWtqZ0cZHOv",
    "D3UyDEJugQQn5TFejj0hGf0jY7deOv7rdBpRqdx7gQKBgQDUKjsDz5hQIy-L6CxaxijkHqBUCgSe2LqNZs3LFeMm",
    "1VGN27g6_LhrTmLnoZTNm4wY32cheo6PiEtM5QUGz_fBmROTBd9lHzOqWB1tcj45jDAizdRrS0bmr9OY6p4XcLPt",
    "Ap6QZRcwPDTw96ftul5V5Y4pBK5R_WyXNg1kkOh-NQKBgQC1Kf0jrOZpcATmyqGsPinmpfo21pKhEqjtXqYZEP9H",
    "LTrPZILSTLU5X-zGREVAqswrRSaBSOLpeWd-7_hOdffM-i6ZbGXoaPMSyP1FPQEfhfgztBn2el3g_MLQu_J6_nSb",
    "JKTLhsaVLbRAu1JGXC9154fxQimvYmcU1qHtCiqgsQKBgQCkoZhlnqLMHGF6qNAyJ-33BaTXUWbAc-BedNVfrz4y",
    "FflQoJxWeWAJNCwfHQzAduDBNClsmxMgYVw88MFzxdC0kznTLg1pBEss9W7wTGPod9WqTBl2oFUGEI2a7QN7oOKd",
    "GRk9ZpQVw8I48ZOHLsSg1p33SkCSMpoew7ykuqUNuQKBgQCJXziLd80UAJRG6Tok4NJnCk6sjJKNPxgHPnEWqtPY",
    "Bg0FPEMS8oWs5vck9JnKynidCweCm2EtBxkaoR6ZaEyqCr-RKSgxTnubL_sVKIgUfkLR-eyCARH0y9Vx8EKTTyXe",
    "iq_HgQBOGGUJfMGLhtWaQyHLKI9xZV2i6InKs53VUQKBgF-VRDpo5YnxYDcSo4A76Hf6H6PxxEOLNIywH0C5QSkO",
    "Ae7gEfvCYZoVBXGlErInunozT2zta-HFwcm-Tzxz6hE5VPte3XGAZ-vgXG5vFUsTWKxfwRuQqBTN2j-zuguon2Wo",
    "Gpl6AJUnKBmwyd-ofMMZfLruEQX7mvrz3XPDjFN2",
);

fn pair() -> &'static RsaKeyPair {
    static PAIR: OnceLock<RsaKeyPair> = OnceLock::new();
    PAIR.get_or_init(|| {
        let der = base64url::decode(PKCS8.as_bytes()).expect("the test key is base64url");
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
