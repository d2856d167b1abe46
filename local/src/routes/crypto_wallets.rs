//! `/v1/crypto_wallets/...`: wallet logins. A start draws a challenge
//! (CSPRNG) for the wallet; the next authenticate for that wallet spends
//! it. Solana signatures are verified (Ed25519, with `ring`); Ethereum
//! signatures are checked for their shape only, since `ring` has no
//! secp256k1 to recover the signer's address with.

use ring::signature::{ED25519, UnparsedPublicKey};

use super::totps::add_claims;
use super::{Entry, Reply, answer, entry, session_parts};
use crate::state::{Inner, State, factor};
use crate::{Fail, PROJECT_NAME, ids};
use stytch_endpoints::crypto_wallets::{self, SiweParams, SiweParamsResponse};
use stytch_endpoints::types::{
    AuthenticationFactorDeliveryMethod as Delivery, AuthenticationFactorType as Kind, CryptoWallet,
    CryptoWalletFactor,
};

pub fn entries() -> Vec<Entry> {
    vec![
        entry::<crypto_wallets::AuthenticateStart>(start),
        entry::<crypto_wallets::Authenticate>(authenticate),
    ]
}

/// How long a challenge waits for its signature.
pub const CHALLENGE_LIFETIME_SECS: u64 = 10 * 60;

/// The challenges waiting for a signature, one per wallet at most.
#[derive(Debug, Default)]
pub struct Challenges {
    pending: Vec<Pending>,
}

#[derive(Debug)]
struct Pending {
    wallet: WalletKey,
    user_id: String,
    challenge: String,
    expires_at: u64,
    siwe: Option<SiweParamsResponse>,
}

/// A wallet as the server compares it: its type and its address
/// (Ethereum addresses without regard to letter case, which only carries
/// a checksum there).
#[derive(Debug, Clone, PartialEq, Eq)]
struct WalletKey {
    kind: Chain,
    address: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Chain {
    Ethereum,
    Solana,
}

impl Chain {
    fn name(self) -> &'static str {
        match self {
            Chain::Ethereum => "ethereum",
            Chain::Solana => "solana",
        }
    }
}

/// The wallet a request names, with its address checked.
fn wallet_key(kind: &str, address: &str) -> Result<WalletKey, Fail> {
    let chain = match kind {
        "ethereum" => Chain::Ethereum,
        "solana" => Chain::Solana,
        _ => {
            return Err(Fail::new(
                400,
                "invalid_crypto_wallet_type",
                "crypto_wallet_type must be ethereum or solana",
            ));
        }
    };
    let valid = match chain {
        Chain::Ethereum => {
            address.len() == 42 && address.starts_with("0x") && is_hex(&address[2..])
        }
        Chain::Solana => base58_decode(address).is_some_and(|key| key.len() == 32),
    };
    if !valid {
        return Err(Fail::new(
            400,
            "invalid_crypto_wallet_address",
            format!("this is not a {} wallet address", chain.name()),
        ));
    }
    let address = match chain {
        Chain::Ethereum => address.to_ascii_lowercase(),
        Chain::Solana => address.to_owned(),
    };
    Ok(WalletKey {
        kind: chain,
        address,
    })
}

fn is_hex(text: &str) -> bool {
    text.bytes().all(|b| b.is_ascii_hexdigit())
}

fn matches(wallet: &CryptoWallet, key: &WalletKey) -> bool {
    wallet.crypto_wallet_type == key.kind.name()
        && match key.kind {
            Chain::Ethereum => wallet
                .crypto_wallet_address
                .eq_ignore_ascii_case(&key.address),
            Chain::Solana => wallet.crypto_wallet_address == key.address,
        }
}

/// The owner of the wallet and the wallet's position in their list.
fn find_wallet(s: &Inner, key: &WalletKey) -> Option<(usize, usize)> {
    s.users.iter().enumerate().find_map(|(ui, u)| {
        u.crypto_wallets
            .iter()
            .position(|w| matches(w, key))
            .map(|wi| (ui, wi))
    })
}

const BASE58: &[u8; 58] = b"123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

