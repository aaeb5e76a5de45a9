import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Dixa's timestamps: ISO-8601 in UTC with milliseconds on the way out (`2021-12-01T11:00:00.001Z`); on the way
/// in also whole seconds, up to nine fractional digits and Java's zone suffix (`2023-01-01T08:23:54.246Z[GMT]`).
///
/// Both directions work in whole numbers on the proleptic Gregorian calendar, as PostgreSQL does: Foundation's
/// formatters switch to the Julian calendar before 1582, and its floating-point seconds lose a millisecond to
/// truncation about half the time.
public enum DixaDate {
    /// `2021-12-01T11:00:00.001Z`, rounded to the nearest millisecond.
    public static func format(_ date: Date) -> String {
        let milliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded())
        let (seconds, remainder) = milliseconds.quotientAndRemainder(dividingBy: 1000)
        let (wholeSeconds, fraction) = remainder < 0 ? (seconds - 1, remainder + 1000) : (seconds, remainder)
        var time = time_t(wholeSeconds)
        var parts = tm()
        gmtime_r(&time, &parts)
        let fields = [
            (Int(parts.tm_year) + 1900, 4, UInt8(ascii: "-")), (Int(parts.tm_mon) + 1, 2, UInt8(ascii: "-")),
            (Int(parts.tm_mday), 2, UInt8(ascii: "T")), (Int(parts.tm_hour), 2, UInt8(ascii: ":")),
            (Int(parts.tm_min), 2, UInt8(ascii: ":")), (Int(parts.tm_sec), 2, UInt8(ascii: ".")), (Int(fraction), 3, UInt8(ascii: "Z")),
        ]
        guard (0...9999).contains(fields[0].0) else {
            return String(
                format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ",
                fields[0].0,
                fields[1].0,
                fields[2].0,
                fields[3].0,
                fields[4].0,
                fields[5].0,
                fields[6].0
            )
        }
        // Digit by digit: String(format:) took a third of the time of encoding an import, one call per message.
        var bytes: [UInt8] = []
        bytes.reserveCapacity(24)
        for (value, width, separator) in fields {
            var divisor = 1
            for _ in 1..<width { divisor *= 10 }
            while divisor > 0 {
                bytes.append(UInt8(ascii: "0") + UInt8(value / divisor % 10))
                divisor /= 10
            }
            bytes.append(separator)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Parses an ISO-8601 timestamp with a zone; nil when it is not one.
    public static func parse(_ text: String) -> Date? {
        var text = text.trimmingCharacters(in: .whitespaces)
        if text.hasSuffix("]"), let bracket = text.lastIndex(of: "[") {
            text = String(text[..<bracket])
        }
        return ISO8601Timestamp(text)?.date
    }

    static let encodingStrategy = JSONEncoder.DateEncodingStrategy.custom { date, encoder in
        var container = encoder.singleValueContainer()
        try container.encode(format(date))
    }

    static let decodingStrategy = JSONDecoder.DateDecodingStrategy.custom { decoder in
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let date = parse(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not an ISO-8601 date-time")
        }
        return date
    }
}

/// The fields of `YYYY-MM-DDThh:mm:ss[.fraction](Z|±hh[:]mm)`, ASCII digits only, as written.
public struct ISO8601Timestamp: Sendable, Equatable {
    public let year: Int
    public let month: Int
    public let day: Int
    public let hour: Int
    public let minute: Int
    public let second: Int
    /// The fraction of a second in nanoseconds (up to nine digits).
    public let nanoseconds: Int
    /// East of UTC, in minutes; `offsetHours` and `offsetMinutes` as written, with the sign applied to both.
    public let offsetHours: Int
    public let offsetMinutes: Int

    /// Reads the fields; does not check that they make a real date (see `isCalendarValid`).
    public init?(_ text: String) {
        // A scan of the UTF-8 bytes, not a Regex: this runs for every timestamp of every transcript and answer, and
        // a Regex match cost several times more. Any byte outside the pattern fails it, as a combining mark would.
        var text = text
        guard let timestamp = text.withUTF8({ Self.scan($0) }) else { return nil }
        self = timestamp
    }

