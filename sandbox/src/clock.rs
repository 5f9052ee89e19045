//! Sandbox time. In manual mode it moves only through `POST /sandbox/clock/advance`; in auto
//! mode it is the wall clock plus whatever has been advanced. WeChat's daily quotas and monthly
//! limits reset at midnight China time (UTC+8), so the calendar helpers work in UTC+8.

use std::time::{SystemTime, UNIX_EPOCH};

use crate::config::Mode;

/// The sandbox clock, in milliseconds since the Unix epoch.
#[derive(Debug, Clone)]
pub struct Clock {
    mode: Mode,
    /// Manual mode: the current time. Auto mode: the offset added to the wall clock.
    value_ms: i64,
}

const CHINA_OFFSET_SECS: i64 = 8 * 3600;

impl Clock {
    /// A clock for `mode`; `start_secs` sets a manual clock's first value (default: now).
    pub fn new(mode: Mode, start_secs: Option<i64>) -> Self {
        let value_ms = match mode {
            Mode::Manual => start_secs.map_or_else(|| wall_ms() / 1000 * 1000, |s| s * 1000),
            Mode::Auto => 0,
        };
        Self { mode, value_ms }
    }

    /// Now, in milliseconds.
    pub fn now_ms(&self) -> i64 {
        match self.mode {
            Mode::Manual => self.value_ms,
            Mode::Auto => wall_ms() + self.value_ms,
        }
    }

    /// Now, in unix seconds.
    pub fn now(&self) -> i64 {
        self.now_ms().div_euclid(1000)
    }

    /// Moves the clock forward by `ms` (both modes).
    pub fn advance_ms(&mut self, ms: i64) {
        self.value_ms = self.value_ms.saturating_add(ms.max(0));
    }
}

fn wall_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

/// The China-time day number of `secs` (quota days).
pub fn day_of(secs: i64) -> i64 {
    (secs + CHINA_OFFSET_SECS).div_euclid(86_400)
}

/// The minute number of `secs` (per-minute limits).
pub fn minute_of(secs: i64) -> i64 {
    secs.div_euclid(60)
}

/// The China-time calendar month of `secs` as `year * 12 + month - 1` (monthly limits).
pub fn month_of(secs: i64) -> i64 {
    let (year, month, _) = civil_from_days(day_of(secs));
    year * 12 + month - 1
}

/// `YYYY-MM-DD HH:MM:SS` in China time, for pages and listings.
pub fn china_time(secs: i64) -> String {
    let local = secs + CHINA_OFFSET_SECS;
    let (y, m, d) = civil_from_days(local.div_euclid(86_400));
    let s = local.rem_euclid(86_400);
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02}",
        s / 3600,
        s / 60 % 60,
        s % 60
    )
}

/// Days since 1970-01-01 → (year, month 1–12, day 1–31), proleptic Gregorian
/// (H. Hinnant's `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calendar_is_china_time() {
        // 2026-04-30 16:00:00 UTC = 2026-05-01 00:00:00 UTC+8.
        let t = 1_777_564_800;
        assert_eq!(china_time(t), "2026-05-01 00:00:00");
        assert_eq!(month_of(t), 2026 * 12 + 4);
        assert_eq!(month_of(t - 1), 2026 * 12 + 3);
        assert_eq!(day_of(t) - day_of(t - 1), 1);
        assert_eq!(china_time(0), "1970-01-01 08:00:00");
    }

    #[test]
    fn manual_clock_moves_only_when_advanced() {
        let mut clock = Clock::new(Mode::Manual, Some(1_000));
        assert_eq!(clock.now(), 1_000);
        clock.advance_ms(61_500);
        assert_eq!(clock.now(), 1_061);
        clock.advance_ms(-5);
        assert_eq!(clock.now_ms(), 1_061_500);
    }
}
