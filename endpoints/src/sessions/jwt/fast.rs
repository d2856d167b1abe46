//! A reader for the one payload shape a session JWT has, tried before serde.
//!
//! Reading the payload with serde_json costs little in instructions but
//! runs some 40 KiB of distinct code (the generic parser instantiated for
//! each visitor), which pushes ring's RSA code out of the instruction cache
//! on every verification. This reader is a few kilobytes: the runtime's
//! small JSON scanner, and one small function per type of the session claim.
//!
//! Its contract is narrow, and the tests hold it to it: [`payload`] returns
//! `Some` only for a payload that serde's reading (`SessionPayload`'s
//! `Deserialize`, through [`stytch_runtime::jwt::from_json`]) accepts, and
//! then with the same content. Anything it is not sure of (a duplicate
//! member of a typed object, a missing required field, anything the
//! scanner leaves to serde) gives `None`, and the caller reads the payload
//! with serde, which also names what is wrong.

use std::borrow::Cow;

use serde_json::Map;
use stytch_runtime::__private::json::Scan;
use stytch_runtime::jwt::Registered;

use super::{SESSION_CLAIM, SessionClaim, SessionPayload};
use crate::types::{
    Attributes, AuthenticationFactor, AuthenticationFactorDeliveryMethod, AuthenticationFactorType,
    AuthenticatorAppFactor, BiometricFactor, CryptoWalletFactor, EmailFactor,
    EmbeddableMagicLinkFactor, ImpersonatedFactor, OAuthAccessTokenExchangeFactor,
    OAuthExchangeFactor, OAuthFactor, PhoneNumberFactor, RecoveryCodeFactor, SsoFactor,
    TrustedAuthTokenFactor, WebAuthnFactor,
};

/// The depth at which the values of unknown members of the session claim's
/// types start: below the payload, the claim, its factor list, a factor and
/// a factor's details.
const TYPED_DEPTH: usize = 6;

/// Reads a verified payload, or `None` to have serde read it.
pub(super) fn payload(bytes: &[u8]) -> Option<SessionPayload> {
    let mut scan = Scan::new(std::str::from_utf8(bytes).ok()?);
    let mut registered = Registered::default();
    let mut session = None;
    let mut custom = Map::new();
    scan.object(|scan, name| {
        if let Some(slot) = registered.slot(&name) {
            *slot = Some(scan.value(1)?);
        } else if name == SESSION_CLAIM {
            // A repeated claim replaces the first, as with serde.
            let claim = session.insert(SessionClaim::default());
            claim.read_into(scan)?;
        } else {
            let value = scan.value(1)?;
            custom.insert(name.into_owned(), value);
        }
        Some(())
    })?;
    scan.end()?;
    Some(SessionPayload {
        registered,
        session,
        custom,
    })
}

/// A type of the session claim, read as serde reads it into a value that
/// starts as the type's default (`None`: the caller discards the value).
/// Reading in place spares the moves of large values (a factor is 2.5 KB).
trait Read<'a>: Default {
    fn read_into(&mut self, scan: &mut Scan<'a>) -> Option<()>;
}

impl<'a> Read<'a> for String {
    fn read_into(&mut self, scan: &mut Scan<'a>) -> Option<()> {
        *self = scan.string()?.into_owned();
        Some(())
    }
}

impl<'a, T: Read<'a>> Read<'a> for Option<T> {
    fn read_into(&mut self, scan: &mut Scan<'a>) -> Option<()> {
        if scan.null()? {
            *self = None;
            return Some(());
        }
        self.insert(T::default()).read_into(scan)
    }
}

impl<'a, T: Read<'a>> Read<'a> for Vec<T> {
    fn read_into(&mut self, scan: &mut Scan<'a>) -> Option<()> {
        self.clear();
        scan.array(|scan| {
            self.push(T::default());
            self.last_mut()?.read_into(scan)
        })
    }
}

/// The string enums: a listed value becomes its variant without a copy.
macro_rules! read_string_enum {
    ($($ty:ty),*) => {$(
        impl<'a> Read<'a> for $ty {
            fn read_into(&mut self, scan: &mut Scan<'a>) -> Option<()> {
                *self = match scan.string()? {
                    Cow::Borrowed(text) => <$ty>::from(text),
                    Cow::Owned(text) => <$ty>::from(text),
                };
                Some(())
            }
        }
    )*};
}

