//! Hash maps keyed by text the page chooses (class names, ids): SipHash-1-3 under a secret key,
//! so that no page can pick names that all land in one bucket and make a map's every insert a
//! walk over all the others. Maps keyed by node positions keep the fast unkeyed hasher: the
//! page does not choose those.

use siphasher::sip::SipHasher13;
use std::hash::{BuildHasher, RandomState};

/// The secret key. `Default` draws it from the standard library's random keys (the operating
/// system's randomness); on wasm, where the standard library has none, the bindings pass one
/// drawn from the browser's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HashKey(pub u64, pub u64);

impl Default for HashKey {
    fn default() -> Self {
        let random = RandomState::new();
        HashKey(random.hash_one(0u8), random.hash_one(1u8))
    }
}

impl BuildHasher for HashKey {
    type Hasher = SipHasher13;

    fn build_hasher(&self) -> SipHasher13 {
        SipHasher13::new_with_keys(self.0, self.1)
    }
}

pub type KeyedMap<K, V> = std::collections::HashMap<K, V, HashKey>;
