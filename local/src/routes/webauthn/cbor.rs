//! A small CBOR reader (RFC 8949) for what WebAuthn sends: the attestation
//! object and the credential's COSE key.
//!
//! Only definite-length items are read: unsigned and negative integers,
//! byte and text strings, arrays, maps, `false`, `true` and `null`.
//! Anything else (indefinite lengths, tags, floats, other simple values)
//! is refused. The input is hostile: every read is bounds-checked, nesting
//! is capped at [`MAX_DEPTH`], and a declared count larger than the bytes
//! left is refused before anything is allocated, so no input makes the
//! reader panic or allocate much more than the input's own size.

/// Deepest nesting of arrays and maps accepted.
pub const MAX_DEPTH: usize = 8;

/// One CBOR data item, borrowing strings from the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item<'a> {
    /// An unsigned integer.
    Unsigned(u64),
    /// A negative integer `-1 - n`, holding `n`.
    Negative(u64),
    Bytes(&'a [u8]),
    Text(&'a str),
    Array(Vec<Item<'a>>),
    /// Key and value pairs, in input order.
    Map(Vec<(Item<'a>, Item<'a>)>),
    Bool(bool),
    Null,
}

impl<'a> Item<'a> {
    /// The integer value, when it is one that fits an `i64`.
    pub fn as_int(&self) -> Option<i64> {
        match *self {
            Item::Unsigned(n) => i64::try_from(n).ok(),
            Item::Negative(n) => i64::try_from(n).ok().map(|n| -1 - n),
            _ => None,
        }
    }

    /// The value under the text key `key`, when this is a map.
    pub fn get_text(&self, key: &str) -> Option<&Item<'a>> {
        match self {
            Item::Map(pairs) => pairs
                .iter()
                .find(|(k, _)| *k == Item::Text(key))
                .map(|(_, v)| v),
            _ => None,
        }
    }

    /// The value under the integer key `key`, when this is a map.
    pub fn get_int(&self, key: i64) -> Option<&Item<'a>> {
        match self {
            Item::Map(pairs) => pairs
                .iter()
                .find(|(k, _)| k.as_int() == Some(key))
                .map(|(_, v)| v),
            _ => None,
        }
    }

    pub fn as_bytes(&self) -> Option<&'a [u8]> {
        match *self {
            Item::Bytes(b) => Some(b),
            _ => None,
        }
    }

    pub fn as_text(&self) -> Option<&'a str> {
        match *self {
            Item::Text(t) => Some(t),
            _ => None,
        }
    }
}

/// Reads one item from the start of `input`: the item and how many bytes
/// it took, or `None` when the input is not an item this reader accepts.
pub fn read_prefix(input: &[u8]) -> Option<(Item<'_>, usize)> {
    let mut reader = Reader { input, pos: 0 };
    let item = reader.item(0)?;
    Some((item, reader.pos))
}

/// Reads `input` as exactly one item, with nothing after it.
pub fn read_exact(input: &[u8]) -> Option<Item<'_>> {
    match read_prefix(input)? {
        (item, used) if used == input.len() => Some(item),
        _ => None,
    }
}

