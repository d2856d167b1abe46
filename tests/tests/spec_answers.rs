//! Every declared call's answer type against the SDK's answer model in
//! `spec/models.json`.
//!
//! For each call, a sample answer is built from the model: every field set,
//! nested models included, each with a value of the right JSON type (enums
//! take their first value). The test then
//!
//! 1. decodes it with `serde_ignored`, failing on any key the Rust type
//!    skips (a field we do not model, or model under another name);
//! 2. serialises the decoded value again and fails on any key that is not
//!    in the model (an invented wire name), on any key of the sample that
//!    went missing (a field dropped on the way, e.g. inside a `flatten`),
//!    and finally on any value that changed.

use serde::Serialize;
use serde_json::{Map, Value, json};
use stytch_endpoints::{
    Endpoint, idp, magic_links, oauth, otps, passwords, sessions, totps, users,
};
use stytch_endpoints::{crypto_wallets, debug, fraud, impersonation, project, rbac};

const CALLS: &str = include_str!("../../spec/calls.json");
const MODELS: &str = include_str!("../../spec/models.json");

/// The answer models, parsed once per test.
struct Spec {
    calls: Vec<Value>,
    models: Map<String, Value>,
}

impl Spec {
    fn load() -> Spec {
        let calls = match serde_json::from_str(CALLS).expect("calls.json is JSON") {
            Value::Array(calls) => calls,
            _ => panic!("calls.json is a list"),
        };
        let models = match serde_json::from_str(MODELS).expect("models.json is JSON") {
            Value::Object(models) => models,
            _ => panic!("models.json is an object"),
        };
        Spec { calls, models }
    }

    /// The key of the answer model of the B2C call `sdk_method`.
    fn response_model(&self, sdk_method: &str) -> String {
        let call = self
            .calls
            .iter()
            .find(|c| c["side"] == "b2c" && c["sdk_method"] == sdk_method)
            .unwrap_or_else(|| panic!("no b2c call {sdk_method} in calls.json"));
        call["response_model"].as_str().unwrap().to_owned()
    }

    /// The model `key`: its fields, or `None` for an enum.
    fn fields(&self, key: &str) -> Option<&Vec<Value>> {
        match self.models.get(key) {
            Some(Value::Array(fields)) => Some(fields),
            Some(Value::Object(_)) => None,
            _ => panic!("no model {key} in models.json"),
        }
    }

    /// Resolves a model name as a field type writes it (`users.User`, or a
    /// bare enum in `module`) to its key in models.json.
    fn key(&self, name: &str, module: &str) -> String {
        let direct = match name.split_once('.') {
            Some((m, class)) => format!("consumer.models.{m}.{class}"),
            None => format!("consumer.models.{module}.{name}"),
        };
        if self.models.contains_key(&direct) {
            return direct;
        }
        // A bare name imported from another module (`RuleAction` in
        // `fraud_rules` is `fraud.RuleAction`).
        let suffix = format!(".{name}");
        self.models
            .keys()
            .find(|k| k.starts_with("consumer.models.") && k.ends_with(&suffix))
            .cloned()
            .unwrap_or(direct)
    }

    /// A value of the field type `ty`, written in module `module`.
    fn sample(&self, ty: &str, module: &str) -> Value {
        let ty = ty.trim();
        if let Some(inner) = unwrap(ty, "Optional[") {
            return self.sample(inner, module);
        }
        if let Some(inner) = unwrap(ty, "List[") {
            return json!([self.sample(inner, module)]);
        }
        if let Some(name) = ty
            .strip_prefix("<enum '")
            .and_then(|t| t.strip_suffix("'>"))
        {
            return self.model_sample(&self.key(name, module));
        }
        match ty {
            "str" => json!("sample"),
            "int" => json!(1),
            "float" => json!(1.5),
            "bool" => json!(true),
            "datetime.datetime" => json!("2024-03-01T12:00:00Z"),
            "Dict[str, Any]" => json!({"sample_key": "sample"}),
            "Any" => json!("sample"),
            model => self.model_sample(&self.key(model, module)),
        }
    }

    /// A value of the model `key`: an enum's first value, or every field.
    fn model_sample(&self, key: &str) -> Value {
        let module = key.split('.').nth(2).unwrap();
        match self.fields(key) {
            None => self.models[key]["enum"][0].clone(),
            Some(fields) => Value::Object(
                fields
                    .iter()
                    .map(|f| {
                        let name = f["name"].as_str().unwrap().to_owned();
                        (name, self.sample(f["type"].as_str().unwrap(), module))
                    })
                    .collect(),
            ),
        }
    }

