//! Chained `with_*` setters for optional fields, written once for every model.

/// Implements `with_<field>(value)` for each listed `Option<T>` field: it sets `Some(value.into())`. A field
/// whose name is a raw identifier (`r#type`) gives its doc text (`=> "..."`): rustdoc cannot link to it.
macro_rules! with_setters {
    (@doc $field:ident) => {
        concat!("Sets [`", stringify!($field), "`](Self::", stringify!($field), ").")
    };
    (@doc $field:ident $doc:literal) => {
        $doc
    };
    ($ty:ident { $($field:ident / $setter:ident: $inner:ty $(=> $doc:literal)?),+ $(,)? }) => {
        impl $ty {
            $(
                #[doc = with_setters!(@doc $field $($doc)?)]
                #[must_use]
                pub fn $setter(mut self, value: impl Into<$inner>) -> Self {
                    self.$field = Some(value.into());
                    self
                }
            )+
        }
    };
}

pub(crate) use with_setters;
