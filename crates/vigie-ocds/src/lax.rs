//! Lenient, borrowing deserialisation for the read-only views: publishers'
//! data is uneven (amounts as `""`, ids as numbers, objects where lists
//! belong), and a page must still show what is readable. A field of the
//! wrong type reads as absent instead of failing the whole view.

use std::borrow::Cow;
use std::fmt;
use std::ops::Deref;

use serde::de::{self, Deserialize, Deserializer, IgnoredAny, Visitor};

/// Text borrowed from the release when it can be (no escapes in the JSON
/// text, or a `serde_json::Value`), owned otherwise. Numbers are read as
/// their text, because OCDS allows integer identifiers.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Text<'a>(pub Cow<'a, str>);

impl Text<'_> {
    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Deref for Text<'_> {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Text<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl PartialEq<str> for Text<'_> {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<&str> for Text<'_> {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Text<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TextVisitor;
        impl<'de> Visitor<'de> for TextVisitor {
            type Value = Text<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string or a number")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Owned(v)))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Owned(v.to_string())))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Owned(v.to_string())))
            }
        }
        deserializer.deserialize_any(TextVisitor)
    }
}

/// A value of the expected shape, or anything else.
#[derive(serde::Deserialize)]
#[serde(untagged, bound(deserialize = "T: Deserialize<'de>"))]
enum Lax<T> {
    Good(T),
    Bad(#[allow(dead_code, reason = "only swallows the value")] IgnoredAny),
}

impl<T> Lax<T> {
    fn ok(self) -> Option<T> {
        match self {
            Lax::Good(value) => Some(value),
            Lax::Bad(_) => None,
        }
    }
}

/// An optional field: absent, `null` or of the wrong shape read as `None`.
pub(crate) fn lax<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Ok(Lax::<T>::deserialize(deserializer)?.ok())
}

/// A list: elements of the wrong shape are left out; anything but a list
/// reads as empty.
pub(crate) fn lax_vec<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    let items = Lax::<Vec<Lax<T>>>::deserialize(deserializer)?.ok();
    Ok(items.into_iter().flatten().filter_map(Lax::ok).collect())
}
