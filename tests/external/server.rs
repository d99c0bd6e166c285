//! A small HTTP/1.1 server on 127.0.0.1 for the external link tests and the benchmark: it
//! answers each request from a routing function, counts requests per path and method, and
//! measures how many requests to each host (first path segment) are in flight at once.
//! Every answer closes its connection, so that faults stay per request.

#![allow(dead_code)]

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// What the server does with a request.
#[derive(Debug, Clone)]
pub(crate) enum Reply {
    /// A status with headers and an empty body.
    Status(u16, Vec<(&'static str, String)>),
    /// A status with a body (JSON for oEmbed).
    Body(u16, String),
    /// Never answers (for 30 s).
    Hang,
    /// 200 with a long body sent one byte every 100 ms.
    SlowBody,
    /// 200 with a 1 GiB body, written until the client goes away.
    HugeBody,
    /// Closes the connection without an answer.
    Reset,
}

pub(crate) fn ok() -> Reply {
    Reply::Status(200, Vec::new())
}

pub(crate) fn status(code: u16) -> Reply {
    Reply::Status(code, Vec::new())
}

pub(crate) fn redirect(code: u16, to: &str) -> Reply {
    Reply::Status(code, vec![("location", to.to_owned())])
}

/// One request as the router sees it.
pub(crate) struct Request<'a> {
    pub(crate) method: &'a str,
    pub(crate) path: &'a str,
    /// How many requests this path received before this one.
    pub(crate) before: usize,
}

type Router = dyn Fn(&Request) -> Reply + Send + Sync;

#[derive(Default)]
struct Stats {
    /// `(method, path)` of every request, in arrival order.
    requests: Vec<(String, String)>,
    in_flight: HashMap<String, usize>,
    max_in_flight: HashMap<String, usize>,
}

pub(crate) struct Server {
    pub(crate) port: u16,
    stats: Arc<Mutex<Stats>>,
    /// Body bytes written by `HugeBody` answers.
    pub(crate) huge_bytes: Arc<AtomicU64>,
}

impl Server {
    /// Starts a server whose answers come from `router`, each after `latency`.
    pub(crate) fn start(
        latency: Duration,
        router: impl Fn(&Request) -> Reply + Send + Sync + 'static,
    ) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        let port = listener.local_addr().unwrap().port();
        let stats = Arc::new(Mutex::new(Stats::default()));
        let huge_bytes = Arc::new(AtomicU64::new(0));
        let router: Arc<Router> = Arc::new(router);
        let (s, h) = (stats.clone(), huge_bytes.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (stats, router, huge) = (s.clone(), router.clone(), h.clone());
                std::thread::spawn(move || serve(stream, &stats, &*router, &huge, latency));
            }
        });
        Self {
            port,
            stats,
            huge_bytes,
        }
    }

    /// `--remap` routing every http(s) URL to this server, the host as first segment.
    pub(crate) fn remap(&self) -> String {
        format!(
            "^https?://([^/]+)/(.*)$ http://127.0.0.1:{}/$1/$2",
            self.port
        )
    }

    /// Requests received for `path` (`/host/rest`), any method.
    pub(crate) fn count(&self, path: &str) -> usize {
        let stats = self.stats.lock().unwrap();
        stats.requests.iter().filter(|(_, p)| p == path).count()
    }

    /// Methods of the requests for `path`, in order.
    pub(crate) fn methods(&self, path: &str) -> Vec<String> {
        let stats = self.stats.lock().unwrap();
        stats
            .requests
            .iter()
            .filter(|(_, p)| p == path)
            .map(|(m, _)| m.clone())
            .collect()
    }

    pub(crate) fn total(&self) -> usize {
        self.stats.lock().unwrap().requests.len()
    }

    /// The most requests to `host` that were in flight at once.
    pub(crate) fn max_in_flight(&self, host: &str) -> usize {
        let stats = self.stats.lock().unwrap();
        stats.max_in_flight.get(host).copied().unwrap_or(0)
    }

    /// Paths requested more than once with the same method.
    pub(crate) fn duplicates(&self) -> Vec<String> {
        let stats = self.stats.lock().unwrap();
        let mut seen: HashMap<&(String, String), usize> = HashMap::new();
        for request in &stats.requests {
            *seen.entry(request).or_default() += 1;
        }
        let mut twice: Vec<String> = seen
            .into_iter()
            .filter(|(_, n)| *n > 1)
            .map(|((m, p), n)| format!("{m} {p} ×{n}"))
            .collect();
        twice.sort();
        twice
    }
}

