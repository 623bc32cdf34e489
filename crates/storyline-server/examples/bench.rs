//! Benchmark of search, story page rendering and API reads over a generated
//! corpus (figures, not assertions; the README quotes them).
//!
//! ```text
//! cargo run --release -p storyline-server --example bench -- [ARTICLES] [DIR] [SECONDS] [CONNECTIONS]
//! ```
//!
//! Articles come from `storyline::cluster::synthetic` (made-up words, tokens
//! built directly, no text analysis), are stored, clustered and indexed like
//! an ingest does. A database left in DIR from an earlier run of the same
//! size is reused. The load test runs a bounded loopback client (CONNECTIONS
//! keep-alive connections, one request in flight each, on one thread) in a
//! child process against the real server in this one, as an outside client
//! such as wrk would; the two still share the machine's cores.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use http_body_util::{BodyExt, Empty};
use hyper::body::Bytes;
use storyline::cluster::synthetic::{self, Rng};
use storyline::cluster::{self, Config as ClusterConfig};
use storyline::store::search::SearchQuery;
use storyline::store::{IndexBatch, SqliteStore, Store};

fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn report(name: &str, mut ms: Vec<f64>) {
    ms.sort_by(f64::total_cmp);
    println!(
        "{name}: n={} p50={:.2} ms p90={:.2} ms p99={:.2} ms max={:.2} ms",
        ms.len(),
        percentile(&ms, 0.5),
        percentile(&ms, 0.9),
        percentile(&ms, 0.99),
        ms[ms.len() - 1]
    );
}

fn build(store: &mut SqliteStore, n: usize) {
    let started = Instant::now();
    let mut clusterer = cluster::persist::load(store, ClusterConfig::default()).unwrap();
    let index = store.search_index().unwrap();
    let mut stream = synthetic::stream(n, 7).peekable();
    let mut done = 0;
    while stream.peek().is_some() {
        let batch: Vec<_> = stream.by_ref().take(2000).map(|(d, a, _)| (d, a)).collect();
        store.put_documents(&batch).unwrap();
        let refs: Vec<_> = batch.iter().map(|(d, a)| (d, a)).collect();
        // No entity resolution here: the bench measures search and pages.
        let assigned = cluster::persist::cluster_batch(&mut clusterer, store, &refs, &[]).unwrap();
        let stories = storyline::pipeline::stories_of(store, &assigned).unwrap();
        index.add(&IndexBatch { docs: &refs, assignments: &assigned, entities: &[], stories: &stories }).unwrap();
        done += batch.len();
        eprint!("\rbuilt {done}/{n} articles ({:.0} s)", started.elapsed().as_secs_f64());
    }
    eprintln!();
}

async fn load_test(addr: std::net::SocketAddr, paths: Arc<Vec<String>>, seconds: u64, connections: usize) {
    let stop = Arc::new(AtomicBool::new(false));
    let ok = Arc::new(AtomicU64::new(0));
    let errors = Arc::new(AtomicU64::new(0));
    let mut tasks = Vec::new();
    for c in 0..connections {
        let (stop, ok, errors, paths) = (stop.clone(), ok.clone(), errors.clone(), paths.clone());
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            let stream = tokio::net::TcpStream::connect(addr).await.unwrap();
            stream.set_nodelay(true).unwrap();
            let (mut send, conn) = hyper::client::conn::http1::handshake(hyper_util::rt::TokioIo::new(stream)).await.unwrap();
            tokio::spawn(conn);
            let mut i = c;
            while !stop.load(Ordering::Relaxed) {
                let path = &paths[i % paths.len()];
                i += connections;
                let req = hyper::Request::get(path.as_str()).header("host", "localhost").body(Empty::<Bytes>::new()).unwrap();
                let t = Instant::now();
                match send.send_request(req).await {
                    Ok(resp) => {
                        let good = resp.status().is_success();
                        let body = resp.into_body().collect().await;
                        if good && body.is_ok() {
                            ok.fetch_add(1, Ordering::Relaxed);
                        } else {
                            errors.fetch_add(1, Ordering::Relaxed);
                        }
                    }
                    Err(_) => {
                        errors.fetch_add(1, Ordering::Relaxed);
                        break;
                    }
                }
                latencies.push(t.elapsed().as_secs_f64() * 1e3);
            }
            latencies
        }));
    }
    let started = Instant::now();
    tokio::time::sleep(Duration::from_secs(seconds)).await;
    stop.store(true, Ordering::Relaxed);
    let mut all = Vec::new();
    for t in tasks {
        all.extend(t.await.unwrap());
    }
    let secs = started.elapsed().as_secs_f64();
    let (ok, errors) = (ok.load(Ordering::Relaxed), errors.load(Ordering::Relaxed));
    println!(
        "load test: {connections} connections, {secs:.1} s, {ok} ok, {errors} errors, {:.0} requests/s",
        ok as f64 / secs
    );
    report("  request latency", all);
}

