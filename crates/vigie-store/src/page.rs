//! A page read by key (decision 0023): one row more than the page holds is
//! read, and whether it came tells whether a next page follows.

/// The `LIMIT` to read a page of `limit` rows with: one more.
pub(crate) fn read_limit(limit: usize) -> i64 {
    i64::try_from(limit.saturating_add(1)).unwrap_or(i64::MAX)
}

/// Cuts `rows` (read with [`read_limit`]) to the page and returns the key
/// of its last row when a next page follows.
pub(crate) fn cut<T, K>(rows: &mut Vec<T>, limit: usize, key: impl FnOnce(&T) -> K) -> Option<K> {
    if rows.len() <= limit {
        return None;
    }
    rows.truncate(limit);
    rows.last().map(key)
}