struct Reader<'a> {
    input: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn left(&self) -> usize {
        self.input.len().saturating_sub(self.pos)
    }

    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let end = self.pos.checked_add(n)?;
        let slice = self.input.get(self.pos..end)?;
        self.pos = end;
        Some(slice)
    }

    fn byte(&mut self) -> Option<u8> {
        self.take(1).map(|b| b[0])
    }

    /// The major type and argument of the next item's head.
    fn head(&mut self) -> Option<(u8, u8, u64)> {
        let first = self.byte()?;
        let major = first >> 5;
        let info = first & 0x1f;
        let arg = match info {
            0..=23 => u64::from(info),
            24 => u64::from(self.byte()?),
            25 => u64::from(u16::from_be_bytes(self.take(2)?.try_into().ok()?)),
            26 => u64::from(u32::from_be_bytes(self.take(4)?.try_into().ok()?)),
            27 => u64::from_be_bytes(self.take(8)?.try_into().ok()?),
            // 28-30 are reserved; 31 is an indefinite length.
            _ => return None,
        };
        Some((major, info, arg))
    }

    /// A count of items that each take at least one byte: never more than
    /// the bytes left.
    fn count(&self, arg: u64) -> Option<usize> {
        usize::try_from(arg).ok().filter(|&n| n <= self.left())
    }

    fn item(&mut self, depth: usize) -> Option<Item<'a>> {
        let (major, info, arg) = self.head()?;
        match major {
            0 => Some(Item::Unsigned(arg)),
            1 => Some(Item::Negative(arg)),
            2 => {
                let n = usize::try_from(arg).ok()?;
                self.take(n).map(Item::Bytes)
            }
            3 => {
                let n = usize::try_from(arg).ok()?;
                let bytes = self.take(n)?;
                std::str::from_utf8(bytes).ok().map(Item::Text)
            }
            4 => {
                if depth >= MAX_DEPTH {
                    return None;
                }
                let n = self.count(arg)?;
                let mut items = Vec::with_capacity(n);
                for _ in 0..n {
                    items.push(self.item(depth + 1)?);
                }
                Some(Item::Array(items))
            }
            5 => {
                if depth >= MAX_DEPTH {
                    return None;
                }
                // Each pair takes at least two bytes.
                let n = self.count(arg.checked_mul(2)?)? / 2;
                let mut pairs = Vec::with_capacity(n);
                for _ in 0..n {
                    let key = self.item(depth + 1)?;
                    let value = self.item(depth + 1)?;
                    pairs.push((key, value));
                }
                Some(Item::Map(pairs))
            }
            7 => match info {
                20 => Some(Item::Bool(false)),
                21 => Some(Item::Bool(true)),
                22 => Some(Item::Null),
                _ => None,
            },
            // 6: tags.
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_rfc_8949_examples() {
        assert_eq!(read_exact(&[0x00]), Some(Item::Unsigned(0)));
        assert_eq!(read_exact(&[0x17]), Some(Item::Unsigned(23)));
        assert_eq!(read_exact(&[0x18, 0x18]), Some(Item::Unsigned(24)));
        assert_eq!(read_exact(&[0x19, 0x03, 0xe8]), Some(Item::Unsigned(1000)));
        assert_eq!(
            read_exact(&[0x1b, 0, 0, 0, 0xe8, 0xd4, 0xa5, 0x10, 0x00]),
            Some(Item::Unsigned(1_000_000_000_000))
        );
        assert_eq!(read_exact(&[0x20]).and_then(|i| i.as_int()), Some(-1));
        assert_eq!(read_exact(&[0x26]).and_then(|i| i.as_int()), Some(-7));
        assert_eq!(
            read_exact(&[0x39, 0x01, 0x00]).and_then(|i| i.as_int()),
            Some(-257)
        );
        assert_eq!(
            read_exact(&[0x44, 1, 2, 3, 4]),
            Some(Item::Bytes(&[1, 2, 3, 4]))
        );
        assert_eq!(read_exact(&[0x62, b'h', b'i']), Some(Item::Text("hi")));
        assert_eq!(
            read_exact(&[0x83, 0x01, 0x02, 0x03]),
            Some(Item::Array(vec![
                Item::Unsigned(1),
                Item::Unsigned(2),
                Item::Unsigned(3)
            ]))
        );
        let map = read_exact(&[0xa2, 0x61, b'a', 0x01, 0x20, 0xf5]).unwrap();
        assert_eq!(map.get_text("a"), Some(&Item::Unsigned(1)));
        assert_eq!(map.get_int(-1), Some(&Item::Bool(true)));
        assert_eq!(map.get_int(2), None);
        assert_eq!(read_exact(&[0xf4]), Some(Item::Bool(false)));
        assert_eq!(read_exact(&[0xf6]), Some(Item::Null));
    }

    #[test]
    fn refuses_what_it_does_not_read() {
        for input in [
            &[][..],
            &[0x18],                   // argument cut short
            &[0x5f, 0x41, 0x00, 0xff], // indefinite byte string
            &[0x9f, 0xff],             // indefinite array
            &[0xc0, 0x00],             // a tag
            &[0xf9, 0x3c, 0x00],       // a half float
            &[0x1c],                   // reserved
            &[0x62, 0xff, 0xfe],       // text that is not UTF-8
            &[0x45, 1, 2],             // bytes cut short
            &[0x00, 0x00],             // trailing data
        ] {
            assert_eq!(read_exact(input), None, "{input:02x?}");
        }
    }

    #[test]
    fn hostile_counts_and_depth_are_refused_without_allocating() {
        // An array and a map claiming 2^64 - 1 items, and a string claiming
        // 2^64 - 1 bytes, in a few bytes of input.
        let huge = [0x9b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff];
        assert_eq!(read_exact(&huge), None);
        let mut map = huge;
        map[0] = 0xbb;
        assert_eq!(read_exact(&map), None);
        let mut bytes = huge;
        bytes[0] = 0x5b;
        assert_eq!(read_exact(&bytes), None);
        // Arrays nested past the cap.
        let deep = vec![0x81; MAX_DEPTH + 1];
        let mut nested = deep.clone();
        nested.push(0x00);
        assert_eq!(read_exact(&nested), None);
        let mut ok = vec![0x81; MAX_DEPTH];
        ok.push(0x00);
        assert!(read_exact(&ok).is_some());
    }

    #[test]
    fn no_input_of_up_to_three_bytes_panics() {
        for a in 0..=255u8 {
            let _ = read_exact(&[a]);
            for b in 0..=255u8 {
                let _ = read_exact(&[a, b]);
                let _ = read_exact(&[a, b, 0x00]);
                let _ = read_exact(&[a, b, 0xff]);
            }
        }
    }

    #[test]
    fn read_prefix_says_where_the_item_ends() {
        let (item, used) = read_prefix(&[0x41, 0x07, 0xaa, 0xbb]).unwrap();
        assert_eq!(item, Item::Bytes(&[0x07]));
        assert_eq!(used, 2);
    }
}
