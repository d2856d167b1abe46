//! The fraud products, crypto wallets, impersonation and the project's
//! calls against the local server, through our client only: a fraud call
//! lands on the fraud host alone; rules and overrides change what lookups
//! answer; email risk follows the documented rule; a wallet logs in with a
//! real (Solana) signature once per challenge; impersonation starts a real
//! session; the RBAC policy a test sets comes back; metrics count users;
//! the three deletes remove what they name.

use std::time::Duration;

use ring::signature::{Ed25519KeyPair, KeyPair};
use stytch_endpoints::fraud::{Action, Metadata, RuleAction, RuleType, email, fingerprint};
use stytch_endpoints::fraud::{rules, verdict_reasons};
use stytch_endpoints::project::MetricType;
use stytch_endpoints::rbac::{Permission, PolicyResource, PolicyRole, PolicyScope, RbacPolicy};
use stytch_endpoints::types::{AuthenticationFactorDeliveryMethod, AuthenticationFactorType};
use stytch_endpoints::{
    Client, Error, crypto_wallets, debug, impersonation, oauth, project, rbac, sessions, users,
};
use stytch_local::{
    DEMO_USER_ID, IMPERSONATION_TEST_TOKEN, LocalServer, LocalServerConfig, OAUTH_TEST_TOKEN,
    PROJECT_NAME, TELEMETRY_BLOCK_PREFIX, TELEMETRY_CHALLENGE_PREFIX, TELEMETRY_NOT_FOUND_PREFIX,
};

/// The Stytch status and error type of a failed call.
fn api_error<T: std::fmt::Debug>(result: Result<T, Error>) -> (u16, String) {
    match result {
        Err(Error::Api(e)) => (e.status, e.error_type),
        other => panic!("expected a Stytch error, got {other:?}"),
    }
}

fn lookup(client: &Client, telemetry_id: &str) -> fingerprint::LookupResponse {
    fingerprint::Lookup::builder()
        .telemetry_id(telemetry_id)
        .send(client)
        .unwrap()
}

#[test]
fn a_fraud_call_lands_on_the_fraud_host_only() {
    let fraud_host = LocalServer::start().unwrap();
    let api_host = LocalServer::start().unwrap();
    let client = Client::builder(fraud_host.project_id(), fraud_host.secret())
        .base_url(api_host.base_url())
        .fraud_base_url(fraud_host.base_url())
        .build()
        .unwrap();

    let first = fingerprint::Lookup::builder()
        .telemetry_id("3f1c2b9e-device-of-ada")
        .external_metadata(Metadata::new().external_id("crm-42"))
        .send(&client)
        .unwrap();
    assert_eq!(first.verdict.action, Action::Allow);
    assert_eq!(
        first.external_metadata.external_id.as_deref(),
        Some("crm-42")
    );
    let visitor = first.fingerprints.visitor_id.clone().unwrap();
    rules::Set::builder()
        .action(RuleAction::Block)
        .visitor_id(&visitor)
        .send(&client)
        .unwrap();
    let second = lookup(&client, "3f1c2b9e-device-of-ada");
    assert_eq!(second.verdict.action, Action::Block);
    assert_eq!(second.verdict.reasons, ["RULE_MATCH"]);
    assert_eq!(second.verdict.rule_match_type, Some(RuleType::VisitorId));
    assert_eq!(
        second.verdict.rule_match_identifier.as_deref(),
        Some(visitor.as_str())
    );
    assert_eq!(fraud_host.requests_served(), 3);
    assert_eq!(api_host.requests_served(), 0);

    // The API host's calls go to the base URL, and the rule lives on the
    // fraud host only.
    let me = debug::Whoami::builder().send(&client).unwrap();
    assert_eq!(me.project_id, api_host.project_id());
    assert_eq!(me.name, PROJECT_NAME);
    assert_eq!(api_host.requests_served(), 1);
    assert_eq!(fraud_host.requests_served(), 3);
    let elsewhere = rules::List::builder().send(&api_host.client()).unwrap();
    assert!(elsewhere.rules.is_empty());
    let here = rules::List::builder().send(&fraud_host.client()).unwrap();
    assert_eq!(here.rules.len(), 1);
    assert_eq!(here.rules[0].visitor_id.as_deref(), Some(visitor.as_str()));
}

