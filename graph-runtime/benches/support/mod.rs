//! Measuring helpers shared by the benches: memory and CPU figures from `/proc`, interleaved best-of-N comparisons
//! against raw reqwest, and request descriptions.
#![allow(dead_code)] // each bench binary uses part of it

use std::future::Future;
use std::time::{Duration, Instant};

use graph_runtime::{Body, Operation, RequestSpec};

/// A memory figure of `/proc/self/status` (`VmHWM`: peak resident, `VmRSS`: resident) in KiB.
pub fn proc_status_kib(field: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(field))?
                .split_whitespace()
                .nth(1)?
                .parse()
                .ok()
        })
        .unwrap_or(0)
}

/// Resets the peak to the current RSS (Linux: `echo 5 > /proc/self/clear_refs`).
pub fn reset_peak_rss() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

/// CPU time used so far by all of this process's threads (client and server), in ns (`/proc/self/task/*/schedstat`).
/// Unlike wall time, it hardly moves when other processes compete for the cores.
pub fn process_cpu_ns() -> u64 {
    let Ok(tasks) = std::fs::read_dir("/proc/self/task") else {
        return 0;
    };
    tasks
        .filter_map(|task| std::fs::read_to_string(task.ok()?.path().join("schedstat")).ok())
        .filter_map(|stat| stat.split_whitespace().next()?.parse::<u64>().ok())
        .sum()
}

/// Best times of `raw` and `runtime` over a number of rounds, alternating which goes first.
pub struct Comparison {
    pub raw: Duration,
    pub runtime: Duration,
    /// CPU time of all rounds (ns), raw and runtime.
    pub raw_cpu_ns: u64,
    pub runtime_cpu_ns: u64,
    /// The process's peak RSS while the runtime ran (KiB), the highest of all rounds.
    pub runtime_peak_kib: u64,
    /// That peak above the RSS just before the run (KiB).
    pub runtime_growth_kib: u64,
}

/// Runs `raw` and `runtime` `rounds` times each, interleaved, keeping the best wall times.
pub async fn compare<R, RF, O, OF>(rounds: usize, mut raw: R, mut runtime: O) -> Comparison
where
    R: FnMut() -> RF,
    RF: Future<Output = ()>,
    O: FnMut() -> OF,
    OF: Future<Output = ()>,
{
    let mut result = Comparison {
        raw: Duration::MAX,
        runtime: Duration::MAX,
        raw_cpu_ns: 0,
        runtime_cpu_ns: 0,
        runtime_peak_kib: 0,
        runtime_growth_kib: 0,
    };
    for round in 0..rounds {
        for side in [round % 2, (round + 1) % 2] {
            reset_peak_rss();
            let before = proc_status_kib("VmRSS:");
            let started = Instant::now();
            let cpu = process_cpu_ns();
            if side == 0 {
                raw().await;
                result.raw = result.raw.min(started.elapsed());
                result.raw_cpu_ns += process_cpu_ns().saturating_sub(cpu);
            } else {
                runtime().await;
                result.runtime = result.runtime.min(started.elapsed());
                result.runtime_cpu_ns += process_cpu_ns().saturating_sub(cpu);
                let peak = proc_status_kib("VmHWM:");
                result.runtime_peak_kib = result.runtime_peak_kib.max(peak);
                result.runtime_growth_kib =
                    result.runtime_growth_kib.max(peak.saturating_sub(before));
            }
        }
    }
    result
}

impl Comparison {
    /// `wall ratio W, CPU ratio C` of the runtime against raw reqwest.
    pub fn ratios(&self) -> String {
        format!(
            "wall ratio {:.3}x, CPU ratio {:.3}x",
            self.runtime.as_secs_f64() / self.raw.as_secs_f64(),
            self.runtime_cpu_ns as f64 / self.raw_cpu_ns.max(1) as f64
        )
    }
}

/// A request description with no query, headers or body.
pub fn spec(op: &'static Operation, path: &str) -> RequestSpec {
    RequestSpec {
        operation: op,
        path: path.to_owned(),
        query: Vec::new(),
        headers: Vec::new(),
        body: Body::Empty,
    }
}

/// The benches' tokio runtime: two worker threads, like the machine's two cores.
pub fn tokio_runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime")
}

/// The raw reqwest baseline, configured like the runtime's client (request timeout, user agent), so that a ratio
/// is the runtime's own overhead.
pub fn raw_reqwest() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(Duration::from_secs(100))
        .connect_timeout(Duration::from_secs(10))
        .user_agent(concat!("graph-docs/", env!("CARGO_PKG_VERSION")))
        .build()
        .expect("reqwest")
}

/// The sections named on the command line (`cargo bench ... -- small paging`); none means all.
pub fn sections() -> Vec<String> {
    std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect()
}
