//! Password hashing with argon2id at OWASP's recommended parameters (19 MiB, t=2, p=1).
//! The `argon2` crate (RustCrypto) is used rather than anything hand-written.
//!
//! Every hash costs 19 MiB, so hashing is bounded: at most one hash per core runs at once (a
//! semaphore), each in a blocking thread with one of a fixed set of reused memory buffers, and a
//! request that cannot get a turn within [`QUEUE_WAIT`] is told the server is busy (HTTP 503).
//! A sign-in flood therefore costs a fixed ~19 MiB per core, never memory per request.

use argon2::password_hash::{rand_core::OsRng, PasswordHash, SaltString};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use std::sync::{Mutex, OnceLock};
use std::time::Duration;
use tokio::sync::Semaphore;

/// How long a sign-in waits for a hashing turn before it is answered "busy".
pub const QUEUE_WAIT: Duration = Duration::from_secs(3);

/// The server has no hashing turn free: try again shortly.
#[derive(Debug, PartialEq, Eq)]
pub struct Busy;

fn params() -> anyhow::Result<Params> {
    Params::new(19 * 1024, 2, 1, None).map_err(|e| anyhow::anyhow!("{e}"))
}

struct Pool {
    turns: Semaphore,
    buffers: Mutex<Vec<Vec<Block>>>,
}

fn pool() -> &'static Pool {
    static POOL: OnceLock<Pool> = OnceLock::new();
    POOL.get_or_init(|| {
        let n = std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
            .clamp(1, 8);
        Pool {
            turns: Semaphore::new(n),
            buffers: Mutex::new(Vec::with_capacity(n)),
        }
    })
}

/// Runs `f` with a reused memory buffer on a blocking thread, once a hashing turn is free.
async fn with_turn<T: Send + 'static>(
    f: impl FnOnce(&mut Vec<Block>) -> T + Send + 'static,
) -> Result<T, Busy> {
    let p = pool();
    let _turn = tokio::time::timeout(QUEUE_WAIT, p.turns.acquire())
        .await
        .map_err(|_| Busy)?
        .map_err(|_| Busy)?;
    tokio::task::spawn_blocking(move || {
        let mut buf = p
            .buffers
            .lock()
            .map(|mut b| b.pop())
            .ok()
            .flatten()
            .unwrap_or_default();
        let out = f(&mut buf);
        if let Ok(mut b) = p.buffers.lock() {
            b.push(buf);
        }
        out
    })
    .await
    .map_err(|_| Busy)
}

fn hash_with(mem: &mut Vec<Block>, password: &str) -> anyhow::Result<String> {
    let params = params()?;
    let salt = SaltString::generate(&mut OsRng);
    let mut salt_bytes = [0u8; 64];
    let salt_raw = salt
        .as_salt()
        .decode_b64(&mut salt_bytes)
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let mut out = [0u8; Params::DEFAULT_OUTPUT_LEN];
    let blocks = params.block_count();
    if mem.len() < blocks {
        mem.resize(blocks, Block::default());
    }
    let argon = Argon2::new(Algorithm::Argon2id, Version::V0x13, params.clone());
    argon
        .hash_password_into_with_memory(password.as_bytes(), salt_raw, &mut out, &mut mem[..blocks])
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let output = argon2::password_hash::Output::new(&out).map_err(|e| anyhow::anyhow!("{e}"))?;
    Ok(PasswordHash {
        algorithm: argon2::ARGON2ID_IDENT,
        version: Some(Version::V0x13.into()),
        params: argon2::password_hash::ParamsString::try_from(&params)
            .map_err(|e| anyhow::anyhow!("{e}"))?,
        salt: Some(salt.as_salt()),
        hash: Some(output),
    }
    .to_string())
}