#[test]
fn telemetry_prefixes_give_each_verdict() {
    let server = LocalServer::start().unwrap();
    let client = server.client();
    let allow = lookup(&client, "026ac93b-8cdf-4fcb-bfa6-36a31cfecac1");
    assert_eq!(allow.verdict.action, Action::Allow);
    assert!(allow.verdict.reasons.is_empty());
    assert!(allow.verdict.is_authentic_device);
    let network = &allow.properties.as_ref().unwrap().network_properties;
    assert!(network.ip_address.starts_with("192.0.2."));
    assert_eq!(network.asn.asn, "64496");

    let block = lookup(&client, &format!("{TELEMETRY_BLOCK_PREFIX}bot"));
    assert_eq!(block.verdict.action, Action::Block);
    assert_eq!(block.verdict.reasons, ["HEADLESS_BROWSER_AUTOMATION"]);
    assert!(!block.verdict.is_authentic_device);

    let challenge = lookup(&client, &format!("{TELEMETRY_CHALLENGE_PREFIX}vm"));
    assert_eq!(challenge.verdict.action, Action::Challenge);
    assert_eq!(challenge.verdict.reasons, ["VIRTUAL_MACHINE"]);

    for missing in [format!("{TELEMETRY_NOT_FOUND_PREFIX}x"), String::new()] {
        let result = fingerprint::Lookup::builder()
            .telemetry_id(missing)
            .send(&client);
        assert_eq!(api_error(result), (404, "telemetry_id_not_found".into()));
    }
    // The same id always gets the same fingerprints; another id others.
    let again = lookup(&client, "026ac93b-8cdf-4fcb-bfa6-36a31cfecac1");
    assert_eq!(again.fingerprints.visitor_id, allow.fingerprints.visitor_id);
    assert_eq!(again.created_at, allow.created_at);
    assert_ne!(block.fingerprints.visitor_id, allow.fingerprints.visitor_id);

    // A telemetry id lapses an hour after its first lookup.
    server.advance_clock(Duration::from_secs(61 * 60));
    let expired = fingerprint::Lookup::builder()
        .telemetry_id("026ac93b-8cdf-4fcb-bfa6-36a31cfecac1")
        .send(&client);
    assert_eq!(api_error(expired), (404, "telemetry_id_not_found".into()));
}