/// Decodes Bitcoin-alphabet base58 (Solana's addresses and signatures).
/// `None` for a character outside the alphabet or an input longer than
/// any key or signature (so decoding stays cheap).
pub fn base58_decode(text: &str) -> Option<Vec<u8>> {
    if text.is_empty() || text.len() > 128 {
        return None;
    }
    // A little-endian big number, multiplied by 58 per digit.
    let mut number: Vec<u8> = Vec::with_capacity(text.len());
    for c in text.bytes() {
        let mut carry = u32::try_from(BASE58.iter().position(|&a| a == c)?).ok()?;
        for byte in &mut number {
            carry += u32::from(*byte) * 58;
            *byte = (carry & 0xff) as u8;
            carry >>= 8;
        }
        while carry > 0 {
            number.push((carry & 0xff) as u8);
            carry >>= 8;
        }
    }
    let zeros = text.bytes().take_while(|&c| c == b'1').count();
    let mut out = vec![0u8; zeros];
    out.extend(number.iter().rev());
    Some(out)
}

/// Whether `signature` signs `message` for the wallet: verified for
/// Solana, checked for its shape (65 bytes of hex, a valid recovery byte)
/// for Ethereum.
fn signature_passes(key: &WalletKey, message: &str, signature: &str) -> bool {
    match key.kind {
        Chain::Ethereum => {
            let Some(hex) = signature.strip_prefix("0x") else {
                return false;
            };
            hex.len() == 130
                && is_hex(hex)
                && u8::from_str_radix(&hex[128..], 16).is_ok_and(|v| matches!(v, 0 | 1 | 27 | 28))
        }
        Chain::Solana => {
            let (Some(public), Some(sig)) = (base58_decode(&key.address), base58_decode(signature))
            else {
                return false;
            };
            sig.len() == 64
                && UnparsedPublicKey::new(&ED25519, public)
                    .verify(message.as_bytes(), &sig)
                    .is_ok()
        }
    }
}

fn bad_siwe(message: &str) -> Fail {
    Fail::new(400, "invalid_siwe_params", message.to_owned())
}

/// The Sign-In with Ethereum (EIP-4361) message for `params`, and the
/// fields the authenticate answer repeats.
fn siwe_message(
    params: &SiweParams,
    address: &str,
    nonce: &str,
    now: u64,
) -> Result<(String, SiweParamsResponse), Fail> {
    if params.domain.is_empty() || params.uri.is_empty() {
        return Err(bad_siwe("siwe_params needs a domain and a uri"));
    }
    let chain_id = params.chain_id.clone().unwrap_or_else(|| "1".to_owned());
    if chain_id.is_empty() || !chain_id.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad_siwe("siwe_params.chain_id must be a decimal number"));
    }
    if params
        .statement
        .as_deref()
        .is_some_and(|s| s.contains(['\n', '\r']))
    {
        return Err(bad_siwe("siwe_params.statement must be one line"));
    }
    let issued_at = params
        .issued_at
        .clone()
        .unwrap_or_else(|| ids::rfc3339(now));
    let mut text = format!(
        "{} wants you to sign in with your Ethereum account:\n{address}\n\n",
        params.domain
    );
    if let Some(statement) = &params.statement {
        text.push_str(statement);
        text.push('\n');
    }
    text.push_str(&format!(
        "\nURI: {}\nVersion: 1\nChain ID: {chain_id}\nNonce: {nonce}\nIssued At: {issued_at}",
        params.uri
    ));
    if let Some(at) = &params.not_before {
        text.push_str(&format!("\nNot Before: {at}"));
    }
    if let Some(id) = &params.message_request_id {
        text.push_str(&format!("\nRequest ID: {id}"));
    }
    if !params.resources.is_empty() {
        text.push_str("\nResources:");
        for r in &params.resources {
            text.push_str(&format!("\n- {r}"));
        }
    }
    let mut echo = SiweParamsResponse::default();
    echo.request_id = ids::request_id();
    echo.status_code = 200;
    echo.domain.clone_from(&params.domain);
    echo.uri.clone_from(&params.uri);
    echo.chain_id = chain_id;
    echo.resources.clone_from(&params.resources);
    echo.issued_at = Some(issued_at);
    echo.message_request_id
        .clone_from(&params.message_request_id);
    Ok((text, echo))
}

