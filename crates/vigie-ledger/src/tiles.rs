//! C2SP `tlog-tiles`: the tree served as static, cacheable tiles.
//!
//! A tile at level `L` and index `N` holds the hashes of up to 256
//! consecutive complete subtrees of height `8·L`, starting with subtree
//! `256·N`; level 0 tiles hold leaf hashes. Entry bundles
//! (`tile/entries/N`) hold the entries themselves, each behind a 2-byte
//! big-endian length. A partial tile, at the right edge, has a width
//! `W < 256` and the path suffix `.p/W`.

use crate::NodeId;

/// Hashes per full tile.
pub const WIDTH: u64 = 256;
/// Tree levels per tile level.
pub const HEIGHT: u8 = 8;

/// What a tile path names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tile {
    /// `None` for an entry bundle, `Some(L)` for a hash tile of level `L`.
    pub level: Option<u8>,
    /// The tile's index within its level.
    pub index: u64,
    /// How many hashes or entries it holds (256 for a full tile).
    pub width: u64,
}

impl Tile {
    /// The path under the log's prefix: `tile/0/x001/234`,
    /// `tile/entries/005.p/17`.
    pub fn path(&self) -> String {
        let level = self
            .level
            .map_or_else(|| "entries".to_owned(), |l| l.to_string());
        let mut path = format!("tile/{level}/{}", encode_index(self.index));
        if self.width < WIDTH {
            path.push_str(&format!(".p/{}", self.width));
        }
        path
    }

    /// Reads a path such as `tile/1/x001/234.p/5`; `None` if it is not one.
    pub fn parse(path: &str) -> Option<Tile> {
        let rest = path.strip_prefix("tile/")?;
        let (level_text, rest) = rest.split_once('/')?;
        let level = match level_text {
            "entries" => None,
            l => Some(
                parse_decimal(l)
                    .filter(|l| *l < 64)
                    .and_then(|l| u8::try_from(l).ok())?,
            ),
        };
        let (index_text, width) = match rest.split_once(".p/") {
            Some((index, width)) => (
                index,
                parse_decimal(width).filter(|w| (1..WIDTH).contains(w))?,
            ),
            None => (rest, WIDTH),
        };
        Some(Tile {
            level,
            index: decode_index(index_text)?,
            width,
        })
    }

    /// The complete subtrees whose hashes a hash tile holds, in order.
    /// Empty for an entry bundle.
    pub fn nodes(&self) -> Vec<NodeId> {
        let Some(level) = self.level else {
            return Vec::new();
        };
        (0..self.width)
            .map(|j| NodeId {
                level: level * HEIGHT,
                index: self.index * WIDTH + j,
            })
            .collect()
    }

    /// The leaves an entry bundle holds, as `[first, end)`.
    pub fn entry_range(&self) -> (u64, u64) {
        (self.index * WIDTH, self.index * WIDTH + self.width)
    }

    /// Whether the tree of `size` leaves is large enough for this tile to
    /// exist with exactly this content (every subtree in it complete).
    pub fn exists_in(&self, size: u64) -> bool {
        let height = u32::from(self.level.unwrap_or(0)) * u32::from(HEIGHT);
        let last = (self.index * WIDTH + self.width).checked_shl(height);
        last.is_some_and(|last| last <= size && (last >> height) == self.index * WIDTH + self.width)
    }
}

/// `1234067` → `x001/x234/067`: three-digit groups, every one but the last
/// prefixed with `x`, so that paths sort and no directory grows too large.
fn encode_index(n: u64) -> String {
    let digits = n.to_string();
    let pad = (3 - digits.len() % 3) % 3;
    let padded = format!("{}{digits}", "0".repeat(pad));
    let groups: Vec<&str> = padded
        .as_bytes()
        .chunks(3)
        .map(|c| std::str::from_utf8(c).unwrap_or("000"))
        .collect();
    let (last, init) = groups
        .split_last()
        .map_or(("000", &[][..]), |(l, i)| (*l, i));
    let mut out: Vec<String> = init.iter().map(|g| format!("x{g}")).collect();
    out.push(last.to_owned());
    out.join("/")
}

fn decode_index(text: &str) -> Option<u64> {
    let parts: Vec<&str> = text.split('/').collect();
    let (last, init) = parts.split_last()?;
    let mut digits = String::new();
    for part in init {
        let group = part.strip_prefix('x')?;
        if group.len() != 3 {
            return None;
        }
        digits.push_str(group);
    }
    if last.len() != 3 {
        return None;
    }
    digits.push_str(last);
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n: u64 = digits.parse().ok()?;
    // Only the shortest form is valid: no leading `x000/` groups.
    (encode_index(n) == text).then_some(n)
}

fn parse_decimal(text: &str) -> Option<u64> {
    let valid = !text.is_empty()
        && text.bytes().all(|b| b.is_ascii_digit())
        && (text == "0" || !text.starts_with('0'));
    valid.then(|| text.parse().ok()).flatten()
}

/// An entry bundle: each entry behind its 2-byte big-endian length.
/// `None` if an entry is longer than 65,535 bytes (the format's limit).
pub fn entry_bundle<'a>(entries: impl IntoIterator<Item = &'a [u8]>) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    for e in entries {
        out.extend_from_slice(&u16::try_from(e.len()).ok()?.to_be_bytes());
        out.extend_from_slice(e);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_follow_the_spec() {
        let t = |level, index, width| Tile {
            level,
            index,
            width,
        };
        assert_eq!(t(Some(0), 1_234_067, 256).path(), "tile/0/x001/x234/067");
        assert_eq!(t(Some(1), 0, 256).path(), "tile/1/000");
        assert_eq!(t(Some(0), 1234, 5).path(), "tile/0/x001/234.p/5");
        assert_eq!(t(None, 5, 17).path(), "tile/entries/005.p/17");
        for tile in [
            t(Some(0), 1_234_067, 256),
            t(Some(2), 7, 3),
            t(None, 1000, 256),
        ] {
            assert_eq!(Tile::parse(&tile.path()), Some(tile));
        }
        for bad in [
            "tile/0/1",
            "tile/0/x000/001",
            "tile/0/001.p/256",
            "tile/0/001.p/0",
            "tile/64/000",
            "tile/0/01a",
            "x/0/000",
        ] {
            assert_eq!(Tile::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn tiles_exist_only_when_complete() {
        let full0 = Tile {
            level: Some(0),
            index: 1,
            width: 256,
        };
        assert!(!full0.exists_in(511) && full0.exists_in(512));
        let partial = Tile {
            level: Some(0),
            index: 0,
            width: 10,
        };
        assert!(partial.exists_in(10) && !partial.exists_in(9));
        let level1 = Tile {
            level: Some(1),
            index: 0,
            width: 1,
        };
        assert!(!level1.exists_in(255) && level1.exists_in(256));
        assert_eq!(level1.nodes(), vec![NodeId { level: 8, index: 0 }]);
        assert_eq!(
            entry_bundle([&b"ab"[..], b""]).unwrap(),
            vec![0, 2, b'a', b'b', 0, 0]
        );
    }
}