#[test]
fn rules_follow_stytchs_order_and_lapse() {
    let server = LocalServer::start().unwrap();
    let client = server.client();
    let set = |action: RuleAction| rules::Set::builder().action(action);

    // A whole network blocked.
    set(RuleAction::Block)
        .cidr_block("192.0.2.0/24")
        .send(&client)
        .unwrap();
    let a = lookup(&client, "device-a");
    assert_eq!(a.verdict.action, Action::Block);
    assert_eq!(a.verdict.rule_match_type, Some(RuleType::CidrBlock));
    assert_eq!(
        a.verdict.rule_match_identifier.as_deref(),
        Some("192.0.2.0/24")
    );

    // A visitor rule comes first in Stytch's order.
    let visitor = a.fingerprints.visitor_id.clone().unwrap();
    set(RuleAction::Allow)
        .visitor_id(&visitor)
        .send(&client)
        .unwrap();
    assert_eq!(lookup(&client, "device-a").verdict.action, Action::Allow);
    let b = lookup(&client, "device-b");
    assert_eq!(b.verdict.action, Action::Block);

    // Among CIDR blocks, the smallest wins.
    let ip = b.properties.unwrap().network_properties.ip_address;
    let exact = set(RuleAction::Challenge)
        .cidr_block(&ip)
        .send(&client)
        .unwrap();
    assert_eq!(exact.cidr_block.as_deref(), Some(ip.as_str()));
    let b = lookup(&client, "device-b");
    assert_eq!(b.verdict.action, Action::Challenge);
    assert_eq!(
        b.verdict.rule_match_identifier.as_deref(),
        Some(ip.as_str())
    );

    // Countries cannot be allowed; malformed identifiers are refused.
    let result = set(RuleAction::Allow).country_code("US").send(&client);
    assert_eq!(api_error(result), (400, "invalid_rule_action".into()));
    let result = set(RuleAction::Block)
        .cidr_block("10.0.0.0/8")
        .send(&client);
    assert_eq!(api_error(result), (400, "invalid_cidr_block".into()));
    let result = set(RuleAction::Block).asn("AS64496").send(&client);
    assert_eq!(api_error(result), (400, "invalid_asn".into()));
    let result = set(RuleAction::Block).send(&client);
    assert_eq!(api_error(result), (400, "invalid_request".into()));

    // NONE removes a rule; the visitor's ALLOW is gone, the block is back
    // (the exact-address rule is device-b's, not device-a's).
    set(RuleAction::None)
        .visitor_id(&visitor)
        .send(&client)
        .unwrap();
    assert_eq!(lookup(&client, "device-a").verdict.action, Action::Block);

    // A rule with an expiry lapses by the server clock.
    let timed = set(RuleAction::Block)
        .country_code("us")
        .expires_in_minutes(5u32)
        .send(&client)
        .unwrap();
    assert_eq!(timed.country_code.as_deref(), Some("US"));
    assert!(timed.expires_at.is_some());
    let listed = rules::List::builder().send(&client).unwrap();
    assert_eq!(listed.rules.len(), 3);
    assert!(listed.next_cursor.is_empty());
    server.advance_clock(Duration::from_secs(6 * 60));
    let listed = rules::List::builder().send(&client).unwrap();
    let kinds: Vec<RuleType> = listed.rules.iter().map(|r| r.rule_type.clone()).collect();
    assert_eq!(kinds, [RuleType::CidrBlock, RuleType::CidrBlock]);
}

#[test]
fn rules_list_pages_with_limit_and_cursor() {
    let server = LocalServer::start().unwrap();
    let client = server.client();
    for asn in 1..=25u32 {
        rules::Set::builder()
            .action(RuleAction::Challenge)
            .asn(asn.to_string())
            .send(&client)
            .unwrap();
    }
    let before = server.requests_served();
    let all: Vec<String> = rules::List::builder()
        .limit(10u32)
        .paginate(&client)
        .map(|r| r.unwrap().asn.unwrap())
        .collect();
    let expected: Vec<String> = (1..=25u32).map(|n| n.to_string()).collect();
    assert_eq!(all, expected);
    assert_eq!(server.requests_served() - before, 3);

    // By hand: the last page has an empty cursor; a made-up one is refused.
    let first = rules::List::builder().limit(20u32).send(&client).unwrap();
    assert_eq!(first.rules.len(), 20);
    let last = rules::List::builder()
        .limit(20u32)
        .cursor(&first.next_cursor)
        .send(&client)
        .unwrap();
    assert_eq!(last.rules.len(), 5);
    assert_eq!(last.next_cursor, "");
    let result = rules::List::builder().cursor("page-2").send(&client);
    assert_eq!(api_error(result), (400, "invalid_cursor".into()));
    // The default page is 10 rules.
    assert_eq!(
        rules::List::builder().send(&client).unwrap().rules.len(),
        10
    );
}

