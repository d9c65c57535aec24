//! Real types for the OData primitives whose JSON form is a string: [`DateTimeOffset`], [`Date`],
//! [`TimeOfDay`], [`Duration`] (ISO 8601), [`Guid`] and [`Binary`] (base64).
//!
//! Each keeps the text it was read from, so that a value read from the service is written back exactly as
//! it came (`2022-12-16T06:07:39.3096785Z` stays seven digits), while giving typed access to its value.
//! Values built in Rust are written in the canonical form. `Int64` is `i64`, `Double`, `Single` and
//! `Decimal` are `f64`, and the small integers are `i32`, `i16`, `u8`, `i8`.
//!
//! Dates and times are read by `time`, GUIDs by `uuid`, base64 by `base64`. Durations are read here, in exact
//! integer arithmetic on nanoseconds: `time` has no ISO 8601 duration parser, and the `iso8601` crate's durations
//! keep milliseconds only and have no sign, while `Edm.Duration` is signed and Graph writes up to seven fractional
//! digits (`PT0.0000001S`).

use std::fmt;
use std::str::FromStr;

use base64::Engine as _;
use time::format_description::well_known::Rfc3339;
use time::macros::format_description;

/// A value that could not be parsed as the OData type it was documented as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseEdmError {
    /// The OData type (`Edm.DateTimeOffset`).
    pub expected: &'static str,
    /// The text that was given.
    pub text: String,
}