    /// Fails on any key of `value` (a re-encoded answer of model `key`)
    /// that the model does not have, at any depth.
    fn invented_keys(
        &self,
        value: &Value,
        ty: &str,
        module: &str,
        at: &str,
        out: &mut Vec<String>,
    ) {
        let ty = ty.trim();
        if let Some(inner) = unwrap(ty, "Optional[") {
            return self.invented_keys(value, inner, module, at, out);
        }
        if let Some(inner) = unwrap(ty, "List[") {
            for (i, item) in value.as_array().into_iter().flatten().enumerate() {
                self.invented_keys(item, inner, module, &format!("{at}.{i}"), out);
            }
            return;
        }
        if ty.starts_with("<enum")
            || ty.contains('[')
            || !ty.contains('.')
            || ty == "datetime.datetime"
        {
            return;
        }
        let key = self.key(ty, module);
        let Some(fields) = self.fields(&key) else {
            return;
        };
        let module = key.split('.').nth(2).unwrap();
        let Some(object) = value.as_object() else {
            return;
        };
        for (name, v) in object {
            match fields.iter().find(|f| f["name"] == *name) {
                None => out.push(format!("{at}.{name}")),
                Some(f) => self.invented_keys(
                    v,
                    f["type"].as_str().unwrap(),
                    module,
                    &format!("{at}.{name}"),
                    out,
                ),
            }
        }
    }
}

/// `inner` of `prefix inner ]`.
fn unwrap<'a>(ty: &'a str, prefix: &str) -> Option<&'a str> {
    ty.strip_prefix(prefix)?.strip_suffix(']')
}

/// Keys of `sample` (at any depth) that `back` lacks.
fn lost_keys(sample: &Value, back: &Value, at: &str, out: &mut Vec<String>) {
    match (sample, back) {
        (Value::Object(a), Value::Object(b)) => {
            for (k, v) in a {
                match b.get(k) {
                    None => out.push(format!("{at}.{k}")),
                    Some(w) => lost_keys(v, w, &format!("{at}.{k}"), out),
                }
            }
        }
        (Value::Array(a), Value::Array(b)) => {
            for (i, (v, w)) in a.iter().zip(b).enumerate() {
                lost_keys(v, w, &format!("{at}.{i}"), out);
            }
        }
        _ => {}
    }
}

/// The whole check for one call.
fn check<E: Endpoint>(spec: &Spec, sdk_method: &str)
where
    E::Response: Serialize,
{
    let model = spec.response_model(sdk_method);
    let sample = spec.model_sample(&model);
    let text = sample.to_string();

    let mut ignored = Vec::new();
    let mut de = serde_json::Deserializer::from_str(&text);
    let decoded: E::Response = serde_ignored::deserialize(&mut de, |path| {
        ignored.push(path.to_string());
    })
    .unwrap_or_else(|e| panic!("{sdk_method}: the sample does not decode: {e}\n{text}"));
    assert!(
        ignored.is_empty(),
        "{sdk_method}: keys the answer type ignores: {ignored:?}"
    );

    let back = serde_json::to_value(&decoded).expect("answers serialise");
    let module = model.split('.').nth(2).unwrap();
    let class = model.rsplit('.').next().unwrap();
    let mut invented = Vec::new();
    spec.invented_keys(
        &back,
        &format!("{module}.{class}"),
        module,
        "",
        &mut invented,
    );
    assert!(
        invented.is_empty(),
        "{sdk_method}: re-encoded keys that {model} does not have: {invented:?}"
    );
    let mut lost = Vec::new();
    lost_keys(&sample, &back, "", &mut lost);
    assert!(
        lost.is_empty(),
        "{sdk_method}: keys of the sample missing after re-encoding: {lost:?}"
    );
    assert_eq!(back, sample, "{sdk_method}: a value changed on the way");
}

macro_rules! calls {
    ($($test:ident: $endpoint:ty => $sdk:literal,)*) => {$(
        #[test]
        fn $test() {
            check::<$endpoint>(&Spec::load(), $sdk);
        }
    )*};
}

