//! The server under abuse, over real sockets: slow clients are cut off,
//! and (opt-in, `--ignored`) a storm of bad sign-ins leaves memory bounded
//! and lets a legitimate user in.

use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::support::Env;

/// Reads until the server closes the connection (or `limit` passes);
/// returns what came and when it ended.
async fn read_until_closed(stream: &mut TcpStream, limit: Duration) -> (String, Duration) {
    let started = Instant::now();
    let mut received = Vec::new();
    let _ = tokio::time::timeout(limit, stream.read_to_end(&mut received)).await;
    (
        String::from_utf8_lossy(&received).into_owned(),
        started.elapsed(),
    )
}

#[tokio::test]
async fn slow_headers_and_a_dripping_body_are_cut_off() {
    let env = Env::new().await;
    let server = env.serve(&["--header-timeout", "1", "--request-timeout", "2"]);

    // Headers that never end: the connection is closed after the header
    // timeout.
    let mut stream = TcpStream::connect(&server.address).await.unwrap();
    stream
        .write_all(b"GET / HTTP/1.1\r\nHost: vigie\r\nX-Slow: ")
        .await
        .unwrap();
    let (_, after) = read_until_closed(&mut stream, Duration::from_secs(10)).await;
    assert!(
        after >= Duration::from_millis(500) && after < Duration::from_secs(5),
        "closed after {after:?}"
    );

    // A body dripped one byte every 300 ms: 408 after the request timeout.
    let mut stream = TcpStream::connect(&server.address).await.unwrap();
    stream
        .write_all(
            b"POST /login HTTP/1.1\r\nHost: vigie\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\n",
        )
        .await
        .unwrap();
    let started = Instant::now();
    let (mut reader, mut writer) = stream.into_split();
    let drip = tokio::spawn(async move {
        for _ in 0..1000 {
            if writer.write_all(b"a").await.is_err() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(300)).await;
        }
    });
    let mut reply = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(15), reader.read_to_end(&mut reply)).await;
    let took = started.elapsed();
    drip.abort();
    let reply = String::from_utf8_lossy(&reply);
    assert!(reply.starts_with("HTTP/1.1 408"), "{reply:?}");
    assert!(
        took >= Duration::from_millis(1500) && took < Duration::from_secs(8),
        "{took:?}"
    );

    // The server still serves.
    let health = crate::support::get(&server, "/healthz", &[]);
    assert_eq!(health.status, 200);
    assert_eq!(server.stop(), Some(0));
    env.cleanup().await;
}
