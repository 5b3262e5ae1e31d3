//! Request bodies (read with a size cap and a deadline) and the response body type, which can also break
//! a connection part way through for `reset-after` faults.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll, ready};
use std::time::Duration;

use bytes::Bytes;
use http_body::{Body, Frame, SizeHint};
use http_body_util::BodyExt;
use tokio::time::Sleep;

/// The largest request body accepted (1 MiB); larger ones get a 413.
pub(crate) const MAX_BODY: usize = 1 << 20;
/// Above this many bytes an oversized body is not drained: the connection is closed after the 413.
const MAX_DRAIN: u64 = 16 << 20;
/// How long a client may take to send its body.
const BODY_DEADLINE: Duration = Duration::from_secs(30);
/// How long to drain an oversized body so that the client reads the 413 rather than a reset.
const DRAIN_DEADLINE: Duration = Duration::from_secs(5);
/// The pause between the first half of a broken body and the break, so that the head is flushed first.
const BREAK_PAUSE: Duration = Duration::from_millis(20);

/// Why a request body could not be read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum BodyProblem {
    /// Over [`MAX_BODY`]; `drained` tells whether the rest was read so the connection can be reused.
    TooLarge { drained: bool },
    /// The client did not finish sending within the deadline.
    Timeout,
    /// The connection failed while reading.
    Broken,
}

/// Reads a whole request body of at most [`MAX_BODY`] bytes.
pub(crate) async fn read<B>(mut body: B, content_length: Option<u64>) -> Result<Bytes, BodyProblem>
where
    B: Body<Data = Bytes> + Unpin,
{
    if content_length.is_some_and(|len| len > MAX_BODY as u64) {
        let drained = content_length.is_some_and(|len| len <= MAX_DRAIN) && drain(body).await;
        return Err(BodyProblem::TooLarge { drained });
    }
    let mut collected = Vec::new();
    let outcome = tokio::time::timeout(BODY_DEADLINE, async {
        while let Some(frame) = body.frame().await {
            let frame = frame.map_err(|_| BodyProblem::Broken)?;
            if let Ok(data) = frame.into_data() {
                if collected.len() + data.len() > MAX_BODY {
                    return Err(BodyProblem::TooLarge { drained: false });
                }
                collected.extend_from_slice(&data);
            }
        }
        Ok(())
    })
    .await;
    match outcome {
        Err(_) => Err(BodyProblem::Timeout),
        Ok(Ok(())) => Ok(Bytes::from(collected)),
        Ok(Err(BodyProblem::TooLarge { .. })) => {
            let drained = drain(body).await;
            Err(BodyProblem::TooLarge { drained })
        }
        Ok(Err(problem)) => Err(problem),
    }
}

/// Reads and discards the rest of a body, up to [`MAX_DRAIN`] bytes and [`DRAIN_DEADLINE`]; true if it ended.
async fn drain<B: Body<Data = Bytes> + Unpin>(mut body: B) -> bool {
    let mut seen = 0u64;
    tokio::time::timeout(DRAIN_DEADLINE, async {
        while let Some(frame) = body.frame().await {
            let Ok(frame) = frame else { return false };
            if let Ok(data) = frame.into_data() {
                seen += data.len() as u64;
                if seen > MAX_DRAIN {
                    return false;
                }
            }
        }
        true
    })
    .await
    .unwrap_or(false)
}

/// The body of every response.
#[derive(Debug)]
pub(crate) enum ResponseBody {
    /// The whole body, or `None` when empty or already sent.
    Full(Option<Bytes>),
    /// Announces the full length, sends the first half, pauses, then fails (`reset-after`).
    Broken {
        first_half: Option<Bytes>,
        announced: u64,
        pause: Option<Pin<Box<Sleep>>>,
    },
}

impl ResponseBody {
    pub(crate) fn full(bytes: Bytes) -> Self {
        if bytes.is_empty() {
            Self::Full(None)
        } else {
            Self::Full(Some(bytes))
        }
    }

    /// A body that breaks after half of `bytes` (which must not be empty).
    pub(crate) fn broken(bytes: Bytes) -> Self {
        let announced = bytes.len() as u64;
        Self::Broken {
            first_half: Some(bytes.slice(..bytes.len() / 2)),
            announced,
            pause: Some(Box::pin(tokio::time::sleep(BREAK_PAUSE))),
        }
    }
}

/// The error a broken body ends with; the server then closes the connection or resets the stream.
#[derive(Debug, thiserror::Error)]
#[error("connection broken on purpose by a reset-after fault")]
pub(crate) struct InjectedBreak;

impl Body for ResponseBody {
    type Data = Bytes;
    type Error = InjectedBreak;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, InjectedBreak>>> {
        match self.get_mut() {
            Self::Full(data) => Poll::Ready(data.take().map(|data| Ok(Frame::data(data)))),
            Self::Broken {
                first_half, pause, ..
            } => {
                if let Some(data) = first_half.take().filter(|data| !data.is_empty()) {
                    return Poll::Ready(Some(Ok(Frame::data(data))));
                }
                match pause {
                    Some(sleep) => {
                        ready!(sleep.as_mut().poll(cx));
                        *pause = None;
                        Poll::Ready(Some(Err(InjectedBreak)))
                    }
                    None => Poll::Ready(None),
                }
            }
        }
    }

    fn is_end_stream(&self) -> bool {
        matches!(self, Self::Full(None))
    }

    fn size_hint(&self) -> SizeHint {
        match self {
            Self::Full(data) => SizeHint::with_exact(data.as_ref().map_or(0, |d| d.len() as u64)),
            Self::Broken { announced, .. } => SizeHint::with_exact(*announced),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use http_body_util::Full;

    #[tokio::test]
    async fn reads_within_the_cap_and_refuses_above() {
        let small = Full::new(Bytes::from_static(b"{}"));
        assert_eq!(
            read(small, Some(2)).await.unwrap(),
            Bytes::from_static(b"{}")
        );
        let big = Full::new(Bytes::from(vec![b'x'; MAX_BODY + 1]));
        assert_eq!(
            read(big, None).await,
            Err(BodyProblem::TooLarge { drained: true })
        );
        let announced = Full::new(Bytes::from_static(b"x"));
        assert_eq!(
            read(announced, Some(MAX_DRAIN + 1)).await,
            Err(BodyProblem::TooLarge { drained: false })
        );
    }

    #[tokio::test]
    async fn broken_body_sends_half_then_fails() {
        let mut body = ResponseBody::broken(Bytes::from_static(b"0123456789"));
        assert_eq!(body.size_hint().exact(), Some(10));
        let first = body.frame().await.unwrap().unwrap().into_data().unwrap();
        assert_eq!(&first[..], b"01234");
        assert!(body.frame().await.unwrap().is_err());
    }
}