    private init(fields: [Int], nanoseconds: Int, offsetHours: Int, offsetMinutes: Int) {
        (year, month, day, hour, minute, second) = (fields[0], fields[1], fields[2], fields[3], fields[4], fields[5])
        self.nanoseconds = nanoseconds
        self.offsetHours = offsetHours
        self.offsetMinutes = offsetMinutes
    }

    /// `YYYY-MM-DDThh:mm:ss`: each field's digits and the separator after it.
    private static let layout: [(width: Int, separator: UInt8?)] = [
        (4, UInt8(ascii: "-")), (2, UInt8(ascii: "-")), (2, UInt8(ascii: "T")), (2, UInt8(ascii: ":")), (2, UInt8(ascii: ":")), (2, nil),
    ]

    private static func scan(_ bytes: UnsafeBufferPointer<UInt8>) -> ISO8601Timestamp? {
        var scanner = ASCIIScanner(bytes: bytes)
        var fields: [Int] = []
        fields.reserveCapacity(6)
        for (width, separator) in layout {
            guard let value = scanner.digits(width) else { return nil }
            fields.append(value)
            if let separator, !scanner.skip(separator) { return nil }
        }
        var nanoseconds = 0
        if scanner.skip(UInt8(ascii: ".")) {
            guard let fraction = scanner.fraction(maxDigits: 9) else { return nil }
            nanoseconds = fraction.value
            for _ in fraction.digits..<9 { nanoseconds *= 10 }
        }
        var (offsetHours, offsetMinutes) = (0, 0)
        if !scanner.skip(UInt8(ascii: "Z")) {
            let sign: Int
            if scanner.skip(UInt8(ascii: "+")) {
                sign = 1
            } else if scanner.skip(UInt8(ascii: "-")) {
                sign = -1
            } else {
                return nil
            }
            guard let hours = scanner.digits(2) else { return nil }
            _ = scanner.skip(UInt8(ascii: ":"))
            guard let minutes = scanner.digits(2) else { return nil }
            (offsetHours, offsetMinutes) = (sign * hours, sign * minutes)
        }
        guard scanner.atEnd else { return nil }
        return ISO8601Timestamp(fields: fields, nanoseconds: nanoseconds, offsetHours: offsetHours, offsetMinutes: offsetMinutes)
    }

    /// Month, day (leap years included), hour up to 24:00:00 exactly, minute, second up to a leap 60, and an
    /// offset of at most ±15:59: what PostgreSQL's `timestamptz` accepts.
    public var isCalendarValid: Bool {
        guard year >= 1, (1...12).contains(month), (0...59).contains(minute), (0...60).contains(second) else { return false }
        guard hour < 24 || (hour == 24 && minute == 0 && second == 0 && nanoseconds == 0) else { return false }
        guard abs(offsetHours) <= 15, abs(offsetMinutes) <= 59 else { return false }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
        return (1...days).contains(day)
    }

    /// The instant, on the proleptic Gregorian calendar (24:00 and second 60 roll over, as in PostgreSQL).
    public var date: Date {
        date(nanoseconds: nanoseconds)
    }

    /// The instant with the fraction rounded to microseconds, the precision PostgreSQL keeps.
    public var dateRoundedToMicroseconds: Date {
        date(nanoseconds: Int((Double(nanoseconds) / 1000).rounded()) * 1000)
    }

    private func date(nanoseconds: Int) -> Date {
        var parts = tm()
        parts.tm_year = Int32(year - 1900)
        parts.tm_mon = Int32(month - 1)
        parts.tm_mday = Int32(day)
        parts.tm_hour = Int32(hour)
        parts.tm_min = Int32(minute)
        parts.tm_sec = Int32(second)
        let utcSeconds = Int64(timegm(&parts)) - Int64(offsetHours * 3600 + offsetMinutes * 60)
        return Date(timeIntervalSince1970: Double(utcSeconds) + Double(nanoseconds) / 1e9)
    }
}
