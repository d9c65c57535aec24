//! What the codegen benches measure the same way: the process's CPU time and its peak memory.

/// CPU time the process has run, all its threads together (the loader reads pages on several), in nanoseconds
/// (`getrusage`): unlike wall time, it does not count the time other processes on a busy machine hold the CPU.
pub fn cpu_ns() -> Option<u64> {
    // SAFETY: `getrusage` only writes the `rusage` it is given, which is plain data and valid when zeroed.
    let usage = unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        (libc::getrusage(libc::RUSAGE_SELF, &mut usage) == 0).then_some(usage)
    }?;
    let ns = |t: libc::timeval| t.tv_sec as u64 * 1_000_000_000 + t.tv_usec as u64 * 1_000;
    Some(ns(usage.ru_utime) + ns(usage.ru_stime))
}

/// The process's peak resident memory so far (`VmHWM`), in MB.
pub fn peak_memory_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}
