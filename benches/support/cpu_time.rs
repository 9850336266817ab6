//! A criterion measurement of the process's CPU time (user + system, all threads) instead of
//! wall time: the benchmark machine is shared with other builds, and wall time there
//! counts the time the benchmark waited for a core (issue 17 measures CPU time).

use criterion::measurement::{Measurement, ValueFormatter};
use criterion::Throughput;
use std::time::Duration;

/// CPU time of this process (`CLOCK_PROCESS_CPUTIME_ID`).
pub struct CpuTime;

fn process_cpu() -> Duration {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid, writable timespec; the clock id is a constant libc provides.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &mut ts) };
    assert_eq!(rc, 0, "clock_gettime(CLOCK_PROCESS_CPUTIME_ID) failed");
    Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}

impl Measurement for CpuTime {
    type Intermediate = Duration;
    type Value = Duration;

    fn start(&self) -> Duration {
        process_cpu()
    }
    fn end(&self, start: Duration) -> Duration {
        process_cpu().saturating_sub(start)
    }
    fn add(&self, a: &Duration, b: &Duration) -> Duration {
        *a + *b
    }
    fn zero(&self) -> Duration {
        Duration::ZERO
    }
    fn to_f64(&self, v: &Duration) -> f64 {
        v.as_nanos() as f64
    }
    fn formatter(&self) -> &dyn ValueFormatter {
        &CpuFormatter
    }
}

/// Nanoseconds shown as ns, µs, ms or s of CPU time.
struct CpuFormatter;

impl CpuFormatter {
    fn unit(typical_ns: f64) -> (f64, &'static str) {
        match typical_ns {
            x if x < 1e3 => (1.0, "ns CPU"),
            x if x < 1e6 => (1e-3, "µs CPU"),
            x if x < 1e9 => (1e-6, "ms CPU"),
            _ => (1e-9, "s CPU"),
        }
    }
}

impl ValueFormatter for CpuFormatter {
    fn scale_values(&self, typical_ns: f64, values: &mut [f64]) -> &'static str {
        let (k, unit) = Self::unit(typical_ns);
        values.iter_mut().for_each(|v| *v *= k);
        unit
    }

    fn scale_throughputs(
        &self,
        typical_ns: f64,
        throughput: &Throughput,
        values: &mut [f64],
    ) -> &'static str {
        // Elements (or bytes) per second of CPU time.
        let per = match throughput {
            Throughput::Bytes(n) | Throughput::BytesDecimal(n) | Throughput::Elements(n) => {
                *n as f64
            }
        };
        let _ = typical_ns;
        values.iter_mut().for_each(|v| *v = per * 1e9 / *v);
        "/s CPU"
    }

    fn scale_for_machines(&self, _values: &mut [f64]) -> &'static str {
        "ns"
    }
}
