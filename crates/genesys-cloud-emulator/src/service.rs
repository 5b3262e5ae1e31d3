//! One request end to end: `/emulator/` routes, fault injection, dispatch, usage and stats accounting,
//! and the response with its correlation id.

use std::sync::Arc;

use bytes::Bytes;
use http::{Method, Request, Response};
use http_body::Body;

use crate::app_state::Shared;
use crate::body::ResponseBody;
use crate::faults::Fault;
use crate::reply::Reply;
use crate::routes::{self, UsageTag};
use crate::{ids, lock};

/// Returned instead of a response to make the server drop the connection (or reset the HTTP/2 stream).
#[derive(Debug, thiserror::Error)]
#[error("connection reset on purpose by an injected fault")]
pub(crate) struct InjectedReset;

const STATS_PATH: &str = "/emulator/stats";

/// Answers one request; never fails except to inject a reset.
pub(crate) async fn handle<B>(
    shared: Arc<Shared>,
    request: Request<B>,
) -> Result<Response<ResponseBody>, InjectedReset>
where
    B: Body<Data = Bytes> + Unpin,
{
    let correlation_id = ids::uuid();
    let path = request.uri().path();
    if path == "/emulator" || path.starts_with("/emulator/") {
        let reply = emulator_route(&shared, path, request.method());
        let (status, headers, bytes) = reply.finish(&correlation_id);
        return Ok(response(status, headers, ResponseBody::full(bytes)));
    }
    lock(&shared.stats).requests += 1;
    if let Some(reply) = rate_limited(&shared, &request) {
        lock(&shared.stats).rate_limited += 1;
        let usage = routes::usage_tag(&shared, &request);
        return finish(&shared, reply, usage, &correlation_id, false);
    }
    let fault = lock(&shared.faults).decide();
    if let Some(fault) = fault {
        lock(&shared.stats).faults.add(fault.kind());
    }
    let mut break_after_head = false;
    match fault {
        Some(Fault::ResetBefore) => return Err(InjectedReset),
        Some(Fault::TooManyRequests { retry_after_secs }) => {
            let usage = routes::usage_tag(&shared, &request);
            let reply = Reply::too_many_requests(retry_after_secs);
            return finish(&shared, reply, usage, &correlation_id, false);
        }
        Some(Fault::ServiceUnavailable) => {
            let usage = routes::usage_tag(&shared, &request);
            return finish(
                &shared,
                Reply::service_unavailable(),
                usage,
                &correlation_id,
                false,
            );
        }
        Some(Fault::Slow(delay)) => tokio::time::sleep(delay).await,
        Some(Fault::ResetAfter) => break_after_head = true,
        None => {}
    }
    let outcome = routes::dispatch(&shared, request).await;
    finish(
        &shared,
        outcome.reply,
        outcome.usage,
        &correlation_id,
        break_after_head,
    )
}

/// The 429 of the rate limit, if it is on and the request's bearer token has used its window up; the request is
/// then not processed. Requests without a known token are not limited (they get their 401).
fn rate_limited<B>(shared: &Shared, request: &Request<B>) -> Option<Reply> {
    let (limit, window) = shared.settings.rate_limit?;
    let token = routes::bearer(request.headers())?;
    let now = shared.clock.now();
    let wait = lock(&shared.store).admit(token, now, limit, window).err()?;
    // Whole seconds, rounded up, so that a client that waits `Retry-After` finds its window closed.
    let seconds = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
    Some(Reply::too_many_requests(
        u32::try_from(seconds.max(1)).unwrap_or(u32::MAX),
    ))
}

/// Counts the answer (status, and usage for the caller's client) and builds the response.
///
/// With `break_after_head` the body stops half way; an empty body cannot be cut, so the connection is
/// dropped instead, after the request was processed all the same.
fn finish(
    shared: &Shared,
    reply: Reply,
    usage: Option<UsageTag>,
    correlation_id: &str,
    break_after_head: bool,
) -> Result<Response<ResponseBody>, InjectedReset> {
    let (status, headers, bytes) = reply.finish(correlation_id);
    if let Some(tag) = usage {
        // The emulator's clock, so that tests can move requests into yesterday (usage counts whole UTC days).
        let second = shared.clock.wall_now().unix_seconds();
        lock(&shared.store).usage.record(
            &tag.client_id,
            tag.template,
            tag.method,
            status.as_u16(),
            second,
        );
    }
    {
        // A status already counted is found without formatting its key.
        let mut stats = lock(&shared.stats);
        match stats.requests_by_status.get_mut(status.as_str()) {
            Some(count) => *count += 1,
            None => {
                stats
                    .requests_by_status
                    .insert(status.as_str().to_owned(), 1);
            }
        }
    }
    if !break_after_head {
        return Ok(response(status, headers, ResponseBody::full(bytes)));
    }
    if bytes.is_empty() {
        return Err(InjectedReset);
    }
    Ok(response(status, headers, ResponseBody::broken(bytes)))
}

fn response(
    status: http::StatusCode,
    headers: http::HeaderMap,
    body: ResponseBody,
) -> Response<ResponseBody> {
    let mut response = Response::new(body);
    *response.status_mut() = status;
    *response.headers_mut() = headers;
    response
}

/// `GET /emulator/stats`: never faulted, not counted, no token needed.
fn emulator_route(shared: &Shared, path: &str, method: &Method) -> Reply {
    if path != STATS_PATH {
        return Reply::not_found_path(path);
    }
    if method != Method::GET {
        return Reply::method_not_allowed(method, &[Method::GET]);
    }
    Reply::ok(&shared.stats())
}
