// `crypto_wallets::AuthenticateStart` takes at most one of user_id, session_token, session_jwt.
use stytch_endpoints::crypto_wallets;

fn main() {
    let _ = crypto_wallets::AuthenticateStart::builder()
        .crypto_wallet_type("ethereum")
        .crypto_wallet_address("0x6df2dB4Fb3DA35d241901Bd53367770BF03123f1")
        .user_id("user-test-1")
        .session_token("tok");
}