read_string_enum!(AuthenticationFactorType, AuthenticationFactorDeliveryMethod);

/// A field serde requires: missing, serde fails and so does this reader.
struct Required;

impl Required {
    const REQUIRED: bool = true;

    #[inline(never)]
    fn fill<'a, T: Read<'a>>(slot: &mut T, scan: &mut Scan<'a>) -> Option<()> {
        slot.read_into(scan)
    }
}

/// A `#[serde(default)]` field: missing or `null` is the default.
struct Defaulted;

impl Defaulted {
    const REQUIRED: bool = false;

    #[inline(never)]
    fn fill<'a, T: Read<'a>>(slot: &mut T, scan: &mut Scan<'a>) -> Option<()> {
        if scan.null()? {
            *slot = T::default();
            return Some(());
        }
        slot.read_into(scan)
    }
}

/// The wire name of a field: its own name, or the one given.
macro_rules! wire {
    ($field:ident) => {
        stringify!($field)
    };
    ($field:ident $wire:literal) => {
        $wire
    };
}

/// `Read` for structs with `#[derive(Decode)]`, written as the derive
/// reads them: each field by its wire name (`field = "wire"` where it is
/// renamed), [`Required`] or [`Defaulted`] as its `#[serde]` attributes say,
/// a field given twice refused (serde's "duplicate field"), and unknown
/// members skipped. Each member read goes straight into its field of the
/// value, which starts as the type's default.
macro_rules! read_struct {
    ($($ty:ident { $($field:ident $(= $wire:literal)?: $kind:ident),* $(,)? })*) => {$(
        impl<'a> Read<'a> for $ty {
            // `REQUIRED` is zero for a type whose fields all have defaults.
            #[allow(clippy::bad_bit_mask)]
            fn read_into(&mut self, scan: &mut Scan<'a>) -> Option<()> {
                /// The fields, numbered for the bits of `seen`.
                #[allow(non_camel_case_types, clippy::enum_variant_names)]
                enum Field { $($field),* }
                const FIELDS: usize = [$(Field::$field),*].len();
                const _: () = assert!(FIELDS <= 64, "one bit per field");
                const REQUIRED: u64 = 0 $(| (($kind::REQUIRED as u64) << Field::$field as u32))*;
                // Every field by name: one added to the type and not here
                // does not compile.
                let $ty { $($field: _),* } = self;
                let mut seen = 0u64;
                scan.object(|scan, name| {
                    let bit = match &*name {
                        $(wire!($field $($wire)?) => {
                            $kind::fill(&mut self.$field, scan)?;
                            1 << Field::$field as u32
                        })*
                        // Skipped as the derived reader's `IgnoredAny` skips.
                        _ => return scan.skip(TYPED_DEPTH),
                    };
                    if seen & bit != 0 {
                        return None;
                    }
                    seen |= bit;
                    Some(())
                })?;
                (seen & REQUIRED == REQUIRED).then_some(())
            }
        }
    )*};
}

