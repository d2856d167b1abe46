//! `string_enum!`: a closed set of wire strings as a Rust enum that still
//! decodes values added to the set later.

/// Declares an enum whose variants stand for fixed wire strings, plus a
/// final `Other(String)` that keeps any value not listed, so a value Stytch
/// adds later decodes (and serialises back unchanged) instead of failing the
/// whole answer.
///
/// ```ignore
/// string_enum! {
///     /// How the operands of a search combine.
///     pub enum SearchOperator {
///         /// Every operand must match.
///         And = "AND",
///         /// At least one operand must match.
///         Or = "OR",
///     }
/// }
/// ```
///
/// Generated: the enum (`Debug, Clone, PartialEq, Eq, Hash`,
/// `#[non_exhaustive]`), `as_str`, `From<&str>` and `From<String>` (a
/// listed string becomes its variant, anything else `Other`), `Display`,
/// comparison with `str`, `Serialize` and `Deserialize` as a plain JSON
/// string, and `Default` as `Other("")`, the value a missing or `null` field
/// decodes to where an answer type tolerates that.
macro_rules! string_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $wire:literal, )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )+
            /// A value this version of the crate does not list, kept as
            /// sent. Construct the listed values with their own variants
            /// (or with `From<&str>`), not with `Other`.
            Other(::std::string::String),
        }

        impl $name {
            /// The value as it travels on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $( $name::$variant => $wire, )+
                    $name::Other(value) => value,
                }
            }
        }

        impl ::core::convert::From<&str> for $name {
            fn from(value: &str) -> Self {
                match value {
                    $( $wire => $name::$variant, )+
                    other => $name::Other(other.to_owned()),
                }
            }
        }

        impl ::core::convert::From<::std::string::String> for $name {
            fn from(value: ::std::string::String) -> Self {
                match value.as_str() {
                    $( $wire => $name::$variant, )+
                    _ => $name::Other(value),
                }
            }
        }

        impl ::core::default::Default for $name {
            fn default() -> Self {
                $name::Other(::std::string::String::new())
            }
        }

        impl ::core::fmt::Display for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::core::cmp::PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                self.as_str() == other
            }
        }

        impl ::core::cmp::PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.as_str() == *other
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::core::result::Result<Self, D::Error> {
                struct Visit;
                impl ::serde::de::Visitor<'_> for Visit {
                    type Value = $name;
                    fn expecting(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                        f.write_str("a string")
                    }
                    fn visit_str<E: ::serde::de::Error>(self, value: &str) -> ::core::result::Result<$name, E> {
                        ::core::result::Result::Ok($name::from(value))
                    }
                    fn visit_string<E: ::serde::de::Error>(self, value: ::std::string::String) -> ::core::result::Result<$name, E> {
                        ::core::result::Result::Ok($name::from(value))
                    }
                }
                deserializer.deserialize_string(Visit)
            }
        }
    };
}

pub(crate) use string_enum;

#[cfg(test)]
mod tests {
    string_enum! {
        /// A test set.
        pub enum Colour {
            /// Red.
            Red = "red",
            /// Dark blue, with a character serde would not derive.
            DarkBlue = "dark-blue",
        }
    }

    #[test]
    fn listed_values_decode_to_their_variant_and_back() {
        let c: Colour = serde_json::from_str("\"dark-blue\"").unwrap();
        assert_eq!(c, Colour::DarkBlue);
        assert_eq!(serde_json::to_string(&c).unwrap(), "\"dark-blue\"");
        assert_eq!(c.to_string(), "dark-blue");
        assert_eq!(c, "dark-blue");
        assert_eq!(Colour::from("red"), Colour::Red);
        assert_eq!(Colour::from(String::from("red")), Colour::Red);
    }

    #[test]
    fn an_unknown_value_round_trips() {
        let c: Colour = serde_json::from_str("\"ultraviolet\"").unwrap();
        assert_eq!(c, Colour::Other("ultraviolet".to_owned()));
        assert_eq!(c.as_str(), "ultraviolet");
        assert_eq!(serde_json::to_string(&c).unwrap(), "\"ultraviolet\"");
        // Through an owned string too (serde_json::Value hands over Strings).
        let v: Colour = serde_json::from_value(serde_json::json!("infrared")).unwrap();
        assert_eq!(v, "infrared");
    }

    #[test]
    fn the_default_is_an_empty_unknown_value_and_non_strings_fail() {
        assert_eq!(Colour::default(), Colour::Other(String::new()));
        assert_eq!(serde_json::to_string(&Colour::default()).unwrap(), "\"\"");
        assert!(serde_json::from_str::<Colour>("3").is_err());
    }
}