#[test]
fn verdict_reason_overrides_change_lookups_and_are_listed() {
    let server = LocalServer::start().unwrap();
    let client = server.client();
    let vm = format!("{TELEMETRY_CHALLENGE_PREFIX}vdi");
    assert_eq!(lookup(&client, &vm).verdict.action, Action::Challenge);

    let set = verdict_reasons::Override::builder()
        .verdict_reason("VIRTUAL_MACHINE")
        .override_action(RuleAction::Allow)
        .override_description("our support desk runs in VMs")
        .send(&client)
        .unwrap();
    let action = &set.verdict_reason_action;
    assert_eq!(action.default_action, Action::Challenge);
    assert_eq!(action.override_action, Some(Action::Allow));
    assert!(action.override_created_at.is_some());

    let overridden = lookup(&client, &vm).verdict;
    assert_eq!(overridden.action, Action::Allow);
    assert_eq!(overridden.reasons, ["VIRTUAL_MACHINE"]);
    assert_eq!(overridden.verdict_reason_overrides.len(), 1);
    assert_eq!(
        overridden.verdict_reason_overrides[0].override_action,
        Action::Allow
    );

    let all = verdict_reasons::List::builder().send(&client).unwrap();
    let names: Vec<&str> = all
        .verdict_reason_actions
        .iter()
        .map(|r| r.verdict_reason.as_str())
        .collect();
    assert_eq!(
        names,
        [
            "HEADLESS_BROWSER_AUTOMATION",
            "USER_AGENT_DECEPTION",
            "VIRTUAL_MACHINE",
            "SMART_RATE_LIMIT_WARNING"
        ]
    );
    let only = verdict_reasons::List::builder()
        .overrides_only(true)
        .send(&client)
        .unwrap();
    assert_eq!(only.verdict_reason_actions.len(), 1);
    assert_eq!(
        only.verdict_reason_actions[0]
            .override_description
            .as_deref(),
        Some("our support desk runs in VMs")
    );

    // RULE_MATCH and unknown reasons cannot be overridden.
    for reason in ["RULE_MATCH", "NOT_A_REASON"] {
        let result = verdict_reasons::Override::builder()
            .verdict_reason(reason)
            .override_action(RuleAction::Block)
            .send(&client);
        assert_eq!(api_error(result), (400, "invalid_verdict_reason".into()));
    }

    // NONE removes the override.
    verdict_reasons::Override::builder()
        .verdict_reason("VIRTUAL_MACHINE")
        .override_action(RuleAction::None)
        .send(&client)
        .unwrap();
    let back = lookup(&client, &vm).verdict;
    assert_eq!(back.action, Action::Challenge);
    assert!(back.verdict_reason_overrides.is_empty());
    let only = verdict_reasons::List::builder()
        .overrides_only(true)
        .send(&client)
        .unwrap();
    assert!(only.verdict_reason_actions.is_empty());
}

#[test]
fn email_risk_follows_the_documented_rule() {
    let server = LocalServer::start().unwrap();
    let client = server.client();
    let risk = |address: &str| {
        email::Risk::builder()
            .email_address(address)
            .send(&client)
            .unwrap()
    };
    for (address, action, score) in [
        ("ada@example.com", Action::Allow, 0),
        ("a.da@example.com", Action::Allow, 10),
        ("support@example.com", Action::Challenge, 30),
        ("bounce@example.com", Action::Challenge, 40),
        ("a.d.a+promo@example.com", Action::Challenge, 30),
        ("ada@mailinator.com", Action::Block, 80),
        ("ada@nowhere.invalid", Action::Block, 80),
        ("admin@yopmail.com", Action::Block, 100),
        ("not-an-address", Action::Block, 100),
    ] {
        let answer = risk(address);
        assert_eq!(
            (answer.action, answer.risk_score),
            (action, score),
            "{address}"
        );
    }
    let detail = risk("A.Da+promo@Example.com");
    let info = &detail.address_information;
    assert_eq!(info.normalized_email, "ada@example.com");
    assert_eq!(info.tumbling_character_count, 2);
    assert!(info.has_valid_syntax && !info.is_suspected_role_address);
    assert!(detail.domain_information.has_mx_or_a_record);
    let disposable = risk("ada@mailinator.com");
    assert!(disposable.domain_information.is_disposable_domain);
    assert!(!risk("x@host.test").domain_information.has_mx_or_a_record);
    assert!(
        risk("bounce-7@example.com")
            .address_information
            .has_known_bounces
    );
    assert!(!risk("not-an-address").address_information.has_valid_syntax);
}