impl fmt::Display for ParseEdmError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}` is not a valid {}", self.text, self.expected)
    }
}

impl std::error::Error for ParseEdmError {}

fn parse_error(expected: &'static str, text: &str) -> ParseEdmError {
    ParseEdmError {
        expected,
        text: text.to_owned(),
    }
}

/// Declares a text-keeping wrapper: the parsed value plus the text it came from.
macro_rules! edm_type {
    ($(#[$doc:meta])* $name:ident, $value:ty, $edm:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub struct $name {
            value: $value,
            text: String,
        }

        impl $name {
            /// The parsed value.
            pub fn get(&self) -> &$value {
                &self.value
            }

            /// The text form, exactly as read (or the canonical form of a value built in Rust).
            pub fn as_str(&self) -> &str {
                &self.text
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.text)
            }
        }

        impl From<$value> for $name {
            fn from(value: $value) -> Self {
                $name::new(value)
            }
        }

        impl TryFrom<&str> for $name {
            type Error = ParseEdmError;
            fn try_from(text: &str) -> Result<Self, ParseEdmError> {
                text.parse()
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(&self.text)
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = String::deserialize(deserializer)?;
                text.parse().map_err(serde::de::Error::custom)
            }
        }

        impl crate::model::Field for $name {
            type Codec = crate::model::Plain;
        }

        impl crate::model::Codec<$name> for crate::model::Plain {
            fn decode(value: &serde_json::Value) -> Result<$name, crate::model::FieldError> {
                match value {
                    serde_json::Value::String(text) => text
                        .parse()
                        .map_err(|e: ParseEdmError| crate::model::FieldError::new(e.to_string())),
                    other => Err(crate::model::FieldError::expected($edm, other)),
                }
            }

            fn encode(value: &$name) -> serde_json::Value {
                serde_json::Value::String(value.text.clone())
            }
        }
    };
}

edm_type!(
    /// `Edm.DateTimeOffset`: an RFC 3339 date and time. Reads up to nine fractional digits (Graph sends seven)
    /// and, leniently, a missing offset (taken as UTC), as some pages and services write.
    DateTimeOffset,
    time::OffsetDateTime,
    "Edm.DateTimeOffset"
);

impl DateTimeOffset {
    /// Wraps a value; its text is the RFC 3339 form.
    pub fn new(value: time::OffsetDateTime) -> Self {
        let text = value.format(&Rfc3339).unwrap_or_else(|_| value.to_string());
        DateTimeOffset { value, text }
    }
}

impl FromStr for DateTimeOffset {
    type Err = ParseEdmError;
    fn from_str(text: &str) -> Result<Self, ParseEdmError> {
        let value = match time::OffsetDateTime::parse(text, &Rfc3339) {
            Ok(value) => value,
            Err(_) => {
                let format = format_description!(
                    version = 2,
                    "[year]-[month]-[day]T[hour]:[minute]:[second][optional [.[subsecond]]]"
                );
                time::PrimitiveDateTime::parse(text, format)
                    .map_err(|_| parse_error("Edm.DateTimeOffset", text))?
                    .assume_utc()
            }
        };
        Ok(DateTimeOffset {
            value,
            text: text.to_owned(),
        })
    }
}

edm_type!(
    /// `Edm.Date`: `YYYY-MM-DD`.
    Date,
    time::Date,
    "Edm.Date"
);

impl Date {
    /// Wraps a value; its text is `YYYY-MM-DD`.
    pub fn new(value: time::Date) -> Self {
        let text = format!(
            "{:04}-{:02}-{:02}",
            value.year(),
            u8::from(value.month()),
            value.day()
        );
        Date { value, text }
    }
}

impl FromStr for Date {
    type Err = ParseEdmError;
    fn from_str(text: &str) -> Result<Self, ParseEdmError> {
        let value = time::Date::parse(text, format_description!("[year]-[month]-[day]"))
            .map_err(|_| parse_error("Edm.Date", text))?;
        Ok(Date {
            value,
            text: text.to_owned(),
        })
    }
}

edm_type!(
    /// `Edm.TimeOfDay`: `HH:MM:SS` with optional fractional seconds.
    TimeOfDay,
    time::Time,
    "Edm.TimeOfDay"
);

impl TimeOfDay {
    /// Wraps a value; its text is `HH:MM:SS` plus the fraction when there is one.
    pub fn new(value: time::Time) -> Self {
        let mut text = format!(
            "{:02}:{:02}:{:02}",
            value.hour(),
            value.minute(),
            value.second()
        );
        if value.nanosecond() != 0 {
            let fraction = format!("{:09}", value.nanosecond());
            text.push('.');
            text.push_str(fraction.trim_end_matches('0'));
        }
        TimeOfDay { value, text }
    }
}

impl FromStr for TimeOfDay {
    type Err = ParseEdmError;
    fn from_str(text: &str) -> Result<Self, ParseEdmError> {
        let format = format_description!(
            version = 2,
            "[hour]:[minute][optional [:[second]]][optional [.[subsecond]]]"
        );
        let value =
            time::Time::parse(text, format).map_err(|_| parse_error("Edm.TimeOfDay", text))?;
        Ok(TimeOfDay {
            value,
            text: text.to_owned(),
        })
    }
}

edm_type!(
    /// `Edm.Duration`: an ISO 8601 duration such as `PT1H30M` or `-P2DT0.5S`. Years and months have no fixed
    /// length, so a duration that uses them (other than zero) does not parse.
    Duration,
    time::Duration,
    "Edm.Duration"
);

impl Duration {
    /// Wraps a value; its text is `[-]P[nD]T[nH][nM][n.fffS]`.
    pub fn new(value: time::Duration) -> Self {
        let negative = value.is_negative();
        let abs = value.abs();
        let secs = abs.whole_seconds();
        let (days, hours, minutes, seconds) = (
            secs / 86_400,
            secs % 86_400 / 3_600,
            secs % 3_600 / 60,
            secs % 60,
        );
        let nanos = abs.subsec_nanoseconds();
        let mut text = String::from(if negative { "-P" } else { "P" });
        if days != 0 {
            text.push_str(&format!("{days}D"));
        }
        text.push('T');
        if hours != 0 {
            text.push_str(&format!("{hours}H"));
        }
        if minutes != 0 {
            text.push_str(&format!("{minutes}M"));
        }
        if nanos != 0 {
            let fraction = format!("{nanos:09}");
            text.push_str(&format!("{seconds}.{}S", fraction.trim_end_matches('0')));
        } else if seconds != 0 || text.ends_with('T') {
            text.push_str(&format!("{seconds}S"));
        }
        Duration { value, text }
    }
}

impl FromStr for Duration {
    type Err = ParseEdmError;
    fn from_str(text: &str) -> Result<Self, ParseEdmError> {
        parse_duration(text).map(|value| Duration {
            value,
            text: text.to_owned(),
        })
    }
}

fn parse_duration(text: &str) -> Result<time::Duration, ParseEdmError> {
    let err = || parse_error("Edm.Duration", text);
    let (negative, rest) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let rest = rest.strip_prefix('P').ok_or_else(err)?;
    // The total in nanoseconds: an i128 holds any sum of i64-second parts; overflow is an error, not a panic.
    let mut total: i128 = 0;
    let mut in_time = false;
    let mut number = String::new();
    let mut any = false;
    for c in rest.chars() {
        match c {
            'T' if !in_time && number.is_empty() => in_time = true,
            '0'..='9' | '.' | ',' => number.push(if c == ',' { '.' } else { c }),
            unit => {
                const SECOND: i128 = 1_000_000_000;
                let nanos_per_unit = match (in_time, unit) {
                    (false, 'Y') | (false, 'M') if is_zero(&number) => 0,
                    (false, 'W') => 604_800 * SECOND,
                    (false, 'D') => 86_400 * SECOND,
                    (true, 'H') => 3_600 * SECOND,
                    (true, 'M') => 60 * SECOND,
                    (true, 'S') => SECOND,
                    _ => return Err(err()),
                };
                let part = scaled(&number, nanos_per_unit).ok_or_else(err)?;
                total = total.checked_add(part).ok_or_else(err)?;
                number.clear();
                any = true;
            }
        }
    }
    if !number.is_empty() || !any {
        return Err(err());
    }
    let total = if negative { -total } else { total };
    let seconds = i64::try_from(total / 1_000_000_000).map_err(|_| err())?;
    // |total % 1e9| < 1e9: it fits an i32.
    let nanos = i32::try_from(total % 1_000_000_000).map_err(|_| err())?;
    Ok(time::Duration::new(seconds, nanos))
}

/// Whether a duration's number is zero (`0`, `0.0`); years and months are accepted only as zero.
fn is_zero(number: &str) -> bool {
    !number.is_empty()
        && number.chars().all(|c| c == '0' || c == '.')
        && number.matches('.').count() <= 1
}

/// A decimal number (`12`, `1.5`, `.5`) times `unit` nanoseconds, exactly (digits past the nanosecond are
/// truncated), or `None` when it is not a number or overflows.
fn scaled(number: &str, unit: i128) -> Option<i128> {
    let (whole, fraction) = number.split_once('.').unwrap_or((number, ""));
    let digits = |text: &str| text.chars().all(|c| c.is_ascii_digit());
    if (whole.is_empty() && fraction.is_empty()) || !digits(whole) || !digits(fraction) {
        return None;
    }
    let whole = if whole.is_empty() {
        0
    } else {
        whole.parse::<i128>().ok()?
    };
    let mut value = whole.checked_mul(unit)?;
    // Each fraction digit is worth unit / 10^k; at most 20 digits keep `fraction * unit` within an i128.
    let fraction = &fraction[..fraction.len().min(20)];
    if !fraction.is_empty() {
        let scale = 10i128.pow(u32::try_from(fraction.len()).ok()?);
        value = value.checked_add(fraction.parse::<i128>().ok()?.checked_mul(unit)? / scale)?;
    }
    Some(value)
}

edm_type!(
    /// `Edm.Guid`.
    Guid,
    uuid::Uuid,
    "Edm.Guid"
);

impl Guid {
    /// Wraps a value; its text is the lower-case hyphenated form.
    pub fn new(value: uuid::Uuid) -> Self {
        Guid {
            value,
            text: value.hyphenated().to_string(),
        }
    }
}

impl FromStr for Guid {
    type Err = ParseEdmError;
    fn from_str(text: &str) -> Result<Self, ParseEdmError> {
        let value = uuid::Uuid::parse_str(text).map_err(|_| parse_error("Edm.Guid", text))?;
        Ok(Guid {
            value,
            text: text.to_owned(),
        })
    }
}

edm_type!(
    /// `Edm.Binary`: bytes, base64 in JSON (standard or URL-safe alphabet, padded or not).
    Binary,
    Vec<u8>,
    "Edm.Binary"
);

impl Binary {
    /// Wraps bytes; their text is standard padded base64.
    pub fn new(value: Vec<u8>) -> Self {
        let text = base64::engine::general_purpose::STANDARD.encode(&value);
        Binary { value, text }
    }
}

impl FromStr for Binary {
    type Err = ParseEdmError;
    fn from_str(text: &str) -> Result<Self, ParseEdmError> {
        use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
        let trimmed = text.trim_end_matches('=');
        let value = STANDARD
            .decode(text)
            .or_else(|_| URL_SAFE_NO_PAD.decode(trimmed))
            .or_else(|_| base64::engine::general_purpose::STANDARD_NO_PAD.decode(trimmed))
            .map_err(|_| parse_error("Edm.Binary", text))?;
        Ok(Binary {
            value,
            text: text.to_owned(),
        })
    }
}

/// OData URL literals for function-call arguments: dates, times, durations and GUIDs bare, as OData writes
/// them in a URL (`2022-12-16T06:07:39Z`, `duration'PT1H'`), binary as `binary'...'`.
mod odata_literals {
    use super::*;
    use crate::ODataLiteral;

    impl ODataLiteral for DateTimeOffset {
        fn write_odata(&self, out: &mut String) {
            out.push_str(&self.text);
        }
    }

    impl ODataLiteral for Date {
        fn write_odata(&self, out: &mut String) {
            out.push_str(&self.text);
        }
    }

    impl ODataLiteral for TimeOfDay {
        fn write_odata(&self, out: &mut String) {
            out.push_str(&self.text);
        }
    }

    impl ODataLiteral for Duration {
        fn write_odata(&self, out: &mut String) {
            out.push_str("duration'");
            out.push_str(&self.text);
            out.push('\'');
        }
    }

    impl ODataLiteral for Guid {
        fn write_odata(&self, out: &mut String) {
            out.push_str(&self.text);
        }
    }

    impl ODataLiteral for Binary {
        fn write_odata(&self, out: &mut String) {
            out.push_str("binary'");
            out.push_str(&self.text);
            out.push('\'');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seven_digit_fractions_parse_and_round_trip() {
        let text = "2022-12-16T06:07:39.3096785Z";
        let value: DateTimeOffset = text.parse().unwrap();
        assert_eq!(value.get().nanosecond(), 309_678_500);
        assert_eq!(
            serde_json::to_string(&value).unwrap(),
            format!("\"{text}\"")
        );
    }

    #[test]
    fn date_time_without_offset_is_utc() {
        let value: DateTimeOffset = "2020-01-01T10:00:00".parse().unwrap();
        assert_eq!(value.get().offset(), time::UtcOffset::UTC);
        assert_eq!(value.as_str(), "2020-01-01T10:00:00");
        assert!("yesterday".parse::<DateTimeOffset>().is_err());
    }

    #[test]
    fn built_values_use_canonical_text() {
        let value = DateTimeOffset::new(time::macros::datetime!(2022-12-16 06:07:39.3096785 UTC));
        assert_eq!(value.as_str(), "2022-12-16T06:07:39.3096785Z");
        assert_eq!(
            Date::new(time::macros::date!(2020 - 02 - 09)).as_str(),
            "2020-02-09"
        );
        assert_eq!(
            TimeOfDay::new(time::macros::time!(08:30:00.5)).as_str(),
            "08:30:00.5"
        );
        assert_eq!(
            Duration::new(time::Duration::minutes(90)).as_str(),
            "PT1H30M"
        );
        assert_eq!(Duration::new(time::Duration::ZERO).as_str(), "PT0S");
        assert_eq!(Binary::new(b"hi".to_vec()).as_str(), "aGk=");
    }

    #[test]
    fn durations_parse() {
        let parse = |t: &str| t.parse::<Duration>().map(|d| *d.get());
        assert_eq!(parse("PT1H30M").unwrap(), time::Duration::minutes(90));
        assert_eq!(
            parse("P1DT0.5S").unwrap(),
            time::Duration::new(86_400, 500_000_000)
        );
        // Exact: no rounding through a float.
        assert_eq!(
            parse("PT0.0000001S").unwrap(),
            time::Duration::nanoseconds(100)
        );
        assert_eq!(
            parse("P106751991167300DT0.123456789S").unwrap(),
            time::Duration::new(106_751_991_167_300 * 86_400, 123_456_789)
        );
        assert_eq!(parse("PT1.5H").unwrap(), time::Duration::minutes(90));
        assert_eq!(
            parse("-PT0,25S").unwrap(),
            time::Duration::milliseconds(-250)
        );
        assert_eq!(parse("P0.0Y").unwrap(), time::Duration::ZERO);
        assert!(parse("P0.5M").is_err());
        assert!(parse("PT1..5S").is_err());
        assert!(parse("PT.S").is_err());
        // Past i64 seconds: an error, not an overflow.
        assert!(parse("P106751991167301D").is_err());
        assert!(parse("PT99999999999999999999999999999999999999999S").is_err());
        assert_eq!(parse("-PT10S").unwrap(), time::Duration::seconds(-10));
        assert_eq!(parse("P0Y0M1D").unwrap(), time::Duration::days(1));
        assert!(parse("P1Y").is_err());
        // Each part fits, their sum does not: an error, not an overflow.
        assert!(parse("P10000000000000W10000000000000W").is_err());
        assert!(parse("P").is_err());
        assert!(parse("PT5").is_err());
        assert!(parse("1H").is_err());
    }

    #[test]
    fn other_types_keep_their_text() {
        let guid: Guid = "6A8B1C2D-0000-4000-8000-000000000001".parse().unwrap();
        assert_eq!(guid.as_str(), "6A8B1C2D-0000-4000-8000-000000000001");
        assert_eq!(guid.get().as_u128() & 1, 1);
        let time: TimeOfDay = "08:00:00.0000000".parse().unwrap();
        assert_eq!(time.get().hour(), 8);
        let binary: Binary = "aGk".parse().unwrap();
        assert_eq!(binary.get(), b"hi");
        assert!("not a guid".parse::<Guid>().is_err());
        assert!("2020-13-01".parse::<Date>().is_err());
    }
}
