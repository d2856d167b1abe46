//! The two traits a server uses to rebuild a parameters value from an
//! incoming request. The runtime has no server and decodes nothing here: it
//! only names the hooks, so that `#[endpoint]` can implement them for every
//! declaration without knowing which server (if any) will use them.
//!
//! [`FromFields`] is generic over the source, and its only bounds are on the
//! source (`S: FieldSource<FieldType>` for each field). A declaration whose
//! field types cannot be decoded still compiles; the bound is checked only
//! where a server asks for the impl (`stytch-local` implements
//! [`FieldSource`] for every `serde::de::DeserializeOwned` type).
//!
//! The impls are written only when the `server` feature is on (through
//! [`server_only!`](crate::server_only), which `#[endpoint]` wraps them in):
//! `stytch-local` turns it on, and an application that only sends requests
//! compiles none of them.

use crate::{Endpoint, Error, Location};

/// Something that yields the value of one field of type `T` from a request:
/// implemented by a server for the types it can decode.
#[diagnostic::on_unimplemented(
    message = "a field of type `{T}` cannot be decoded from a request by `{Self}`",
    label = "needed to decode a request into this endpoint's parameters",
    note = "a server decodes each field of a declaration; the field's type must implement `serde::Deserialize`"
)]
pub trait FieldSource<T> {
    /// The value of the field sent under `wire_name` at `location`. A field
    /// that is absent decodes as `None` for `Option` types and is an
    /// [`Error::InvalidRequest`] naming the field otherwise.
    fn field(&mut self, location: Location, wire_name: &'static str) -> Result<T, Error>;
}

/// A parameters type that any [`FieldSource`] able to produce each of its
/// field types can rebuild, checking the declared rules
/// ([`Endpoint::validate`]) on the way. `#[endpoint]` implements it for every
/// declaration when the `server` feature is on (see the module's
/// documentation).
pub trait FromFields<S: ?Sized>: Endpoint + Sized {
    /// Reads every field from `source`, then checks the declared rules.
    fn from_fields(source: &mut S) -> Result<Self, Error>;
}

/// Keeps the items given to it when the `server` feature is on, and drops
/// them otherwise. `#[endpoint]` wraps each declaration's [`FromFields`]
/// impl in it, so that the feature of this crate, not one of the crate that
/// holds the declaration, decides whether the impl is compiled.
#[cfg(feature = "server")]
#[doc(hidden)]
#[macro_export]
macro_rules! server_only {
    ($($item:tt)*) => {
        $($item)*
    };
}

/// See the other definition: this one, without the `server` feature,
/// drops the items.
#[cfg(not(feature = "server"))]
#[doc(hidden)]
#[macro_export]
macro_rules! server_only {
    ($($item:tt)*) => {};
}

#[cfg(test)]
mod tests {
    #[cfg(feature = "server")]
    #[test]
    fn server_only_keeps_its_items_with_the_feature() {
        crate::server_only! {
            fn kept() -> u8 {
                7
            }
        }
        assert_eq!(kept(), 7);
    }

    #[cfg(not(feature = "server"))]
    #[test]
    fn server_only_drops_its_items_without_the_feature() {
        // Were the second `kept` kept, this would not compile (two items
        // of one name).
        fn kept() -> u8 {
            0
        }
        crate::server_only! {
            fn kept() -> u8 {
                7
            }
        }
        assert_eq!(kept(), 0);
    }
}
