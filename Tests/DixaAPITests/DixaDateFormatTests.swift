import DixaAPI
import Foundation
import Testing

@Suite("DixaDate.format: UTC, milliseconds, the proleptic Gregorian calendar")
struct DixaDateFormatTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let secondsSince1970: Double
        let expected: String
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "the epoch", secondsSince1970: 0, expected: "1970-01-01T00:00:00.000Z"),
        Case(name: "Dixa's own example", secondsSince1970: 1_638_356_400.001, expected: "2021-12-01T11:00:00.001Z"),
        Case(name: "rounded to the nearest millisecond, up", secondsSince1970: 1_638_356_400.0996, expected: "2021-12-01T11:00:00.100Z"),
        Case(name: "a millisecond before a new year rolls nothing over", secondsSince1970: 1_767_225_599.999, expected: "2025-12-31T23:59:59.999Z"),
        Case(name: "before 1970, with milliseconds", secondsSince1970: -0.25, expected: "1969-12-31T23:59:59.750Z"),
        Case(name: "before 1582: Gregorian, not Julian", secondsSince1970: -30_605_126_400, expected: "1000-03-01T00:00:00.000Z"),
        Case(name: "a year of one digit, padded", secondsSince1970: -62_135_596_800, expected: "0001-01-01T00:00:00.000Z"),
        Case(name: "the last four-digit year", secondsSince1970: 253_402_300_799.5, expected: "9999-12-31T23:59:59.500Z"),
        Case(name: "a five-digit year, written whole", secondsSince1970: 253_402_300_800, expected: "10000-01-01T00:00:00.000Z"),
    ]

    @Test("formats", arguments: cases)
    func formats(_ example: Case) {
        #expect(DixaDate.format(Date(timeIntervalSince1970: example.secondsSince1970)) == example.expected)
    }

    @Test("what it writes, it reads back to the millisecond", arguments: cases.dropLast())
    func roundTrips(_ example: Case) throws {
        let date = try #require(DixaDate.parse(example.expected))
        #expect(DixaDate.format(date) == example.expected)
    }
}