const BASE58: &[u8; 58] = b"123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

/// Bitcoin-alphabet base58, as Solana writes keys and signatures.
fn base58(bytes: &[u8]) -> String {
    let mut digits: Vec<u8> = Vec::new();
    for &byte in bytes {
        let mut carry = u32::from(byte);
        for digit in &mut digits {
            carry += u32::from(*digit) << 8;
            *digit = (carry % 58) as u8;
            carry /= 58;
        }
        while carry > 0 {
            digits.push((carry % 58) as u8);
            carry /= 58;
        }
    }
    let zeros = bytes.iter().take_while(|&&b| b == 0).count();
    std::iter::repeat_n('1', zeros)
        .chain(
            digits
                .iter()
                .rev()
                .map(|&d| char::from(BASE58[usize::from(d)])),
        )
        .collect()
}

#[test]
fn base58_matches_known_values() {
    assert_eq!(base58(b"Hello World!"), "2NEpo7TZRRrLZSi2U");
    assert_eq!(base58(&[0, 0, 1]), "112");
    assert_eq!(base58(&[0u8; 32]), "11111111111111111111111111111111");
}

/// A Solana wallet of the test: an Ed25519 key from a fixed seed.
struct Wallet {
    key: Ed25519KeyPair,
}

impl Wallet {
    fn new(seed: u8) -> Wallet {
        Wallet {
            key: Ed25519KeyPair::from_seed_unchecked(&[seed; 32]).unwrap(),
        }
    }

    fn address(&self) -> String {
        base58(self.key.public_key().as_ref())
    }

    fn sign(&self, message: &str) -> String {
        base58(self.key.sign(message.as_bytes()).as_ref())
    }
}

