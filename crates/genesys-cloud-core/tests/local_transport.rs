//! An HTTP stack whose futures are not `Send` (it shares `Rc<RefCell<..>>` state, as single-threaded and wasm
//! stacks do) runs operations through `send_async_local`, on a minimal executor: the core needs no runtime.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::convert::Infallible;
use std::future::Future;
use std::pin::pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

use genesys_cloud_core::bytes::Bytes;
use genesys_cloud_core::models::AccessToken;
use genesys_cloud_core::ops::{GetOauthClient, GetOauthScopes};
use genesys_cloud_core::transport::{LocalAsyncTransport, SendError, send_async, send_async_local};
use genesys_cloud_core::{Auth, BearerHeader, Environment, http};

/// Polls `future` to completion on this thread; a pending future is polled again at once (the no-op waker
/// cannot wake anything), which is enough for stacks that answer from memory.
fn block_on<F: Future>(future: F) -> F::Output {
    let mut future = pin!(future);
    let mut context = Context::from_waker(Waker::noop());
    loop {
        if let Poll::Ready(output) = future.as_mut().poll(&mut context) {
            return output;
        }
        std::thread::yield_now();
    }
}

/// Pending once, then ready: makes the executor loop and the futures hold their `Rc` across an await.
#[derive(Default)]
struct YieldOnce(bool);

impl Future for YieldOnce {
    type Output = ();

    fn poll(mut self: std::pin::Pin<&mut Self>, _: &mut Context<'_>) -> Poll<()> {
        if self.0 {
            Poll::Ready(())
        } else {
            self.0 = true;
            Poll::Pending
        }
    }
}

/// What the in-memory stack was asked, and what it will answer.
#[derive(Default)]
struct Memory {
    requests: Vec<http::Request<Bytes>>,
    answers: VecDeque<http::Response<Bytes>>,
}

/// A stack answering from memory, sharing its state through an `Rc`: neither it nor its futures are `Send`.
#[derive(Clone, Default)]
struct MemoryStack(Rc<RefCell<Memory>>);

impl MemoryStack {
    fn answer(&self, status: u16, body: &'static str) {
        let response = http::Response::builder()
            .status(status)
            .body(Bytes::from_static(body.as_bytes()))
            .unwrap();
        self.0.borrow_mut().answers.push_back(response);
    }
}

impl LocalAsyncTransport for MemoryStack {
    type Error = &'static str;

    fn send(
        &self,
        request: http::Request<Bytes>,
    ) -> impl Future<Output = Result<http::Response<Bytes>, Self::Error>> {
        let memory = Rc::clone(&self.0);
        async move {
            YieldOnce::default().await;
            let mut memory = memory.borrow_mut();
            memory.requests.push(request);
            memory.answers.pop_front().ok_or("no answer left")
        }
    }
}

fn token() -> BearerHeader {
    BearerHeader::new(&AccessToken::new("t")).unwrap()
}

#[test]
fn an_rc_holding_stack_sends_and_parses_operations() {
    let stack = MemoryStack::default();
    stack.answer(
        200,
        r#"{"id":"c1","name":"app","authorizedGrantType":"CLIENT-CREDENTIALS"}"#,
    );
    stack.answer(404, r#"{"message":"no","code":"not.found","status":404}"#);
    let (environment, token) = (Environment::default(), token());

    let operation = GetOauthClient::new("c1");
    let client = block_on(send_async_local(
        &stack,
        &environment,
        Auth::Bearer(&token),
        &operation,
    ));
    assert_eq!(client.unwrap().name, "app");
    let missing = block_on(send_async_local(
        &stack,
        &environment,
        Auth::Bearer(&token),
        &operation,
    ));
    assert!(matches!(missing, Err(SendError::Response(error)) if error.is_not_found()));
    let failed = block_on(send_async_local(
        &stack,
        &environment,
        Auth::Bearer(&token),
        &operation,
    ));
    assert!(matches!(
        failed,
        Err(SendError::Transport("no answer left"))
    ));

    let memory = stack.0.borrow();
    assert_eq!(memory.requests.len(), 3);
    assert_eq!(memory.requests[0].uri().path(), "/api/v2/oauth/clients/c1");
}

#[test]
fn a_closure_returning_non_send_futures_is_a_local_transport() {
    let calls = Rc::new(RefCell::new(0));
    let counted = Rc::clone(&calls);
    let transport = move |_request: http::Request<Bytes>| {
        let calls = Rc::clone(&counted);
        async move {
            YieldOnce::default().await;
            *calls.borrow_mut() += 1;
            Ok::<_, Infallible>(http::Response::new(Bytes::from_static(
                br#"{"entities":[]}"#,
            )))
        }
    };
    let (environment, token) = (Environment::default(), token());
    let scopes = block_on(send_async_local(
        &transport,
        &environment,
        Auth::Bearer(&token),
        &GetOauthScopes::new(),
    ));
    assert_eq!(scopes.unwrap().entities, Some(Vec::new()));
    assert_eq!(*calls.borrow(), 1);
}

/// The `Send` entry point keeps its promise: with a `Sync` stack its future can move to another thread.
#[test]
fn send_async_futures_stay_send() {
    fn assert_send<T: Send>(value: T) -> T {
        value
    }
    let transport = |_request: http::Request<Bytes>| async {
        Ok::<_, Infallible>(http::Response::new(Bytes::from_static(
            br#"{"entities":[]}"#,
        )))
    };
    let (environment, token) = (Environment::default(), token());
    let operation = GetOauthScopes::new();
    let future = assert_send(send_async(
        &transport,
        &environment,
        Auth::Bearer(&token),
        &operation,
    ));
    assert!(block_on(future).is_ok());
}