/// Set in the child process: the server's address and the file of paths to request.
const CLIENT_ENV: &str = "STORYLINE_BENCH_CLIENT";

/// The child process: loads the server and prints the figures.
fn client(spec: &str) {
    let mut parts = spec.splitn(4, ' ');
    let addr: std::net::SocketAddr = parts.next().unwrap().parse().unwrap();
    let seconds: u64 = parts.next().unwrap().parse().unwrap();
    let connections: usize = parts.next().unwrap().parse().unwrap();
    let paths: Vec<String> = std::fs::read_to_string(parts.next().unwrap()).unwrap().lines().map(String::from).collect();
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    runtime.block_on(load_test(addr, Arc::new(paths), seconds, connections));
}

fn main() {
    if let Ok(spec) = std::env::var(CLIENT_ENV) {
        return client(&spec);
    }
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(100_000);
    let tmp = tempfile::tempdir().unwrap();
    let dir = args.next().map(std::path::PathBuf::from).unwrap_or_else(|| tmp.path().to_path_buf());
    let seconds: u64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(10);
    let connections: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(32);
    std::fs::create_dir_all(&dir).unwrap();
    let db = dir.join(format!("bench-{n}.db"));
    let mut store = SqliteStore::open(&db).unwrap();
    let have = store.documents().unwrap().len();
    if have != n {
        drop(store);
        let _ = std::fs::remove_file(&db);
        let _ = std::fs::remove_dir_all(storyline::store::SearchIndex::dir_for(&db));
        store = SqliteStore::open(&db).unwrap();
        build(&mut store, n);
    }
    let index = store.search_index().unwrap();
    println!("corpus: {n} articles, {} index entries", index.len());

    // Search: one or two made-up topic words, a third of them with filters.
    let mut rng = Rng::new(11);
    let mut ms = Vec::new();
    let mut queries = Vec::new();
    for i in 0..2000 {
        let mut q = synthetic::word(100_000 + rng.below(20_000));
        if i % 2 == 0 {
            q = format!("{q} {}", synthetic::word(100_000 + rng.below(20_000)));
        }
        let mut query = SearchQuery { q: q.clone(), ..Default::default() };
        match i % 6 {
            0 => query.lang = Some("sv".into()),
            1 => query.from = Some(jiff::civil::date(2024, 2, 1)),
            _ => {}
        }
        queries.push(q);
        let t = Instant::now();
        std::hint::black_box(index.search(&store, &query).unwrap());
        ms.push(t.elapsed().as_secs_f64() * 1e3);
    }
    report("search (top 20 with snippets)", ms);

    // Story page: the view plus its HTML, over sampled stories.
    let stories = storyline::cluster::summary::stories(&store.documents().unwrap(), &store.assignments().unwrap());
    println!("stories: {}", stories.len());
    let sample: Vec<String> = (0..20).map(|_| stories[rng.below(stories.len() as u64) as usize].id.clone()).collect();
    let mut ms = Vec::new();
    for id in &sample {
        let t = Instant::now();
        let html = storyline_server::render_story(&store, id).unwrap();
        std::hint::black_box(html);
        ms.push(t.elapsed().as_secs_f64() * 1e3);
    }
    report("story page (view + HTML)", ms);

    // Load test of API reads: documents by id and searches.
    let docs = store.documents().unwrap();
    let mut paths = Vec::new();
    for i in 0..5000 {
        if i % 2 == 0 {
            paths.push(format!("/api/documents/{}", docs[rng.below(docs.len() as u64) as usize].id));
        } else {
            paths.push(format!("/api/search?q={}&limit=10", queries[i % queries.len()].replace(' ', "+")));
        }
    }
    let paths_file = dir.join("bench-paths.txt");
    std::fs::write(&paths_file, paths.join("\n")).unwrap();
    drop(store);
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    runtime.block_on(async move {
        let state = storyline_server::AppState::open(&storyline_server::Config::new(&db, None)).unwrap();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let server = tokio::spawn(storyline_server::serve_on(listener, state, async {
            let _ = rx.await;
        }));
        let spec = format!("{addr} {seconds} {connections} {}", paths_file.display());
        let exe = std::env::current_exe().unwrap();
        let child = move || std::process::Command::new(exe).env(CLIENT_ENV, spec).status();
        let status = tokio::task::spawn_blocking(child).await.unwrap().unwrap();
        assert!(status.success(), "load client failed: {status}");
        let _ = tx.send(());
        let _ = server.await;
    });
}