read_struct! {
    SessionClaim {
        id: Required,
        started_at: Defaulted,
        last_accessed_at: Defaulted,
        expires_at: Defaulted,
        attributes: Defaulted,
        authentication_factors: Defaulted,
        roles: Defaulted,
    }
    Attributes {
        ip_address: Defaulted,
        user_agent: Defaulted,
    }
    AuthenticationFactor {
        kind = "type": Defaulted,
        delivery_method: Defaulted,
        last_authenticated_at: Defaulted,
        created_at: Defaulted,
        updated_at: Defaulted,
        email_factor: Defaulted,
        phone_number_factor: Defaulted,
        google_oauth_factor: Defaulted,
        microsoft_oauth_factor: Defaulted,
        apple_oauth_factor: Defaulted,
        webauthn_factor: Defaulted,
        authenticator_app_factor: Defaulted,
        github_oauth_factor: Defaulted,
        recovery_code_factor: Defaulted,
        facebook_oauth_factor: Defaulted,
        crypto_wallet_factor: Defaulted,
        amazon_oauth_factor: Defaulted,
        bitbucket_oauth_factor: Defaulted,
        coinbase_oauth_factor: Defaulted,
        discord_oauth_factor: Defaulted,
        figma_oauth_factor: Defaulted,
        git_lab_oauth_factor: Defaulted,
        instagram_oauth_factor: Defaulted,
        linked_in_oauth_factor: Defaulted,
        shopify_oauth_factor: Defaulted,
        slack_oauth_factor: Defaulted,
        snapchat_oauth_factor: Defaulted,
        spotify_oauth_factor: Defaulted,
        steam_oauth_factor: Defaulted,
        tik_tok_oauth_factor: Defaulted,
        twitch_oauth_factor: Defaulted,
        twitter_oauth_factor: Defaulted,
        embeddable_magic_link_factor: Defaulted,
        biometric_factor: Defaulted,
        saml_sso_factor: Defaulted,
        oidc_sso_factor: Defaulted,
        salesforce_oauth_factor: Defaulted,
        yahoo_oauth_factor: Defaulted,
        hubspot_oauth_factor: Defaulted,
        slack_oauth_exchange_factor: Defaulted,
        hubspot_oauth_exchange_factor: Defaulted,
        github_oauth_exchange_factor: Defaulted,
        google_oauth_exchange_factor: Defaulted,
        impersonated_factor: Defaulted,
        oauth_access_token_exchange_factor: Defaulted,
        trusted_auth_token_factor: Defaulted,
    }
    EmailFactor { email_id: Required, email_address: Required }
    PhoneNumberFactor { phone_id: Required, phone_number: Required }
    OAuthFactor { id: Required, provider_subject: Required, email_id: Defaulted }
    OAuthExchangeFactor { email_id: Required }
    WebAuthnFactor { webauthn_registration_id: Required, domain: Required, user_agent: Defaulted }
    AuthenticatorAppFactor { totp_id: Required }
    RecoveryCodeFactor { totp_recovery_code_id: Required }
    CryptoWalletFactor {
        crypto_wallet_id: Required,
        crypto_wallet_address: Required,
        crypto_wallet_type: Required,
    }
    EmbeddableMagicLinkFactor { embedded_id: Required }
    BiometricFactor { biometric_registration_id: Required }
    SsoFactor { id: Required, provider_id: Required, external_id: Required }
    ImpersonatedFactor { impersonator_id: Required, impersonator_email_address: Required }
    OAuthAccessTokenExchangeFactor { client_id: Required }
    TrustedAuthTokenFactor { token_id: Required }
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::*;

    /// What serde reads of `text`, the reference this reader must agree with.
    fn by_serde(text: &[u8]) -> Option<SessionPayload> {
        stytch_runtime::jwt::from_json::<SessionPayload>(text, "test").ok()
    }

    /// Whether two payloads hold the same claims.
    fn same(a: &SessionPayload, b: &SessionPayload) -> bool {
        a.registered == b.registered
            && a.custom == b.custom
            && format!("{:?}", a.session) == format!("{:?}", b.session)
    }

    /// Reads `text` both ways and holds the contract: whatever this reader
    /// accepts, serde accepts, with the same claims. Returns what each
    /// accepted.
    fn agree(text: &[u8]) -> (bool, bool) {
        let serde = by_serde(text);
        match payload(text) {
            Some(fast) => {
                let Some(serde) = serde else {
                    panic!(
                        "accepted what serde refuses: {}",
                        String::from_utf8_lossy(text)
                    )
                };
                assert!(
                    same(&fast, &serde),
                    "read differently from serde: {}",
                    String::from_utf8_lossy(text)
                );
                (true, true)
            }
            None => (false, serde.is_some()),
        }
    }

    /// A factor with every field set, written by `Encode`, so that its
    /// member names are the wire names serde uses.
    fn full_factor() -> Value {
        let oauth = || {
            Some(OAuthFactor {
                id: "oauth-id".into(),
                provider_subject: "subject".into(),
                email_id: Some("email-id".into()),
            })
        };
        let exchange = || {
            Some(OAuthExchangeFactor {
                email_id: "exchange-email".into(),
            })
        };
        let sso = || {
            Some(SsoFactor {
                id: "sso-id".into(),
                provider_id: "provider".into(),
                external_id: "external".into(),
            })
        };
        let factor = AuthenticationFactor {
            kind: AuthenticationFactorType::Otp,
            delivery_method: AuthenticationFactorDeliveryMethod::Sms,
            last_authenticated_at: Some("2026-12-01T00:00:00Z".into()),
            created_at: Some("2026-11-30T00:00:00Z".into()),
            updated_at: Some("2026-11-30T12:00:00Z".into()),
            email_factor: Some(EmailFactor {
                email_id: "email-1".into(),
                email_address: "a@example.com".into(),
            }),
            phone_number_factor: Some(PhoneNumberFactor {
                phone_id: "phone-1".into(),
                phone_number: "+15555550100".into(),
            }),
            google_oauth_factor: oauth(),
            microsoft_oauth_factor: oauth(),
            apple_oauth_factor: oauth(),
            webauthn_factor: Some(WebAuthnFactor {
                webauthn_registration_id: "webauthn-1".into(),
                domain: "example.com".into(),
                user_agent: Some("agent".into()),
            }),
            authenticator_app_factor: Some(AuthenticatorAppFactor {
                totp_id: "totp-1".into(),
            }),
            github_oauth_factor: oauth(),
            recovery_code_factor: Some(RecoveryCodeFactor {
                totp_recovery_code_id: "recovery-1".into(),
            }),
            facebook_oauth_factor: oauth(),
            crypto_wallet_factor: Some(CryptoWalletFactor {
                crypto_wallet_id: "wallet-1".into(),
                crypto_wallet_address: "0xabc".into(),
                crypto_wallet_type: "ethereum".into(),
            }),
            amazon_oauth_factor: oauth(),
            bitbucket_oauth_factor: oauth(),
            coinbase_oauth_factor: oauth(),
            discord_oauth_factor: oauth(),
            figma_oauth_factor: oauth(),
            git_lab_oauth_factor: oauth(),
            instagram_oauth_factor: oauth(),
            linked_in_oauth_factor: oauth(),
            shopify_oauth_factor: oauth(),
            slack_oauth_factor: oauth(),
            snapchat_oauth_factor: oauth(),
            spotify_oauth_factor: oauth(),
            steam_oauth_factor: oauth(),
            tik_tok_oauth_factor: oauth(),
            twitch_oauth_factor: oauth(),
            twitter_oauth_factor: oauth(),
            embeddable_magic_link_factor: Some(EmbeddableMagicLinkFactor {
                embedded_id: "embedded-1".into(),
            }),
            biometric_factor: Some(BiometricFactor {
                biometric_registration_id: "biometric-1".into(),
            }),
            saml_sso_factor: sso(),
            oidc_sso_factor: sso(),
            salesforce_oauth_factor: oauth(),
            yahoo_oauth_factor: oauth(),
            hubspot_oauth_factor: oauth(),
            slack_oauth_exchange_factor: exchange(),
            hubspot_oauth_exchange_factor: exchange(),
            github_oauth_exchange_factor: exchange(),
            google_oauth_exchange_factor: exchange(),
            impersonated_factor: Some(ImpersonatedFactor {
                impersonator_id: "impersonator-1".into(),
                impersonator_email_address: "admin@example.com".into(),
            }),
            oauth_access_token_exchange_factor: Some(OAuthAccessTokenExchangeFactor {
                client_id: "client-1".into(),
            }),
            trusted_auth_token_factor: Some(TrustedAuthTokenFactor {
                token_id: "token-1".into(),
            }),
        };
        serde_json::to_value(&factor).unwrap()
    }

    /// A payload in the shape the local server mints (and Stytch), with
    /// every factor field, two factors, roles and custom claims of every
    /// JSON type.
    fn full_payload() -> Value {
        json!({
            "aud": ["project-test-1"],
            "exp": 1_764_547_500u64,
            "iat": 1_764_547_200u64,
            "iss": "stytch.com/project-test-1",
            "nbf": 1_764_547_200u64,
            "sub": "user-test-1",
            "jti": "jti-1",
            SESSION_CLAIM: {
                "id": "session-test-1",
                "started_at": "2026-12-01T00:00:00Z",
                "last_accessed_at": "2026-12-01T00:05:00Z",
                "expires_at": "2026-12-01T01:00:00Z",
                "attributes": { "user_agent": "Mozilla/5.0", "ip_address": "203.0.113.9" },
                "authentication_factors": [
                    full_factor(),
                    {
                        "type": "magic_link",
                        "delivery_method": "email",
                        "last_authenticated_at": "2026-12-01T00:00:00Z",
                        "email_factor": { "email_id": "email-2", "email_address": "b@example.com" },
                        "a_future_field": { "nested": [1, 2.5, "x"] },
                    },
                ],
                "roles": ["stytch_user", "admin"],
            },
            "team": "blue",
            "level": -3,
            "ratio": 0.25,
            "big": 18_446_744_073_709_551_615u64,
            "flag": true,
            "none": null,
            "tags": ["a", { "b": [false] }],
        })
    }

    /// The payload the local server mints for a user logged in by SMS
    /// passcode, compact as a token carries it.
    fn minted_payload() -> Vec<u8> {
        let mut payload = full_payload();
        payload[SESSION_CLAIM]["authentication_factors"] = json!([{
            "type": "otp",
            "delivery_method": "sms",
            "last_authenticated_at": "2026-12-01T00:00:00Z",
            "phone_number_factor": { "phone_id": "phone-1", "phone_number": "+15555550100" },
        }]);
        serde_json::to_vec(&payload).unwrap()
    }

    #[test]
    fn a_full_payload_reads_as_serde_reads_it() {
        let value = full_payload();
        for text in [
            serde_json::to_vec(&value).unwrap(),
            serde_json::to_vec_pretty(&value).unwrap(),
            minted_payload(),
        ] {
            assert_eq!(
                agree(&text),
                (true, true),
                "{}",
                String::from_utf8_lossy(&text)
            );
        }
        let read = payload(&serde_json::to_vec(&value).unwrap()).unwrap();
        let claim = read.session.unwrap();
        assert_eq!(claim.id, "session-test-1");
        assert_eq!(claim.authentication_factors.len(), 2);
        let factor = &claim.authentication_factors[0];
        assert_eq!(factor.kind, AuthenticationFactorType::Otp);
        assert_eq!(
            factor.trusted_auth_token_factor.as_ref().unwrap().token_id,
            "token-1"
        );
        assert_eq!(claim.roles, ["stytch_user", "admin"]);
        assert_eq!(read.registered.subject(), Some("user-test-1"));
        assert_eq!(read.custom.len(), 7);
        assert_eq!(read.custom["team"], json!("blue"));
    }

    #[test]
    fn custom_claims_of_every_form_read_as_serde_reads_them() {
        let cases: &[(&str, Value)] = &[
            (r#""plain""#, json!("plain")),
            (
                r#""a\"b\\c\/d\b\f\n\r\t""#,
                json!("a\"b\\c/d\u{8}\u{c}\n\r\t"),
            ),
            (r#""\u00e9\u0041x\ud83d\ude00""#, json!("éAx😀")),
            (r#""é😀""#, json!("é😀")),
            ("0", json!(0)),
            ("1764547200", json!(1_764_547_200u64)),
            ("18446744073709551615", json!(u64::MAX)),
            ("18446744073709551616", json!(18_446_744_073_709_551_616f64)),
            ("-7", json!(-7)),
            ("-9223372036854775808", json!(i64::MIN)),
            ("1.5", json!(1.5)),
            ("-0.5e-3", json!(-0.0005)),
            ("2E+2", json!(200.0)),
            ("[]", json!([])),
            ("{}", json!({})),
            (" [ 1 , { \"a\" : null } ] ", json!([1, { "a": null }])),
            ("true", json!(true)),
            ("false", json!(false)),
            (r#"{"k":1,"k":2}"#, json!({ "k": 2 })),
        ];
        for (text, want) in cases {
            let claim = format!(r#"{{"sub":"u","custom":{text}}}"#);
            assert_eq!(agree(claim.as_bytes()), (true, true), "{claim}");
            let read = payload(claim.as_bytes()).unwrap();
            assert_eq!(read.custom.get("custom"), Some(want), "{claim}");
        }
    }

    #[test]
    fn what_it_leaves_to_serde() {
        let refused = [
            // Not JSON, or not what serde accepts.
            "",
            "[]",
            "{",
            "{} x",
            r#"{"a":1,}"#,
            r#"{"a" 1}"#,
            r#"{"a":1 "b":2}"#,
            r#"{"a":01}"#,
            r#"{"a":1.}"#,
            r#"{"a":.5}"#,
            r#"{"a":1e}"#,
            r#"{"a":-}"#,
            r#"{"a":+1}"#,
            r#"{"a":nul}"#,
            r#"{"a":tru}"#,
            r#"{"a":"\x"}"#,
            r#"{"a":"\u12"}"#,
            r#"{"a":"\u+123"}"#,
            "{\"a\":\"\u{1}\"}",
            r#"{"a":"\ud800"}"#,
            r#"{"a":"\udc00"}"#,
            r#"{"a":"\ud800\u0041"}"#,
            r#"{"a":"\ud800x"}"#,
            r#"{"a":[1,]}"#,
            r#"{"a":[1 2]}"#,
            r#"{"a":1e400}"#,
            r#"{"a":"unterminated}"#,
            // A session claim serde refuses.
            r#"{"https://stytch.com/session":null}"#,
            r#"{"https://stytch.com/session":{}}"#,
            r#"{"https://stytch.com/session":{"id":7}}"#,
            r#"{"https://stytch.com/session":{"id":"s","id":"t"}}"#,
            r#"{"https://stytch.com/session":{"id":"s","roles":[1]}}"#,
            r#"{"https://stytch.com/session":{"id":"s","authentication_factors":[{"email_factor":{"email_id":"e"}}]}}"#,
            r#"{"https://stytch.com/session":{"id":"s","authentication_factors":[{"type":1}]}}"#,
        ];
        for text in refused {
            assert_eq!(agree(text.as_bytes()), (false, false), "{text}");
        }
        // Not UTF-8.
        assert_eq!(agree(b"{\"a\":\"\xff\"}"), (false, false));
        // Nesting past this reader's limit, which serde still reads.
        let deep = format!("{{\"a\":{}1{}}}", "[".repeat(70), "]".repeat(70));
        assert_eq!(agree(deep.as_bytes()), (false, true));
        let shallow = format!("{{\"a\":{}1{}}}", "[".repeat(60), "]".repeat(60));
        assert_eq!(agree(shallow.as_bytes()), (true, true));
    }

    #[test]
    fn nulls_and_absences_follow_the_fields_serde_attributes() {
        let accepted = [
            // `#[serde(default)]` fields: null or missing is the default.
            r#"{"https://stytch.com/session":{"id":"s"}}"#,
            r#"{"https://stytch.com/session":{"id":"s","roles":null,"authentication_factors":null,"attributes":null,"started_at":null}}"#,
            r#"{"https://stytch.com/session":{"id":"s","authentication_factors":[{"type":null,"delivery_method":null,"email_factor":null}]}}"#,
            r#"{"https://stytch.com/session":{"id":"s","authentication_factors":[{}]}}"#,
            r#"{"https://stytch.com/session":{"id":"s","attributes":{}}}"#,
            // Unknown members anywhere are skipped; a repeated claim at the
            // top level keeps the last value, as serde's reader does.
            r#"{"https://stytch.com/session":{"id":"s","new":{"x":[null]}},"sub":"a","sub":"b"}"#,
            r#"{"https://stytch.com/session":{"id":"s"},"https://stytch.com/session":{"id":"t"}}"#,
            r#"{"https://stytch.com/session":{"id":"s","authentication_factors":[{"type":"otp","other_factor":{"k":"v"}}]}}"#,
            r#"{"aud":null,"exp":1.5,"iat":"x","nbf":[],"jti":{},"iss":-1}"#,
            // An unknown member is skipped as serde skips it: escapes
            // checked for form only, numbers not evaluated.
            r#"{"https://stytch.com/session":{"id":"s","x":"\udc00","y":1e400,"z":{"\ud800":0}}}"#,
        ];
        for text in accepted {
            assert_eq!(agree(text.as_bytes()), (true, true), "{text}");
        }
        let read = payload(accepted[5].as_bytes()).unwrap();
        assert_eq!(read.registered.subject(), Some("b"));
        let read = payload(accepted[6].as_bytes()).unwrap();
        assert_eq!(read.session.unwrap().id, "t");
        let read = payload(accepted[2].as_bytes()).unwrap();
        let factor = &read.session.unwrap().authentication_factors[0];
        assert_eq!(factor.kind, AuthenticationFactorType::default());
        assert!(factor.email_factor.is_none());
    }

    /// A small deterministic random source for the mutation test.
    struct Rng(u64);

    impl Rng {
        fn below(&mut self, n: usize) -> usize {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            (self.0 % n as u64) as usize
        }
    }

    /// Replaces, removes or retypes one value somewhere in `value`.
    fn mutate_value(value: &mut Value, rng: &mut Rng) {
        let replacements = [
            json!(null),
            json!("text"),
            json!(7),
            json!(-1.5),
            json!([]),
            json!({}),
            json!(["x"]),
            json!({ "id": "z" }),
        ];
        match value {
            Value::Object(map) if !map.is_empty() => {
                let key = map.keys().nth(rng.below(map.len())).unwrap().clone();
                match rng.below(8) {
                    0 => {
                        map.remove(&key);
                    }
                    1 => {
                        map.insert("unknown".into(), replacements[rng.below(8)].clone());
                    }
                    2 => map[&key] = replacements[rng.below(8)].clone(),
                    _ => mutate_value(&mut map[&key], rng),
                }
            }
            Value::Array(list) if !list.is_empty() => {
                let i = rng.below(list.len());
                match rng.below(4) {
                    0 => list[i] = replacements[rng.below(8)].clone(),
                    _ => mutate_value(&mut list[i], rng),
                }
            }
            other => *other = replacements[rng.below(8)].clone(),
        }
    }

    /// Inserts, removes, copies or escapes bytes of `text`.
    fn mutate_text(text: &mut Vec<u8>, rng: &mut Rng) {
        let pieces: &[&[u8]] = &[
            b"\"",
            b"\\",
            b"\\u",
            b"\\ud83d\\ude00",
            b"\\ud83d",
            b"\\udc00",
            b"\\n",
            b"{",
            b"}",
            b"[",
            b"]",
            b":",
            b",",
            b"null",
            b"true",
            b"0",
            b"-0",
            b"1e5",
            b"1.5",
            b"01",
            b"18446744073709551616",
            b"-9223372036854775809",
            b" ",
            b"\n",
            b"\x01",
            "é".as_bytes(),
            b"\"type\":\"otp\",",
            b"\"id\":\"x\",",
            b"\"sub\":1,",
            b"\xff",
        ];
        let at = rng.below(text.len() + 1);
        match rng.below(5) {
            0 if at < text.len() => {
                let end = (at + 1 + rng.below(8)).min(text.len());
                text.drain(at..end);
            }
            1 => {
                let piece = pieces[rng.below(pieces.len())];
                text.splice(at..at, piece.iter().copied());
            }
            2 if at < text.len() => {
                let end = (at + 1 + rng.below(40)).min(text.len());
                let copy = text[at..end].to_vec();
                let to = rng.below(text.len() + 1);
                text.splice(to..to, copy);
            }
            3 if at < text.len() && text[at].is_ascii_alphanumeric() => {
                let escape = format!("\\u{:04x}", text[at]);
                text.splice(at..=at, escape.bytes());
            }
            _ if at < text.len() => text[at] = rng.below(256) as u8,
            _ => text.push(b'}'),
        }
    }

    #[test]
    fn mutated_payloads_read_as_serde_reads_them_or_go_to_serde() {
        let seeds = [
            full_payload(),
            serde_json::from_slice(&minted_payload()).unwrap(),
        ];
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        let (mut cases, mut both, mut neither) = (0, 0, 0);
        for round in 0..20_000 {
            let mut value = seeds[round % 2].clone();
            for _ in 0..=rng.below(3) {
                mutate_value(&mut value, &mut rng);
            }
            let mut text = if round % 3 == 0 {
                serde_json::to_vec_pretty(&value).unwrap()
            } else {
                serde_json::to_vec(&value).unwrap()
            };
            // Half the cases stay valid JSON; the others get broken bytes.
            if round % 2 == 1 {
                for _ in 0..=rng.below(3) {
                    mutate_text(&mut text, &mut rng);
                }
            }
            cases += 1;
            match agree(&text) {
                (true, _) => both += 1,
                // Nothing here nests past `MAX_DEPTH`: serde accepts
                // nothing this reader leaves to it.
                (false, true) => panic!("left to serde: {}", String::from_utf8_lossy(&text)),
                (false, false) => neither += 1,
            }
        }
        eprintln!("{cases} cases: {both} read by both, {neither} by neither");
        assert!(
            both > cases / 4 && neither > cases / 4,
            "{both} / {neither} of {cases}"
        );
    }
}