#[test]
fn a_solana_wallet_logs_in_once_per_challenge() {
    let server = LocalServer::start().unwrap();
    let client = server.client();
    let wallet = Wallet::new(7);
    let start = || {
        crypto_wallets::AuthenticateStart::builder()
            .crypto_wallet_type("solana")
            .crypto_wallet_address(wallet.address())
            .send(&client)
            .unwrap()
    };
    let authenticate = |signature: &str| {
        crypto_wallets::Authenticate::builder()
            .crypto_wallet_type("solana")
            .crypto_wallet_address(wallet.address())
            .signature(signature)
            .session_duration_minutes(30u32)
            .send(&client)
    };

    // A wallet nobody has: a new user, and a challenge to sign.
    let started = start();
    assert!(started.user_created);
    assert!(started.challenge.starts_with("Signing in with Project: "));
    let signature = wallet.sign(&started.challenge);
    let login = authenticate(&signature).unwrap();
    assert_eq!(login.user_id, started.user_id);
    let wallet_listed = &login.user.crypto_wallets[0];
    assert!(wallet_listed.verified);
    assert_eq!(wallet_listed.crypto_wallet_type, "solana");
    assert_eq!(wallet_listed.crypto_wallet_address, wallet.address());
    let session = login.session.clone().unwrap();
    let used = &session.authentication_factors[0];
    assert_eq!(used.kind, AuthenticationFactorType::Crypto);
    assert_eq!(
        used.delivery_method,
        AuthenticationFactorDeliveryMethod::CryptoWallet
    );
    assert_eq!(
        used.crypto_wallet_factor.as_ref().unwrap().crypto_wallet_id,
        wallet_listed.crypto_wallet_id
    );

    // The session is real: authenticate accepts it, revoke ends it.
    let token = login.session_token.expose().to_owned();
    let live = sessions::Authenticate::builder()
        .session_token(&token)
        .send(&client)
        .unwrap();
    assert_eq!(live.session.session_id, session.session_id);

    // The same signature again: the challenge is spent.
    assert_eq!(
        api_error(authenticate(&signature)),
        (401, "unable_to_authenticate_crypto_wallet".into())
    );

    // The next start finds the same user; a signature of anything but its
    // challenge (or by another key) is refused, and spends it too.
    let again = start();
    assert!(!again.user_created);
    assert_eq!(again.user_id, started.user_id);
    assert_ne!(again.challenge, started.challenge);
    let wrong = wallet.sign(&started.challenge);
    assert_eq!(
        api_error(authenticate(&wrong)),
        (401, "unable_to_authenticate_crypto_wallet".into())
    );
    let third = start();
    let stranger = Wallet::new(8).sign(&third.challenge);
    assert_eq!(
        api_error(authenticate(&stranger)),
        (401, "unable_to_authenticate_crypto_wallet".into())
    );

    // A challenge waits 10 minutes.
    let fourth = start();
    server.advance_clock(Duration::from_secs(11 * 60));
    assert_eq!(
        api_error(authenticate(&wallet.sign(&fourth.challenge))),
        (401, "unable_to_authenticate_crypto_wallet".into())
    );

    sessions::Revoke::builder()
        .session_token(&token)
        .send(&client)
        .unwrap();
    let ended = sessions::Authenticate::builder()
        .session_token(&token)
        .send(&client);
    assert_eq!(api_error(ended), (404, "session_not_found".into()));

    // Deleting the wallet: gone from the user, then unknown.
    let wallet_id = wallet_listed.crypto_wallet_id.clone();
    let after = users::DeleteCryptoWallet::builder()
        .crypto_wallet_id(&wallet_id)
        .send(&client)
        .unwrap();
    assert!(after.user.crypto_wallets.is_empty());
    let twice = users::DeleteCryptoWallet::builder()
        .crypto_wallet_id(&wallet_id)
        .send(&client);
    assert_eq!(api_error(twice), (404, "crypto_wallet_not_found".into()));
    let result = authenticate(&signature);
    assert_eq!(api_error(result), (404, "crypto_wallet_not_found".into()));
}

