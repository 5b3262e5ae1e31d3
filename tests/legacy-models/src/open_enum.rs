//! Open enums: the known values of an API enum as variants, and any other string kept unchanged.
//!
//! The platform adds enum values faster than SDKs are released. The official SDKs map an unknown value to an
//! "outdated SDK" sentinel and lose it; here it is kept as an [`UnknownValue`] and written back as it came.

use core::fmt;

/// An enum value this version of the SDK does not know.
///
/// It can be read with [`as_str`](Self::as_str) but not built directly: an unknown value never holds a string
/// that is a known variant, so matching on the known variants stays correct when a later version learns more.
/// To send a value the SDK does not know yet, convert the string with `From<&str>` on the enum type.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UnknownValue(Box<str>);

impl UnknownValue {
    pub(crate) fn new(value: Box<str>) -> Self {
        Self(value)
    }

    /// The string as the API sent it.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for UnknownValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

/// Defines an open enum: known variants with their wire strings plus `Unknown(UnknownValue)`.
macro_rules! open_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $value:literal, )+
        }
    ) => {
        $(#[$meta])*
        ///
        /// # Unknown values
        ///
        /// This enum is open: a value the SDK does not know deserializes to `Unknown`, keeps its string
        /// (see [`as_str`](Self::as_str)) and serializes back unchanged. `From<&str>` builds any value, known or not.
        #[derive(Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $( $(#[$vmeta])* #[doc = concat!("\n\nWire value `", $value, "`.")] $variant, )+
            /// A value this version of the SDK does not know, kept as sent.
            Unknown($crate::UnknownValue),
        }

        impl $name {
            /// Every known value, in the order of the API specification.
            pub const KNOWN: &'static [Self] = &[$(Self::$variant),+];

            /// The wire string of this value.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $value,)+
                    Self::Unknown(value) => value.as_str(),
                }
            }

            /// Parses only known values: `None` for any other string.
            pub fn try_parse(value: &str) -> Option<Self> {
                match value {
                    $($value => Some(Self::$variant),)+
                    _ => None,
                }
            }

            /// Whether this value is one the SDK does not know.
            pub fn is_unknown(&self) -> bool {
                matches!(self, Self::Unknown(_))
            }
        }

        impl From<&str> for $name {
            fn from(value: &str) -> Self {
                Self::try_parse(value)
                    .unwrap_or_else(|| Self::Unknown($crate::UnknownValue::new(value.into())))
            }
        }

        impl From<String> for $name {
            fn from(value: String) -> Self {
                Self::try_parse(&value)
                    .unwrap_or_else(|| Self::Unknown($crate::UnknownValue::new(value.into_boxed_str())))
            }
        }

        impl core::str::FromStr for $name {
            type Err = core::convert::Infallible;

            fn from_str(value: &str) -> Result<Self, Self::Err> {
                Ok(Self::from(value))
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                self.as_str()
            }
        }

        impl core::fmt::Display for $name {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl core::fmt::Debug for $name {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                match self {
                    $(Self::$variant => f.write_str(stringify!($variant)),)+
                    Self::Unknown(value) => f.debug_tuple("Unknown").field(value).finish(),
                }
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct OpenVisitor;

                impl serde::de::Visitor<'_> for OpenVisitor {
                    type Value = $name;

                    fn expecting(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                        f.write_str(concat!("a string value of ", stringify!($name)))
                    }

                    fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<$name, E> {
                        Ok($name::from(value))
                    }

                    fn visit_string<E: serde::de::Error>(self, value: String) -> Result<$name, E> {
                        Ok($name::from(value))
                    }
                }

                deserializer.deserialize_str(OpenVisitor)
            }
        }
    };
}

pub(crate) use open_enum;