fn verify_with(mem: &mut Vec<Block>, password: &str, hash: &str) -> bool {
    let Ok(parsed) = PasswordHash::new(hash) else {
        return false;
    };
    let (Ok(algorithm), Ok(params), Some(salt), Some(expected)) = (
        Algorithm::try_from(parsed.algorithm),
        Params::try_from(&parsed),
        parsed.salt,
        parsed.hash,
    ) else {
        return false;
    };
    let version = match parsed.version.map(Version::try_from) {
        None => Version::V0x13,
        Some(Ok(v)) => v,
        Some(Err(_)) => return false,
    };
    let mut salt_bytes = [0u8; 64];
    let Ok(salt_raw) = salt.decode_b64(&mut salt_bytes) else {
        return false;
    };
    let blocks = params.block_count();
    // A stored hash asking for more than 64 MiB is not one of ours: refuse, never allocate it.
    if blocks > 64 * 1024 {
        return false;
    }
    if mem.len() < blocks {
        mem.resize(blocks, Block::default());
    }
    let mut out = vec![0u8; expected.len()];
    if Argon2::new(algorithm, version, params)
        .hash_password_into_with_memory(password.as_bytes(), salt_raw, &mut out, &mut mem[..blocks])
        .is_err()
    {
        return false;
    }
    // Constant time: every byte is compared whatever the first difference.
    out.iter()
        .zip(expected.as_bytes())
        .fold(0u8, |acc, (a, b)| acc | (a ^ b))
        == 0
        && out.len() == expected.len()
}

/// Hashes on the calling thread (the CLI and the seeder; a server path uses [`hash_blocking`]).
pub fn hash(password: &str) -> anyhow::Result<String> {
    hash_with(&mut Vec::new(), password)
}

pub fn verify(password: &str, hash: &str) -> bool {
    verify_with(&mut Vec::new(), password, hash)
}

/// A hash to verify against when the account does not exist, so that the time taken does not
/// reveal whether a username is real.
pub fn dummy_hash() -> &'static str {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY.get_or_init(|| hash("vitrine-no-such-user").unwrap_or_default())
}

/// Hashing is deliberately slow: keep it off the async executor, one per core at most.
pub async fn hash_blocking(password: String) -> anyhow::Result<String> {
    with_turn(move |mem| hash_with(mem, &password))
        .await
        .map_err(|Busy| anyhow::anyhow!("the server is busy hashing passwords"))?
}

/// Verifies off the executor, one per core at most; `Err(Busy)` when no turn came in time.
pub async fn verify_blocking(password: String, hash: String) -> Result<bool, Busy> {
    with_turn(move |mem| verify_with(mem, &password, &hash)).await
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

    #[test]
    fn hashes_made_by_the_crate_itself_still_verify() {
        use argon2::password_hash::PasswordHasher;
        let salt = SaltString::generate(&mut OsRng);
        let argon = Argon2::new(
            Algorithm::Argon2id,
            Version::V0x13,
            params().unwrap_or_default(),
        );
        let h = argon
            .hash_password(b"older-hash", &salt)
            .map(|h| h.to_string())
            .unwrap_or_default();
        assert!(verify("older-hash", &h));
        assert!(!verify("older-hash!", &h));
        let mut mem = Vec::new();
        assert!(verify_with(&mut mem, "older-hash", &h));
        assert!(verify_with(&mut mem, "older-hash", &h), "a reused buffer");
    }

    #[test]
    fn a_hash_demanding_huge_memory_is_refused_without_allocating_it() {
        let h = "$argon2id$v=19$m=4194304,t=1,p=1$c29tZXNhbHRzb21lc2FsdA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
        assert!(!verify("x", h));
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn parallel_verifications_take_turns_and_all_finish() {
        let h = hash("vitrine-demo").unwrap_or_default();
        let tasks: Vec<_> = (0..6)
            .map(|i| {
                let h = h.clone();
                tokio::spawn(async move {
                    verify_blocking(if i % 2 == 0 { "vitrine-demo" } else { "x" }.into(), h).await
                })
            })
            .collect();
        let mut results = vec![];
        for t in tasks {
            results.push(t.await.unwrap_or(Err(Busy)));
        }
        assert_eq!(
            results,
            vec![
                Ok(true),
                Ok(false),
                Ok(true),
                Ok(false),
                Ok(true),
                Ok(false)
            ]
        );
        let pooled = pool().buffers.lock().map(|b| b.len()).unwrap_or(usize::MAX);
        assert!(
            pooled <= pool().turns.available_permits(),
            "{pooled} buffers"
        );
    }
}
