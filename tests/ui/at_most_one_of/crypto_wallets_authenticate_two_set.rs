// `crypto_wallets::Authenticate` takes at most one of session_token, session_jwt.
use stytch_endpoints::crypto_wallets;

fn main() {
    let _ = crypto_wallets::Authenticate::builder()
        .crypto_wallet_type("solana")
        .crypto_wallet_address("11111111111111111111111111111111")
        .signature("sig")
        .session_jwt("eyJ...")
        .session_token("tok");
}