fn serve(
    stream: TcpStream,
    stats: &Mutex<Stats>,
    router: &Router,
    huge: &AtomicU64,
    latency: Duration,
) {
    let mut reader = BufReader::new(&stream);
    let mut line = String::new();
    if reader.read_line(&mut line).is_err() {
        return;
    }
    let mut parts = line.split_whitespace();
    let (method, path) = (
        parts.next().unwrap_or("").to_owned(),
        parts.next().unwrap_or("").to_owned(),
    );
    loop {
        let mut header = String::new();
        match reader.read_line(&mut header) {
            Ok(0) | Err(_) => break,
            Ok(_) if header == "\r\n" => break,
            Ok(_) => {}
        }
    }
    let host = path
        .trim_start_matches('/')
        .split('/')
        .next()
        .unwrap_or("")
        .to_owned();
    let before = {
        let mut stats = stats.lock().unwrap();
        let before = stats.requests.iter().filter(|(_, p)| *p == path).count();
        stats.requests.push((method.clone(), path.clone()));
        let now = {
            let n = stats.in_flight.entry(host.clone()).or_default();
            *n += 1;
            *n
        };
        let max = stats.max_in_flight.entry(host.clone()).or_default();
        *max = (*max).max(now);
        before
    };
    let reply = router(&Request {
        method: &method,
        path: &path,
        before,
    });
    if !latency.is_zero() {
        std::thread::sleep(latency);
    }
    // Done before the answer: once the client has it, it may start its next request to the
    // host, which must not find this one still counted.
    *stats.lock().unwrap().in_flight.entry(host).or_default() -= 1;
    answer(&stream, &method, reply, huge);
}

fn answer(mut stream: &TcpStream, method: &str, reply: Reply, huge: &AtomicU64) {
    match reply {
        Reply::Status(code, headers) => {
            let mut head =
                format!("HTTP/1.1 {code} X\r\ncontent-length: 0\r\nconnection: close\r\n");
            for (name, value) in headers {
                head.push_str(&format!("{name}: {value}\r\n"));
            }
            head.push_str("\r\n");
            let _ = stream.write_all(head.as_bytes());
        }
        Reply::Body(code, body) => {
            let head = format!(
                "HTTP/1.1 {code} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
                body.len()
            );
            let _ = stream.write_all(head.as_bytes());
            if method != "HEAD" {
                let _ = stream.write_all(body.as_bytes());
            }
        }
        Reply::Hang => std::thread::sleep(Duration::from_secs(30)),
        Reply::SlowBody => {
            let _ = stream.write_all(
                b"HTTP/1.1 200 OK\r\ncontent-length: 100000\r\nconnection: close\r\n\r\n",
            );
            if method == "GET" {
                for _ in 0..300 {
                    if stream.write_all(b"x").is_err() {
                        break;
                    }
                    std::thread::sleep(Duration::from_millis(100));
                }
            }
        }
        Reply::HugeBody => {
            let _ = stream.write_all(
                b"HTTP/1.1 200 OK\r\ncontent-length: 1073741824\r\nconnection: close\r\n\r\n",
            );
            if method == "GET" {
                let chunk = vec![b'x'; 64 * 1024];
                for _ in 0..(1 << 14) {
                    if stream.write_all(&chunk).is_err() {
                        break;
                    }
                    huge.fetch_add(chunk.len() as u64, Ordering::Relaxed);
                }
            }
        }
        Reply::Reset => {}
    }
    let _ = stream.flush();
}
