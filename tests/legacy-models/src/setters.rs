//! Chained `with_*` setters for optional fields, written once for every model.

/// Implements `with_<field>(value)` for each listed `Option<T>` field: it sets `Some(value.into())`.
macro_rules! with_setters {
    ($ty:ident { $($field:ident / $setter:ident: $inner:ty),+ $(,)? }) => {
        impl $ty {
            $(
                #[doc = concat!("Sets [`", stringify!($field), "`](Self::", stringify!($field), ").")]
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