#[test]
fn an_ethereum_wallet_joins_a_user_with_a_siwe_challenge() {
    let server = LocalServer::start().unwrap();
    let client = server.client();
    let address = "0x6df2dB4Fb3DA35d241901Bd53367770BF03123f1";
    let started = crypto_wallets::AuthenticateStart::builder()
        .crypto_wallet_type("ethereum")
        .crypto_wallet_address(address)
        .user_id(DEMO_USER_ID)
        .siwe_params(
            crypto_wallets::SiweParams::new("app.example.com", "https://app.example.com/login")
                .statement("Log in to Example")
                .chain_id("137")
                .message_request_id("login-1"),
        )
        .send(&client)
        .unwrap();
    assert!(!started.user_created);
    assert_eq!(started.user_id, DEMO_USER_ID);
    assert!(started.challenge.starts_with(
        "app.example.com wants you to sign in with your Ethereum account:\n0x6df2dB4Fb3DA35d241901Bd53367770BF03123f1\n\nLog in to Example\n"
    ));
    assert!(started.challenge.contains("\nChain ID: 137\n"));

    // Ethereum signatures are checked for their shape only.
    let badly_shaped = crypto_wallets::Authenticate::builder()
        .crypto_wallet_type("ethereum")
        .crypto_wallet_address(address.to_lowercase())
        .signature("0x1234")
        .send(&client);
    assert_eq!(
        api_error(badly_shaped),
        (401, "unable_to_authenticate_crypto_wallet".into())
    );
    let restarted = crypto_wallets::AuthenticateStart::builder()
        .crypto_wallet_type("ethereum")
        .crypto_wallet_address(address)
        .siwe_params(crypto_wallets::SiweParams::new(
            "app.example.com",
            "https://app.example.com/login",
        ))
        .send(&client)
        .unwrap();
    // The address is compared without regard to case: the same user.
    assert_eq!(restarted.user_id, DEMO_USER_ID);
    let login = crypto_wallets::Authenticate::builder()
        .crypto_wallet_type("ethereum")
        .crypto_wallet_address(address.to_lowercase())
        .signature(format!("0x{}1c", "ab".repeat(64)))
        .session_token(stytch_local::DEMO_SESSION_TOKEN)
        .send(&client)
        .unwrap();
    let siwe = login.siwe_params.unwrap();
    assert_eq!(siwe.domain, "app.example.com");
    assert_eq!(siwe.chain_id, "1");
    assert_eq!(siwe.status_code, 200);
    let kinds: Vec<_> = login
        .session
        .unwrap()
        .authentication_factors
        .iter()
        .map(|f| f.kind.clone())
        .collect();
    assert!(kinds.contains(&AuthenticationFactorType::Crypto));

    // Another user cannot take the wallet; SIWE is for Ethereum only.
    let other = users::Create::builder()
        .email("grace@example.com")
        .send(&client)
        .unwrap();
    let taken = crypto_wallets::AuthenticateStart::builder()
        .crypto_wallet_type("ethereum")
        .crypto_wallet_address(address)
        .user_id(&other.user_id)
        .send(&client);
    assert_eq!(api_error(taken), (400, "duplicate_crypto_wallet".into()));
    let solana_siwe = crypto_wallets::AuthenticateStart::builder()
        .crypto_wallet_type("solana")
        .crypto_wallet_address(Wallet::new(9).address())
        .siwe_params(crypto_wallets::SiweParams::new(
            "a.example",
            "https://a.example",
        ))
        .send(&client);
    assert_eq!(api_error(solana_siwe), (400, "invalid_siwe_params".into()));
    let not_an_address = crypto_wallets::AuthenticateStart::builder()
        .crypto_wallet_type("ethereum")
        .crypto_wallet_address("0xnope")
        .send(&client);
    assert_eq!(
        api_error(not_an_address),
        (400, "invalid_crypto_wallet_address".into())
    );
}

#[test]
fn impersonation_starts_a_real_session_of_the_demo_user() {
    let server = LocalServer::start().unwrap();
    let client = server.client();
    let answer = impersonation::Authenticate::builder()
        .impersonation_token(IMPERSONATION_TEST_TOKEN)
        .send(&client)
        .unwrap();
    assert_eq!(answer.user_id, DEMO_USER_ID);
    let session = answer.session.unwrap();
    assert_eq!(session.authentication_factors.len(), 1);
    let used = &session.authentication_factors[0];
    assert_eq!(used.kind, AuthenticationFactorType::Impersonated);
    assert_eq!(
        used.delivery_method,
        AuthenticationFactorDeliveryMethod::Impersonation
    );
    assert!(used.impersonated_factor.is_some());
    let live = sessions::Authenticate::builder()
        .session_jwt(answer.session_jwt.expose())
        .send(&client)
        .unwrap();
    assert_eq!(live.session.session_id, session.session_id);
    assert_eq!(live.user.user_id, DEMO_USER_ID);

    let refused = impersonation::Authenticate::builder()
        .impersonation_token("SeiGwdj5lKkrEVgcEY3QNJXt6srxS3IK2Nwkar6mXD4=")
        .send(&client);
    assert_eq!(
        api_error(refused),
        (404, "impersonation_token_not_found".into())
    );
}

