//! Lenient field types.
//!
//! Cardinal reads a release as `serde_json::Value` and uses a field only when it
//! has the expected JSON type (`if let Some(Value::String(s)) = …`); anything else
//! counts as absent. These wrappers give typed, borrowed deserialization the same
//! tolerance: a field of the wrong type becomes "absent" (`None`, empty, default)
//! instead of failing the whole line, and whatever is not needed is skipped by
//! serde without being built.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::de::value::MapAccessDeserializer;
use serde::de::{self, Deserialize, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

/// Skips the rest of a map or sequence the visitor did not want.
fn drain_map<'de, A: MapAccess<'de>>(mut map: A) -> Result<(), A::Error> {
    while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
    Ok(())
}

fn drain_seq<'de, A: SeqAccess<'de>>(mut seq: A) -> Result<(), A::Error> {
    while seq.next_element::<IgnoredAny>()?.is_some() {}
    Ok(())
}

/// Implements the "anything else is absent" visits for scalars.
macro_rules! absent_scalars {
    ($value:expr) => {
        fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
            Ok($value)
        }
        fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
            Ok($value)
        }
        fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
            Ok($value)
        }
        fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
            Ok($value)
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok($value)
        }
        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok($value)
        }
    };
}

/// A JSON string, borrowed from the line when it has no escapes; `None` if the
/// value is not a string.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Str<'a>(pub Option<Cow<'a, str>>);

impl<'a> Str<'a> {
    pub fn get(&self) -> Option<&str> {
        self.0.as_deref()
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Str<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V<'a>(PhantomData<&'a ()>);
        impl<'de: 'a, 'a> Visitor<'de> for V<'a> {
            type Value = Str<'a>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(Str(Some(Cow::Borrowed(v))))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(Str(Some(Cow::Owned(v.to_owned()))))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
                Ok(Str(Some(Cow::Owned(v))))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                drain_map(map).map(|()| Str(None))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
                drain_seq(seq).map(|()| Str(None))
            }
            absent_scalars!(Str(None));
        }
        deserializer.deserialize_any(V(PhantomData))
    }
}

/// A JSON number as serde_json reports it: Cardinal's `as_u64` accepts only
/// integer literals, so the kind is kept.
#[derive(Debug, Default, Clone, Copy, PartialEq)]
pub enum Num {
    #[default]
    Absent,
    U64(u64),
    I64(i64),
    F64(f64),
}

impl Num {
    pub fn as_f64(self) -> Option<f64> {
        match self {
            Num::Absent => None,
            #[expect(clippy::cast_precision_loss, reason = "as serde_json's as_f64")]
            Num::U64(v) => Some(v as f64),
            #[expect(clippy::cast_precision_loss, reason = "as serde_json's as_f64")]
            Num::I64(v) => Some(v as f64),
            Num::F64(v) => Some(v),
        }
    }

    pub fn as_u64(self) -> Option<u64> {
        match self {
            Num::U64(v) => Some(v),
            _ => None,
        }
    }
}

impl<'de> Deserialize<'de> for Num {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Num;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Num, E> {
                Ok(Num::U64(v))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Num, E> {
                Ok(Num::I64(v))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Num, E> {
                Ok(Num::F64(v))
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> Result<Num, E> {
                Ok(Num::Absent)
            }
            fn visit_str<E: de::Error>(self, _: &str) -> Result<Num, E> {
                Ok(Num::Absent)
            }
            fn visit_unit<E: de::Error>(self) -> Result<Num, E> {
                Ok(Num::Absent)
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Num, A::Error> {
                drain_map(map).map(|()| Num::Absent)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Num, A::Error> {
                drain_seq(seq).map(|()| Num::Absent)
            }
        }
        deserializer.deserialize_any(V)
    }
}

/// A JSON object read into `T`; `present` is false (and `T` is its default)
/// if the value is not an object.
#[derive(Debug, Default, Clone)]
pub struct Obj<T> {
    pub present: bool,
    pub value: T,
}

impl<'de, T: Deserialize<'de> + Default> Deserialize<'de> for Obj<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de> + Default> Visitor<'de> for V<T> {
            type Value = Obj<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                let value = T::deserialize(MapAccessDeserializer::new(map))?;
                Ok(Obj {
                    present: true,
                    value,
                })
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
                drain_seq(seq).map(|()| Obj::default())
            }
            fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> {
                Ok(Obj::default())
            }
            absent_scalars!(Obj::default());
        }
        deserializer.deserialize_any(V(PhantomData))
    }
}

/// A JSON array; `present` is false (and it is empty) if the value is not an
/// array. Elements keep their positions (Cardinal counts them).
#[derive(Debug, Clone)]
pub struct Arr<T> {
    pub present: bool,
    pub items: Vec<T>,
}

impl<T> Default for Arr<T> {
    fn default() -> Self {
        Arr {
            present: false,
            items: Vec::new(),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Arr<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
            type Value = Arr<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0));
                while let Some(item) = seq.next_element::<T>()? {
                    items.push(item);
                }
                Ok(Arr {
                    present: true,
                    items,
                })
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                drain_map(map).map(|()| Arr::default())
            }
            fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> {
                Ok(Arr::default())
            }
            absent_scalars!(Arr::default());
        }
        deserializer.deserialize_any(V(PhantomData))
    }
}

/// A value kept as raw JSON text and read only when an indicator asks for it
/// (`parties`, `contracts`: large, and needed by few indicators). Skipping it
/// costs what validating it costs.
#[derive(Debug, Default)]
pub struct Lazy<'a, T> {
    raw: Option<&'a serde_json::value::RawValue>,
    cell: std::cell::OnceCell<T>,
}

impl<'a, T: Deserialize<'a> + Default> Lazy<'a, T> {
    /// The value, read on first use (absent or unreadable is the default).
    pub fn get(&self) -> &T {
        self.cell.get_or_init(|| {
            self.raw
                .and_then(|raw| serde_json::from_str(raw.get()).ok())
                .unwrap_or_default()
        })
    }
}

impl<'de: 'a, 'a, T> Deserialize<'de> for Lazy<'a, T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = <&'a serde_json::value::RawValue>::deserialize(deserializer)?;
        Ok(Lazy {
            raw: Some(raw),
            cell: std::cell::OnceCell::new(),
        })
    }
}
