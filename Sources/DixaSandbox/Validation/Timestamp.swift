import Foundation

/// An RFC 3339 / ISO-8601 date-time such as `2021-12-01T13:00:00.003Z` or `2021-12-01T14:00:00+01:00`.
///
/// Parsed by hand rather than with `ISO8601DateFormatter` so that the rules are exact and the same on
/// every platform: a `T` separator, seconds required, 1-9 fractional digits, and `Z` or `±HH:MM`.
/// Java's zone suffix (`...Z[GMT]`), seen in some Dixa responses, is not a valid request timestamp.
struct Timestamp: Comparable, Sendable {
    /// Whole seconds since 1970-01-01T00:00:00Z.
    let epochSeconds: Int64
    /// The fractional-second digits as written (possibly empty), kept as text so nanoseconds survive.
    let fraction: String

    init?(_ text: String) {
        let bytes = Array(text.utf8)
        var index = 0

        func number(_ width: Int) -> Int? {
            guard index + width <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[index..<(index + width)] {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            index += width
            return value
        }
        func expect(_ character: Character) -> Bool {
            guard index < bytes.count, bytes[index] == character.asciiValue else { return false }
            index += 1
            return true
        }

        guard let year = number(4), expect("-"), let month = number(2), expect("-"), let day = number(2), expect("T"),
            let hour = number(2), expect(":"), let minute = number(2), expect(":"), let second = number(2)
        else { return nil }
        guard (1...12).contains(month), (1...Self.daysIn(month: month, year: year)).contains(day),
            hour < 24, minute < 60, second < 60
        else { return nil }

        var fraction = ""
        if expect(".") {
            let start = index
            while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
            guard (1...9).contains(index - start) else { return nil }
            fraction = String(decoding: bytes[start..<index], as: UTF8.self)
        }

        var offsetSeconds = 0
        if expect("Z") {
            offsetSeconds = 0
        } else if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
            let sign = bytes[index] == UInt8(ascii: "-") ? -1 : 1
            index += 1
            guard let offsetHours = number(2), expect(":"), let offsetMinutes = number(2), offsetHours < 24, offsetMinutes < 60
            else { return nil }
            offsetSeconds = sign * (offsetHours * 3600 + offsetMinutes * 60)
        } else {
            return nil
        }
        guard index == bytes.count else { return nil }

        let days = Self.daysFromCivil(year: year, month: month, day: day)
        self.epochSeconds = Int64(days) * 86_400 + Int64(hour * 3600 + minute * 60 + second) - Int64(offsetSeconds)
        self.fraction = fraction
    }

    init(date: Date) {
        let milliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
        self.epochSeconds = milliseconds >= 0 ? milliseconds / 1000 : (milliseconds - 999) / 1000
        let remainder = Int(milliseconds - self.epochSeconds * 1000)
        self.fraction = String(format: "%03d", remainder)
    }

    /// The current time with millisecond precision.
    static func now() -> Timestamp { Timestamp(date: Date()) }

    /// The same instant in UTC, e.g. `2021-12-01T13:00:00.003Z`.
    var normalized: String {
        let days = Int(floorDivide(epochSeconds, 86_400))
        let secondsOfDay = Int(epochSeconds - Int64(days) * 86_400)
        let (year, month, day) = Self.civilFromDays(days)
        let clock = String(format: "%02d:%02d:%02d", secondsOfDay / 3600, secondsOfDay / 60 % 60, secondsOfDay % 60)
        let date = String(format: "%04d-%02d-%02d", year, month, day)
        return "\(date)T\(clock)\(fraction.isEmpty ? "" : ".\(fraction)")Z"
    }

    static func < (lhs: Timestamp, rhs: Timestamp) -> Bool {
        if lhs.epochSeconds != rhs.epochSeconds { return lhs.epochSeconds < rhs.epochSeconds }
        return lhs.paddedFraction < rhs.paddedFraction
    }

    static func == (lhs: Timestamp, rhs: Timestamp) -> Bool {
        lhs.epochSeconds == rhs.epochSeconds && lhs.paddedFraction == rhs.paddedFraction
    }

    private var paddedFraction: String { fraction.padding(toLength: 9, withPad: "0", startingAt: 0) }

    private func floorDivide(_ value: Int64, _ divisor: Int64) -> Int64 {
        value >= 0 ? value / divisor : (value - divisor + 1) / divisor
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 (Howard Hinnant's `days_from_civil`).
    private static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The inverse of ``daysFromCivil(year:month:day:)``.
    private static func civilFromDays(_ days: Int) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