fn start(state: &State, p: crypto_wallets::AuthenticateStart) -> Reply {
    let key = wallet_key(p.crypto_wallet_type(), p.crypto_wallet_address())?;
    if p.siwe_params().is_some() && key.kind != Chain::Ethereum {
        return Err(bad_siwe("siwe_params are for ethereum wallets only"));
    }
    state.with(|s| {
        let now = s.now();
        let names_user =
            p.user_id().is_some() || p.session_token().is_some() || p.session_jwt().is_some();
        let named = if names_user {
            Some(s.user_by_any(p.user_id(), p.session_token(), p.session_jwt())?)
        } else {
            None
        };
        let owner = find_wallet(s, &key).map(|(ui, _)| ui);
        let mut user_created = false;
        let ui = match (named, owner) {
            (Some(n), Some(o)) if n != o => {
                return Err(Fail::new(
                    400,
                    "duplicate_crypto_wallet",
                    "another user already has this crypto wallet",
                ));
            }
            (_, Some(o)) => o,
            (Some(n), None) => n,
            (None, None) => {
                s.users.push(crate::state::new_user(ids::id("user")));
                user_created = true;
                s.users.len() - 1
            }
        };
        if owner.is_none() {
            let mut wallet = CryptoWallet::default();
            wallet.crypto_wallet_id = ids::id("crypto-wallet");
            wallet.crypto_wallet_address = p.crypto_wallet_address().clone();
            wallet.crypto_wallet_type = key.kind.name().to_owned();
            s.users[ui].crypto_wallets.push(wallet);
        }
        let mut nonce = [0u8; 16];
        ids::fill_random(&mut nonce);
        let nonce: String = nonce.iter().map(|b| format!("{b:02x}")).collect();
        let (challenge, siwe) = match p.siwe_params() {
            Some(params) => {
                let (text, echo) = siwe_message(params, p.crypto_wallet_address(), &nonce, now)?;
                (text, Some(echo))
            }
            None => (
                format!("Signing in with Project: {PROJECT_NAME} (nonce {nonce})"),
                None,
            ),
        };
        let user_id = s.users[ui].user_id.clone();
        let challenges = &mut s.wallet_challenges.pending;
        challenges.retain(|c| c.wallet != key && c.expires_at > now);
        challenges.push(Pending {
            wallet: key,
            user_id: user_id.clone(),
            challenge: challenge.clone(),
            expires_at: now + CHALLENGE_LIFETIME_SECS,
            siwe,
        });
        let mut out = crypto_wallets::AuthenticateStartResponse::default();
        out.user_id = user_id;
        out.challenge = challenge;
        out.user_created = user_created;
        Ok(answer(&out))
    })
}

fn unable(message: &str) -> Fail {
    Fail::new(
        401,
        "unable_to_authenticate_crypto_wallet",
        message.to_owned(),
    )
}