#[test]
fn the_rbac_policy_is_the_tests() {
    let policy = RbacPolicy::new(
        vec![PolicyRole::new(
            "auditor",
            "Reads the ledger",
            vec![Permission::new("ledger", ["read"])],
        )],
        vec![PolicyResource::new(
            "ledger",
            "The books",
            ["read", "write"],
        )],
        vec![PolicyScope::new(
            "read:ledger",
            "Read the books",
            vec![Permission::new("ledger", ["read"])],
        )],
    );
    let server =
        LocalServer::start_with(LocalServerConfig::default().rbac_policy(policy.clone())).unwrap();
    let answer = rbac::Policy::builder().send(&server.client()).unwrap();
    assert_eq!(answer.policy, Some(policy));

    // The default, and a project without a policy.
    let default = LocalServer::start().unwrap();
    let answer = rbac::Policy::builder().send(&default.client()).unwrap();
    assert_eq!(answer.policy, Some(stytch_local::default_rbac_policy()));
    let none = LocalServer::start_with(LocalServerConfig {
        rbac_policy: None,
        ..LocalServerConfig::default()
    })
    .unwrap();
    let answer = rbac::Policy::builder().send(&none.client()).unwrap();
    assert_eq!(answer.policy, None);
}

#[test]
fn metrics_count_the_users() {
    let server = LocalServer::start().unwrap();
    let client = server.client();
    let users_now = || {
        let metrics = project::Metrics::builder().send(&client).unwrap();
        assert_eq!(metrics.project_id, server.project_id());
        metrics.count(&MetricType::UserCount).unwrap()
    };
    assert_eq!(users_now(), 1); // the demo user
    let ada = users::Create::builder()
        .email("ada@example.com")
        .send(&client)
        .unwrap();
    users::Create::builder()
        .email("grace@example.com")
        .send(&client)
        .unwrap();
    assert_eq!(users_now(), 3);
    users::Delete::builder()
        .user_id(&ada.user_id)
        .send(&client)
        .unwrap();
    assert_eq!(users_now(), 2);
}

#[test]
fn the_oauth_and_external_id_deletes_remove_what_they_name() {
    let server = LocalServer::start().unwrap();
    let client = server.client();

    // An OAuth login links a Google account to the demo user.
    oauth::Authenticate::builder()
        .token(OAUTH_TEST_TOKEN)
        .send(&client)
        .unwrap();
    let demo = users::Get::builder()
        .user_id(DEMO_USER_ID)
        .send(&client)
        .unwrap();
    assert_eq!(demo.user.providers.len(), 1);
    let registration = demo.user.providers[0].oauth_user_registration_id.clone();
    let after = users::DeleteOAuthRegistration::builder()
        .oauth_user_registration_id(&registration)
        .send(&client)
        .unwrap();
    assert_eq!(after.user_id, DEMO_USER_ID);
    assert!(after.user.providers.is_empty());
    let twice = users::DeleteOAuthRegistration::builder()
        .oauth_user_registration_id(&registration)
        .send(&client);
    assert_eq!(
        api_error(twice),
        (404, "oauth_user_registration_not_found".into())
    );

    // The external id: removed, after which it names nobody.
    let grace = users::Create::builder()
        .email("grace@example.com")
        .external_id("crm-7")
        .send(&client)
        .unwrap();
    let found = users::Get::builder()
        .user_id("crm-7")
        .send(&client)
        .unwrap();
    assert_eq!(found.user.user_id, grace.user_id);
    let after = users::DeleteExternalId::builder()
        .user_id("crm-7")
        .send(&client)
        .unwrap();
    assert_eq!(after.user_id, grace.user_id);
    assert_eq!(after.user.external_id, None);
    let gone = users::Get::builder().user_id("crm-7").send(&client);
    assert_eq!(api_error(gone), (404, "user_not_found".into()));
    let twice = users::DeleteExternalId::builder()
        .user_id("crm-7")
        .send(&client);
    assert_eq!(api_error(twice), (404, "user_not_found".into()));
    // The user is still there by their own id.
    let still = users::Get::builder()
        .user_id(&grace.user_id)
        .send(&client)
        .unwrap();
    assert_eq!(still.user.external_id, None);
}