calls! {
    users_create: users::Create => "users.create",
    users_get: users::Get => "users.get",
    users_search: users::Search => "users.search",
    users_update: users::Update => "users.update",
    users_delete: users::Delete => "users.delete",
    users_delete_email: users::DeleteEmail => "users.delete_email",
    users_delete_phone_number: users::DeletePhoneNumber => "users.delete_phone_number",
    users_exchange_primary_factor: users::ExchangePrimaryFactor => "users.exchange_primary_factor",
    users_delete_webauthn_registration: users::DeleteWebAuthnRegistration => "users.delete_webauthn_registration",
    users_delete_biometric_registration: users::DeleteBiometricRegistration => "users.delete_biometric_registration",
    users_delete_totp: users::DeleteTotp => "users.delete_totp",
    users_delete_password: users::DeletePassword => "users.delete_password",
    totps_create: totps::Create => "totps.create",
    totps_authenticate: totps::Authenticate => "totps.authenticate",
    totps_recovery_codes: totps::RecoveryCodes => "totps.recovery_codes",
    totps_recover: totps::Recover => "totps.recover",
    sessions_authenticate: sessions::Authenticate => "sessions.authenticate",
    sessions_revoke: sessions::Revoke => "sessions.revoke",
    sessions_get: sessions::List => "sessions.get",
    sessions_get_jwks: sessions::GetJwks => "sessions.get_jwks",
    oauth_attach: oauth::Attach => "oauth.attach",
    oauth_authenticate: oauth::Authenticate => "oauth.authenticate",
    otps_authenticate: otps::Authenticate => "otps.authenticate",
    magic_links_email_send: magic_links::SendEmail => "magic_links.email.send",
    magic_links_authenticate: magic_links::Authenticate => "magic_links.authenticate",
    magic_links_create: magic_links::Create => "magic_links.create",
    magic_links_email_login_or_create: magic_links::LoginOrCreateEmail => "magic_links.email.login_or_create",
    magic_links_email_invite: magic_links::Invite => "magic_links.email.invite",
    magic_links_email_revoke_invite: magic_links::RevokeInvite => "magic_links.email.revoke_invite",
    otps_sms_send: otps::SendSms => "otps.sms.send",
    otps_sms_login_or_create: otps::LoginOrCreateSms => "otps.sms.login_or_create",
    otps_whatsapp_send: otps::SendWhatsApp => "otps.whatsapp.send",
    otps_whatsapp_login_or_create: otps::LoginOrCreateWhatsApp => "otps.whatsapp.login_or_create",
    otps_email_send: otps::SendEmail => "otps.email.send",
    otps_email_login_or_create: otps::LoginOrCreateEmail => "otps.email.login_or_create",
    passwords_create: passwords::Create => "passwords.create",
    passwords_authenticate: passwords::Authenticate => "passwords.authenticate",
    passwords_strength_check: passwords::StrengthCheck => "passwords.strength_check",
    passwords_migrate: passwords::Migrate => "passwords.migrate",
    passwords_email_reset_start: passwords::ResetByEmailStart => "passwords.email.reset_start",
    passwords_email_reset: passwords::ResetByEmail => "passwords.email.reset",
    passwords_existing_password_reset: passwords::ResetByExistingPassword => "passwords.existing_password.reset",
    passwords_sessions_reset: passwords::ResetBySession => "passwords.sessions.reset",
    idp_oauth_authorize_start: idp::AuthorizeStart => "idp.oauth.authorize_start",
    idp_oauth_authorize: idp::Authorize => "idp.oauth.authorize",
    users_delete_crypto_wallet: users::DeleteCryptoWallet => "users.delete_crypto_wallet",
    users_delete_oauth_registration: users::DeleteOAuthRegistration => "users.delete_oauth_registration",
    users_delete_external_id: users::DeleteExternalId => "users.delete_external_id",
    crypto_wallets_authenticate_start: crypto_wallets::AuthenticateStart => "crypto_wallets.authenticate_start",
    crypto_wallets_authenticate: crypto_wallets::Authenticate => "crypto_wallets.authenticate",
    debug_whoami: debug::Whoami => "debug.whoami",
    fraud_fingerprint_lookup: fraud::fingerprint::Lookup => "fraud.fingerprint.lookup",
    fraud_rules_set: fraud::rules::Set => "fraud.rules.set",
    fraud_rules_list: fraud::rules::List => "fraud.rules.list",
    fraud_verdict_reasons_override: fraud::verdict_reasons::Override => "fraud.verdict_reasons.override",
    fraud_verdict_reasons_list: fraud::verdict_reasons::List => "fraud.verdict_reasons.list",
    fraud_email_risk: fraud::email::Risk => "fraud.email.risk",
    impersonation_authenticate: impersonation::Authenticate => "impersonation.authenticate",
    project_metrics: project::Metrics => "project.metrics",
    rbac_policy: rbac::Policy => "rbac.policy",
    users_connected_apps: users::ConnectedApps => "users.connected_apps",
    users_revoke: users::RevokeConnectedApp => "users.revoke",
    connected_app_clients_get: stytch_endpoints::connected_apps::GetClient => "connected_app.clients.get",
    connected_app_clients_update: stytch_endpoints::connected_apps::UpdateClient => "connected_app.clients.update",
    connected_app_clients_delete: stytch_endpoints::connected_apps::DeleteClient => "connected_app.clients.delete",
    connected_app_clients_search: stytch_endpoints::connected_apps::SearchClients => "connected_app.clients.search",
    connected_app_clients_create: stytch_endpoints::connected_apps::CreateClient => "connected_app.clients.create",
    connected_app_clients_secrets_rotate_start: stytch_endpoints::connected_apps::RotateSecretStart => "connected_app.clients.secrets.rotate_start",
    connected_app_clients_secrets_rotate_cancel: stytch_endpoints::connected_apps::RotateSecretCancel => "connected_app.clients.secrets.rotate_cancel",
    connected_app_clients_secrets_rotate: stytch_endpoints::connected_apps::RotateSecret => "connected_app.clients.secrets.rotate",
}

/// The sample builder itself: a model with a nested model, a list, an
/// optional field and an enum gets a value for each.
#[test]
fn samples_set_every_field() {
    let spec = Spec::load();
    let user = spec.model_sample("consumer.models.users.User");
    assert_eq!(user["emails"][0]["verified"], true);
    assert_eq!(user["name"]["first_name"], "sample");
    assert_eq!(user["lock_expires_at"], "2024-03-01T12:00:00Z");
    let factor = spec.model_sample("consumer.models.sessions.AuthenticationFactor");
    assert_eq!(factor["type"], "magic_link");
    assert_eq!(factor["google_oauth_factor"]["email_id"], "sample");
}
