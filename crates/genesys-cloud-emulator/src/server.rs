//! The accept loop: HTTP/1.1 with keep-alive and HTTP/2 cleartext on one port (or both over TLS), graceful
//! shutdown.

use std::sync::Arc;
use std::time::Duration;

use hyper::service::service_fn;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto::Builder;
use hyper_util::server::graceful::GracefulShutdown;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::{JoinHandle, JoinSet};

use crate::app_state::Shared;
use crate::service;
use crate::tls::Acceptor;

/// How long a client may take to send a request head before its connection is closed. Hyper also applies
/// it to idle keep-alive connections, so it is generous: clients that pool connections rarely meet a close.
const HEADER_DEADLINE: Duration = Duration::from_secs(60);
/// How long shutdown waits for requests in flight before closing their connections.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);
/// How long a client may take to complete a TLS handshake before its connection is closed.
const HANDSHAKE_DEADLINE: Duration = Duration::from_secs(10);
/// The pause after a failed accept (say, too many open files) before trying again.
const ACCEPT_BACKOFF: Duration = Duration::from_millis(50);

/// Stops the accept loop when told to or when dropped.
#[derive(Debug)]
pub(crate) struct ServerHandle {
    stop: watch::Sender<bool>,
    task: Option<JoinHandle<()>>,
}

impl ServerHandle {
    /// Stops accepting, lets requests in flight finish (up to a grace period), and waits for all that.
    pub(crate) async fn shutdown(mut self) {
        let _ = self.stop.send(true);
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl Drop for ServerHandle {
    fn drop(&mut self) {
        let _ = self.stop.send(true);
    }
}

/// Serves on `listener`, over TLS when an acceptor is given.
pub(crate) fn spawn(
    listener: TcpListener,
    shared: Arc<Shared>,
    tls: Option<Acceptor>,
) -> ServerHandle {
    let (stop, stopped) = watch::channel(false);
    let task = tokio::spawn(accept_loop(listener, shared, tls, stopped));
    ServerHandle {
        stop,
        task: Some(task),
    }
}

async fn accept_loop(
    listener: TcpListener,
    shared: Arc<Shared>,
    tls: Option<Acceptor>,
    mut stopped: watch::Receiver<bool>,
) {
    let mut builder = Builder::new(TokioExecutor::new());
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(HEADER_DEADLINE)
        .keep_alive(true);
    let graceful = GracefulShutdown::new();
    let mut connections = JoinSet::new();
    loop {
        tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => {
                    // Small JSON answers must not wait for Nagle's algorithm.
                    let _ = stream.set_nodelay(true);
                    let shared = shared.clone();
                    let service = service_fn(move |request| service::handle(shared.clone(), request));
                    if let Some(acceptor) = &tls {
                        // The handshake runs in the connection's task, so that a slow client never holds up
                        // the accept loop; a failed or stalled one just ends that connection.
                        let (acceptor, builder) = (acceptor.clone(), builder.clone());
                        let watcher = graceful.watcher();
                        connections.spawn(async move {
                            let handshake = tokio::time::timeout(HANDSHAKE_DEADLINE, acceptor.accept(stream));
                            if let Ok(Ok(stream)) = handshake.await {
                                let connection = builder
                                    .serve_connection(TokioIo::new(stream), service)
                                    .into_owned();
                                let _ = watcher.watch(connection).await;
                            }
                        });
                        continue;
                    }
                    let connection = builder
                        .serve_connection(TokioIo::new(stream), service)
                        .into_owned();
                    let connection = graceful.watch(connection);
                    // A connection's errors (garbage, resets, timeouts) concern that client only.
                    connections.spawn(async move {
                        let _ = connection.await;
                    });
                }
                Err(error) => {
                    tracing::warn!(%error, "accept failed; retrying");
                    tokio::time::sleep(ACCEPT_BACKOFF).await;
                }
            },
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
            _ = stopped.changed() => break,
        }
    }
    drop(listener);
    if tokio::time::timeout(SHUTDOWN_GRACE, graceful.shutdown())
        .await
        .is_err()
    {
        tracing::warn!(
            "requests still in flight after the grace period; closing their connections"
        );
    }
    connections.shutdown().await;
}
