//! `IntoFuture` for the helper builders: each has an `async fn send(self)`, and awaiting the builder sends it.

/// Implements `IntoFuture` for a helper builder whose `send(self)` returns `Result<$output, Error>`.
macro_rules! into_future_via_send {
    ($builder:ident, $output:ty) => {
        impl core::future::IntoFuture for $builder {
            type Output = Result<$output, crate::error::Error>;
            type IntoFuture = crate::request_builder::CallFuture<$output>;

            fn into_future(self) -> Self::IntoFuture {
                Box::pin(self.send())
            }
        }
    };
}

pub(crate) use into_future_via_send;
