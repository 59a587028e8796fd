//! Password hashing with argon2id at OWASP's recommended parameters (19 MiB, t=2, p=1).
//! The `argon2` crate (RustCrypto) is used rather than anything hand-written.

use argon2::password_hash::{
    rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString,
};
use argon2::{Algorithm, Argon2, Params, Version};
use std::sync::OnceLock;

fn hasher() -> anyhow::Result<Argon2<'static>> {
    let params = Params::new(19 * 1024, 2, 1, None).map_err(|e| anyhow::anyhow!("{e}"))?;
    Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
}

pub fn hash(password: &str) -> anyhow::Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    Ok(hasher()?
        .hash_password(password.as_bytes(), &salt)
        .map_err(|e| anyhow::anyhow!("{e}"))?
        .to_string())
}

pub fn verify(password: &str, hash: &str) -> bool {
    let Ok(parsed) = PasswordHash::new(hash) else {
        return false;
    };
    hasher()
        .map(|h| h.verify_password(password.as_bytes(), &parsed).is_ok())
        .unwrap_or(false)
}

/// A hash to verify against when the account does not exist, so that the time taken does not
/// reveal whether a username is real.
pub fn dummy_hash() -> &'static str {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY.get_or_init(|| hash("vitrine-no-such-user").unwrap_or_default())
}

/// Hashing is deliberately slow: keep it off the async executor.
pub async fn hash_blocking(password: String) -> anyhow::Result<String> {
    tokio::task::spawn_blocking(move || hash(&password)).await?
}

pub async fn verify_blocking(password: String, hash: String) -> bool {
    tokio::task::spawn_blocking(move || verify(&password, &hash))
        .await
        .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_verify_and_are_salted() {
        let a = hash("vitrine-demo").unwrap_or_default();
        let b = hash("vitrine-demo").unwrap_or_default();
        assert!(a.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{a}");
        assert_ne!(a, b, "each hash has its own salt");
        assert!(verify("vitrine-demo", &a));
        assert!(verify("vitrine-demo", &b));
    }

    #[test]
    fn wrong_password_or_garbage_hash_fails() {
        let a = hash("vitrine-demo").unwrap_or_default();
        assert!(!verify("vitrine-dem0", &a));
        assert!(!verify("", &a));
        assert!(!verify("vitrine-demo", "not a hash"));
        assert!(!verify("vitrine-no-such-user-x", dummy_hash()));
    }
}