fn authenticate(state: &State, p: crypto_wallets::Authenticate) -> Reply {
    let key = wallet_key(p.crypto_wallet_type(), p.crypto_wallet_address())?;
    state.with(|s| {
        let now = s.now();
        let existing = s.optional_session(p.session_token(), p.session_jwt())?;
        let (ui, wi) = find_wallet(s, &key).ok_or_else(|| {
            Fail::new(
                404,
                "crypto_wallet_not_found",
                "no user has this crypto wallet; call authenticate/start first",
            )
        })?;
        // The challenge is spent by this attempt, whatever its outcome.
        let challenges = &mut s.wallet_challenges.pending;
        let pending = challenges
            .iter()
            .position(|c| c.wallet == key)
            .map(|i| challenges.remove(i))
            .filter(|c| c.expires_at > now)
            .ok_or_else(|| {
                unable("no challenge is waiting for this wallet (used or expired); start again")
            })?;
        if !signature_passes(&key, &pending.challenge, p.signature()) {
            return Err(unable(
                "the signature does not sign this wallet's challenge",
            ));
        }
        let user_id = s.users[ui].user_id.clone();
        if user_id != pending.user_id {
            return Err(unable("the wallet changed hands since the challenge"));
        }
        let wallet = &mut s.users[ui].crypto_wallets[wi];
        wallet.verified = true;
        let mut details = CryptoWalletFactor::default();
        details
            .crypto_wallet_id
            .clone_from(&wallet.crypto_wallet_id);
        details
            .crypto_wallet_address
            .clone_from(&wallet.crypto_wallet_address);
        details
            .crypto_wallet_type
            .clone_from(&wallet.crypto_wallet_type);
        let mut used = factor(Kind::Crypto, Delivery::CryptoWallet);
        used.crypto_wallet_factor = Some(details);
        let si = s.login(
            &user_id,
            existing,
            p.session_duration_minutes().copied(),
            used,
        )?;
        add_claims(s, si, p.session_custom_claims());
        let mut out = crypto_wallets::AuthenticateResponse::default();
        out.user_id = user_id;
        (out.session, out.session_token, out.session_jwt) = session_parts(s, si);
        out.user = s.users[ui].clone();
        out.siwe_params = pending.siwe;
        Ok(answer(&out))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base58_decodes_known_values() {
        assert_eq!(base58_decode("1").unwrap(), [0]);
        assert_eq!(base58_decode("11").unwrap(), [0, 0]);
        assert_eq!(base58_decode("2").unwrap(), [1]);
        assert_eq!(base58_decode("z").unwrap(), [57]);
        assert_eq!(base58_decode("5Q").unwrap(), [255]);
        // "Hello World!" in the Bitcoin alphabet.
        assert_eq!(base58_decode("2NEpo7TZRRrLZSi2U").unwrap(), b"Hello World!");
        assert!(base58_decode("0OIl").is_none());
        assert!(base58_decode("").is_none());
        // The system program's address: 32 zero bytes.
        assert_eq!(
            base58_decode("11111111111111111111111111111111").unwrap(),
            [0u8; 32]
        );
    }

    #[test]
    fn addresses_are_checked_per_chain() {
        assert!(wallet_key("ethereum", "0x6df2dB4Fb3DA35d241901Bd53367770BF03123f1").is_ok());
        assert!(wallet_key("ethereum", "0x6df2").is_err());
        assert!(wallet_key("ethereum", "6df2dB4Fb3DA35d241901Bd53367770BF03123f1aa").is_err());
        assert!(wallet_key("solana", "11111111111111111111111111111111").is_ok());
        assert!(wallet_key("solana", "0x6df2dB4Fb3DA35d241901Bd53367770BF03123f1").is_err());
        assert_eq!(
            wallet_key("bitcoin", "x").unwrap_err().error_type,
            "invalid_crypto_wallet_type"
        );
    }

    #[test]
    fn ethereum_signatures_are_checked_for_shape() {
        let key = wallet_key("ethereum", "0x6df2dB4Fb3DA35d241901Bd53367770BF03123f1").unwrap();
        let good = format!("0x{}1b", "ab".repeat(64));
        assert!(signature_passes(&key, "any", &good));
        assert!(!signature_passes(
            &key,
            "any",
            &format!("0x{}1d", "ab".repeat(64))
        ));
        assert!(!signature_passes(&key, "any", &good[2..]));
        assert!(!signature_passes(&key, "any", "0x1234"));
    }

    #[test]
    fn siwe_messages_follow_eip_4361() {
        let params = SiweParams::new("app.example.com", "https://app.example.com/login")
            .statement("Log in")
            .resources(vec!["https://app.example.com/terms".to_owned()]);
        let (text, echo) = siwe_message(&params, "0xABC", "n0nce", 0).unwrap();
        assert_eq!(
            text,
            "app.example.com wants you to sign in with your Ethereum account:\n0xABC\n\n\
             Log in\n\nURI: https://app.example.com/login\nVersion: 1\nChain ID: 1\n\
             Nonce: n0nce\nIssued At: 1970-01-01T00:00:00Z\nResources:\n\
             - https://app.example.com/terms"
        );
        assert_eq!(echo.chain_id, "1");
        let bare = SiweParams::new("a.example", "https://a.example");
        let (text, _) = siwe_message(&bare, "0xABC", "n", 0).unwrap();
        assert!(text.contains("0xABC\n\n\nURI: "), "{text}");
        assert!(siwe_message(&SiweParams::new("", "u"), "0x", "n", 0).is_err());
    }
}
