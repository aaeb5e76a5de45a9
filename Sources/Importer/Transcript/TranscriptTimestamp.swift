import DixaAPI
import Foundation

/// The transcript's timestamps: ISO-8601 with seconds and an explicit zone, accepted exactly when the CHECK
/// constraint accepts them (no zone-less local times, no PostgreSQL shorthands such as `now`, no impossible
/// dates or offsets), and kept to the microsecond, as PostgreSQL keeps them.
enum TranscriptTimestamp {
    static func parse(_ text: String) -> Date? {
        guard let timestamp = ISO8601Timestamp(text), timestamp.isCalendarValid else { return nil }
        return timestamp.dateRoundedToMicroseconds
    }
}
