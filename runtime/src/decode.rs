//! The generic half of `#[derive(Decode)]` (in `stytch-macros`): what every
//! derived `visit_map` does per key, written once here instead of once per
//! field in each expansion. Reached through `__private::decode`; not a
//! stable API.

use std::fmt;

use serde::Deserialize;
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};

/// Reads one key of an object and turns it into the index of its field with
/// the type's own `fn(&str) -> usize` (`usize::MAX` for a key the type does
/// not know). The key is never copied, escaped or not.
#[derive(Clone, Copy)]
pub struct Key(pub fn(&str) -> usize);

impl<'de> DeserializeSeed<'de> for Key {
    type Value = usize;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<usize, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl Visitor<'_> for Key {
    type Value = usize;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a field name")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<usize, E> {
        Ok((self.0)(key))
    }

    fn visit_bytes<E: de::Error>(self, key: &[u8]) -> Result<usize, E> {
        Ok(std::str::from_utf8(key).map_or(usize::MAX, self.0))
    }
}

/// Reads the value of field `name` into its slot; a key given twice is an
/// error, as with serde's derive.
#[inline]
pub fn value<'de, A, T>(
    map: &mut A,
    slot: &mut Option<T>,
    name: &'static str,
) -> Result<(), A::Error>
where
    A: MapAccess<'de>,
    T: Deserialize<'de>,
{
    fill(slot, name, || map.next_value())
}

/// As [`value`], for a `#[serde(default)]` field: `null` reads as the
/// type's default.
#[inline]
pub fn or_default<'de, A, T>(
    map: &mut A,
    slot: &mut Option<T>,
    name: &'static str,
) -> Result<(), A::Error>
where
    A: MapAccess<'de>,
    T: Deserialize<'de> + Default,
{
    fill(slot, name, || {
        map.next_value::<Option<T>>().map(Option::unwrap_or_default)
    })
}

/// Fills an empty slot with what `read` gives; a full one means the key
/// came twice.
#[inline]
fn fill<T, E: de::Error>(
    slot: &mut Option<T>,
    name: &'static str,
    read: impl FnOnce() -> Result<T, E>,
) -> Result<(), E> {
    if slot.is_some() {
        return Err(E::duplicate_field(name));
    }
    *slot = Some(read()?);
    Ok(())
}

/// Skips the value of a key the type does not know.
#[inline]
pub fn skip<'de, A: MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
    map.next_value::<IgnoredAny>().map(|_| ())
}

/// The value of a required field, or serde's "missing field" error.
#[inline]
pub fn required<T, E: de::Error>(slot: Option<T>, name: &'static str) -> Result<T, E> {
    match slot {
        Some(value) => Ok(value),
        None => Err(E::missing_field(name)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::de::IntoDeserializer;
    use serde::de::value::{BytesDeserializer, Error as ValueError};

    /// What a derived `Decode` of `{ id: String, n: u32 (default), tag:
    /// Option<String> (default) }` reads, written out with the helpers.
    #[derive(Debug, PartialEq)]
    struct Shape {
        id: String,
        n: u32,
        tag: Option<String>,
    }

    fn index(key: &str) -> usize {
        match key {
            "id" => 0,
            "n" => 1,
            "tag" => 2,
            _ => usize::MAX,
        }
    }

    impl<'de> Deserialize<'de> for Shape {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Shape, D::Error> {
            struct V;
            impl<'de> Visitor<'de> for V {
                type Value = Shape;
                fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    f.write_str("a shape")
                }
                fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Shape, A::Error> {
                    let (mut id, mut n, mut tag) = (None, None, None);
                    while let Some(i) = map.next_key_seed(Key(index))? {
                        match i {
                            0 => value(&mut map, &mut id, "id")?,
                            1 => or_default(&mut map, &mut n, "n")?,
                            2 => or_default(&mut map, &mut tag, "tag")?,
                            _ => skip(&mut map)?,
                        }
                    }
                    Ok(Shape {
                        id: required(id, "id")?,
                        n: n.unwrap_or_default(),
                        tag: tag.unwrap_or_default(),
                    })
                }
            }
            d.deserialize_map(V)
        }
    }

    fn decode(json: &str) -> Result<Shape, String> {
        serde_json::from_str(json).map_err(|e| e.to_string())
    }

    #[test]
    fn keys_pick_fields_and_unknown_ones_are_skipped() {
        assert_eq!(
            decode(r#"{"other":{"deep":[1,{"id":"no"}]},"n":3,"id":"user-1","tag":"t"}"#),
            Ok(Shape {
                id: "user-1".to_owned(),
                n: 3,
                tag: Some("t".to_owned()),
            })
        );
        // An escaped key is the same key.
        assert_eq!(
            decode(r#"{"\u0069d":"x"}"#).map(|s| s.id),
            Ok("x".to_owned())
        );
    }

    #[test]
    fn null_or_missing_reads_as_the_default_and_a_required_field_must_come() {
        assert_eq!(
            decode(r#"{"id":"a","n":null,"tag":null}"#),
            Ok(Shape {
                id: "a".to_owned(),
                n: 0,
                tag: None,
            })
        );
        assert_eq!(decode(r#"{"id":"a"}"#).map(|s| (s.n, s.tag)), Ok((0, None)));
        let missing = decode(r#"{"n":1}"#).unwrap_err();
        assert!(missing.starts_with("missing field `id`"), "{missing}");
        // The value of a field must have its type, null or not.
        assert!(decode(r#"{"id":null}"#).is_err());
        assert!(decode(r#"{"id":"a","n":"1"}"#).is_err());
    }

    #[test]
    fn a_key_given_twice_is_an_error() {
        for json in [
            r#"{"id":"a","id":"b"}"#,
            r#"{"id":"a","n":1,"n":2}"#,
            r#"{"id":"a","tag":null,"tag":"x"}"#,
        ] {
            let err = decode(json).unwrap_err();
            assert!(err.starts_with("duplicate field `"), "{json}: {err}");
        }
    }

    #[test]
    fn a_key_as_bytes_is_read_as_text_and_a_key_of_another_type_is_refused() {
        let key = |bytes: &'static [u8]| {
            Key(index).deserialize(BytesDeserializer::<ValueError>::new(bytes))
        };
        assert_eq!(key(b"tag"), Ok(2));
        assert_eq!(key(b"n"), Ok(1));
        assert_eq!(key(b"\xff"), Ok(usize::MAX));
        let number: Result<usize, ValueError> = Key(index).deserialize(7u32.into_deserializer());
        let err = number.unwrap_err().to_string();
        assert!(err.ends_with("expected a field name"), "{err}");
    }
}
