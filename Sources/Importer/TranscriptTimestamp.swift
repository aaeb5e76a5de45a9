import DixaAPI
import Foundation

/// The transcript's timestamps: ISO-8601 with seconds and an explicit zone, as the CHECK constraint
/// demands (no zone-less local times, no PostgreSQL shorthands such as `now`).
enum TranscriptTimestamp {
    nonisolated(unsafe) private static let strict = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:?\d{2})/

    static func parse(_ text: String) -> Date? {
        guard text.wholeMatch(of: strict) != nil, isCalendarValid(text) else { return nil }
        return DixaDate.parse(text)
    }

    /// Foundation rolls 2026-02-30 over into March; PostgreSQL refuses it, and so does this.
    private static func isCalendarValid(_ text: String) -> Bool {
        let digits = text.prefix(19).split(whereSeparator: { "-T:".contains($0) }).compactMap { Int($0) }
        guard digits.count == 6 else { return false }
        let (year, month, day, hour, minute, second) = (digits[0], digits[1], digits[2], digits[3], digits[4], digits[5])
        guard (1...12).contains(month), hour <= 24, minute <= 59, second <= 60, year >= 1 else { return false }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
        return (1...days).contains(day)
    }
}
