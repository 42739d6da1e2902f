//! `DateTime`: UTC instants with microsecond precision (wire.md §2.2, §4).
//!
//! The protocol crate never reads the clock: callers build instants from
//! [`std::time::SystemTime`] (see [`DateTime::from_system_time`]).

use crate::ext::{deserialize_ext, serialize_ext, EXT_DATETIME};
use serde::{de, Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::time::{SystemTime, UNIX_EPOCH};

/// A UTC instant, as microseconds since the Unix epoch (may be negative).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DateTime(i64);

impl DateTime {
    /// Builds an instant from microseconds since the epoch.
    pub const fn from_micros(us: i64) -> Self {
        Self(us)
    }

    /// Microseconds since the epoch.
    pub const fn as_micros(self) -> i64 {
        self.0
    }

    /// Whole seconds since the epoch (truncated toward negative infinity).
    pub const fn as_secs(self) -> i64 {
        self.0.div_euclid(1_000_000)
    }

    /// Converts a system time (e.g. `SystemTime::now()`).
    pub fn from_system_time(t: SystemTime) -> Self {
        match t.duration_since(UNIX_EPOCH) {
            Ok(d) => Self(i64::try_from(d.as_micros()).unwrap_or(i64::MAX)),
            Err(e) => Self(-i64::try_from(e.duration().as_micros()).unwrap_or(i64::MAX)),
        }
    }

    /// The current time, read from the system clock. Kept here as the single place
    /// where the crate's users read the clock; the protocol logic never calls it.
    pub fn now() -> Self {
        Self::from_system_time(SystemTime::now())
    }

    /// Adds (or subtracts) microseconds.
    pub const fn add_micros(self, us: i64) -> Self {
        Self(self.0.saturating_add(us))
    }

    /// Seconds elapsed from `earlier` to `self`, as a float (negative if `earlier` is
    /// later). Computed in 128 bits: any two timestamps, even from a hostile peer at the
    /// ends of the range, give the right sign and magnitude.
    pub fn seconds_since(self, earlier: DateTime) -> f64 {
        (i128::from(self.0) - i128::from(earlier.0)) as f64 / 1_000_000.0
    }

    /// RFC 3339 in UTC with `Z`; the fraction is shown only when non-zero, with
    /// 3 or 6 digits as the official client prints it.
    pub fn to_rfc3339(self) -> String {
        let secs = self.as_secs();
        let micros = self.0.rem_euclid(1_000_000);
        let odt = time::OffsetDateTime::from_unix_timestamp(secs)
            .unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
        let base = format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
            odt.year(),
            u8::from(odt.month()),
            odt.day(),
            odt.hour(),
            odt.minute(),
            odt.second()
        );
        if micros == 0 {
            format!("{base}Z")
        } else if micros % 1000 == 0 {
            format!("{base}.{:03}Z", micros / 1000)
        } else {
            format!("{base}.{micros:06}Z")
        }
    }

    /// Parses RFC 3339 (any offset); sub-microsecond digits are truncated.
    pub fn parse_rfc3339(s: &str) -> Option<Self> {
        let odt =
            time::OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339).ok()?;
        let nanos = odt.unix_timestamp_nanos();
        i64::try_from(nanos.div_euclid(1000)).ok().map(Self)
    }
}

impl fmt::Display for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_rfc3339())
    }
}

impl fmt::Debug for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DateTime({})", self.to_rfc3339())
    }
}

impl Serialize for DateTime {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        serialize_ext(EXT_DATETIME, &self.0.to_be_bytes(), s)
    }
}

impl<'de> Deserialize<'de> for DateTime {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let data = deserialize_ext(EXT_DATETIME, d)?;
        let bytes: [u8; 8] = data
            .as_slice()
            .try_into()
            .map_err(|_| de::Error::custom("DateTime extension must hold 8 bytes"))?;
        Ok(Self(i64::from_be_bytes(bytes)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Found by the `certificates` fuzz target: a certificate dated `i64::MIN` µs overflowed
    /// the subtraction in the server's ballpark check.
    #[test]
    fn seconds_since_extremes() {
        let now = DateTime::from_micros(1_735_787_045_678_901);
        let (min, max) = (
            DateTime::from_micros(i64::MIN),
            DateTime::from_micros(i64::MAX),
        );
        assert!(now.seconds_since(min) > 9.2e12);
        assert!(min.seconds_since(now) < -9.2e12);
        assert!(max.seconds_since(min) > 1.8e13);
        assert!(min.seconds_since(max) < -1.8e13);
        assert_eq!(now.seconds_since(now.add_micros(-1_500_000)), 1.5);
    }

    #[test]
    fn rfc3339_forms() {
        assert_eq!(
            DateTime::from_micros(1_700_000_000_000_000).to_rfc3339(),
            "2023-11-14T22:13:20Z"
        );
        assert_eq!(
            DateTime::from_micros(1_700_000_000_123_000).to_rfc3339(),
            "2023-11-14T22:13:20.123Z"
        );
        assert_eq!(
            DateTime::from_micros(1_700_000_000_123_456).to_rfc3339(),
            "2023-11-14T22:13:20.123456Z"
        );
        assert_eq!(
            DateTime::from_micros(-1).to_rfc3339(),
            "1969-12-31T23:59:59.999999Z"
        );
        assert_eq!(
            DateTime::parse_rfc3339("2023-11-14T22:13:20.123456Z"),
            Some(DateTime::from_micros(1_700_000_000_123_456))
        );
    }

    #[test]
    fn msgpack_ext() {
        let bytes =
            rmp_serde::to_vec(&DateTime::from_micros(1_700_000_000_000_000)).expect("encode");
        assert_eq!(hex::encode(&bytes), "d70100060a24181e4000");
        let back: DateTime =
            rmp_serde::from_slice(&hex::decode("d701ffffffffffffffff").expect("hex"))
                .expect("decode");
        assert_eq!(back, DateTime::from_micros(-1));
    }
}
