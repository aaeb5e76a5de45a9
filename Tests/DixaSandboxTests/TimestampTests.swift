import Testing

@testable import DixaSandbox

@Suite("Timestamps")
struct TimestampTests {
    @Test(
        "valid RFC 3339 date-times normalise to UTC, keeping fractional digits",
        arguments: [
            ("2021-12-01T13:00:00.003Z", "2021-12-01T13:00:00.003Z"),
            ("2021-12-01T13:00:00Z", "2021-12-01T13:00:00Z"),
            ("2021-12-01T00:30:00+01:00", "2021-11-30T23:30:00Z"),
            ("2020-02-29T23:59:59.123456789-00:30", "2020-03-01T00:29:59.123456789Z"),
            ("1969-12-31T23:59:59Z", "1969-12-31T23:59:59Z"),
        ]
    )
    func valid(input: String, normalized: String) throws {
        #expect(try #require(Timestamp(input)).normalized == normalized)
    }

    @Test(
        "everything else is refused",
        arguments: [
            "", "2021-12-01", "2021-12-01T13:00Z", "2021-12-01T13:00:00", "2021-12-01T13:00:00.Z", "2021-12-01T13:00:00.0000000001Z",
            "2021-02-29T00:00:00Z", "2021-12-01T24:00:00Z", "2021-12-01T13:00:00+0100", "2021-12-01T13:00:00Z[GMT]", "2021-12-01t13:00:00z",
        ]
    )
    func invalid(input: String) {
        #expect(Timestamp(input) == nil)
    }

    @Test("instants compare across offsets")
    func ordering() throws {
        let a = try #require(Timestamp("2021-12-01T12:00:00.5+01:00"))
        let b = try #require(Timestamp("2021-12-01T11:00:00.500Z"))
        #expect(a == b)
        #expect(try #require(Timestamp("2021-12-01T11:00:00.499Z")) < a)
    }
}
