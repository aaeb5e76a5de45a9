import DixaAPI
import Foundation
import TestSupport
import Testing

@Suite("ISO-8601 timestamps: the byte scan reads exactly YYYY-MM-DDThh:mm:ss[.fraction](Z|±hh[:]mm)")
struct TimestampScanTests {
    @Test(
        "accepted, with its fields",
        arguments: [
            ("2026-11-24T10:15:00Z", [2026, 11, 24, 10, 15, 0, 0, 0, 0]),
            ("2026-11-24T10:15:00.5Z", [2026, 11, 24, 10, 15, 0, 500_000_000, 0, 0]),
            ("2026-11-24T10:15:00.123456789+01:00", [2026, 11, 24, 10, 15, 0, 123_456_789, 1, 0]),
            ("0001-01-01T00:00:00-0930", [1, 1, 1, 0, 0, 0, 0, -9, -30]),
            ("2026-13-45T25:61:61+15:99", [2026, 13, 45, 25, 61, 61, 0, 15, 99]),
        ]
    )
    func accepted(text: String, fields: [Int]) throws {
        let timestamp = try #require(ISO8601Timestamp(text))
        let read = [
            timestamp.year, timestamp.month, timestamp.day, timestamp.hour, timestamp.minute, timestamp.second, timestamp.nanoseconds,
            timestamp.offsetHours, timestamp.offsetMinutes,
        ]
        #expect(read == fields)
    }

    @Test(
        "refused",
        arguments: [
            "", "2026-11-24", "2026-11-24T10:15Z", "2026-11-24T10:15:00", "2026-11-24 10:15:00Z", "2026-11-24t10:15:00Z",
            "2026-11-24T10:15:00z", "2026-11-24T10:15:00.Z", "2026-11-24T10:15:00.1234567890Z", "2026-11-24T10:15:00+01",
            "2026-11-24T10:15:00+1:00", "2026-11-24T10:15:00+01:0", "2026-11-24T10:15:00Z ", " 2026-11-24T10:15:00Z",
            "2026-11-24T10:15:00ZZ", "202-11-24T10:15:00Z", "+2026-11-24T10:15:00Z", "２０２６-11-24T10:15:00Z",
            "2026-11-24T10:15:00Z\u{301}", "2026-11-24T10:15:0\u{301}0Z", "2026-11-24T10:15:00+01::00", "2026-1a-24T10:15:00Z",
        ]
    )
    func refused(text: String) {
        #expect(ISO8601Timestamp(text) == nil)
    }

    @Test("the instant is the same as Foundation's for ordinary dates")
    func instant() throws {
        let timestamp = try #require(ISO8601Timestamp("2026-11-24T10:15:00.250+01:30"))
        #expect(timestamp.date == Date(timeIntervalSince1970: 1_795_515_300.25 - 5400))
    }
}
