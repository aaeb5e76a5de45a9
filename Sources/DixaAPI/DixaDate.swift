import Foundation

/// Dixa's timestamps: ISO-8601 in UTC with milliseconds on the way out; on the way in also
/// whole seconds, up to nine fractional digits and Java's zone suffix (`2023-01-01T08:23:54.246Z[GMT]`).
public enum DixaDate {
    /// `2021-12-01T11:00:00.001Z`.
    public static func format(_ date: Date) -> String {
        date.formatted(
            Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: TimeZone(identifier: "UTC")!)
        )
    }

    /// Parses an ISO-8601 timestamp with a zone; nil when it is not one.
    public static func parse(_ text: String) -> Date? {
        var text = text.trimmingCharacters(in: .whitespaces)
        if text.hasSuffix("]"), let bracket = text.lastIndex(of: "[") {
            text = String(text[..<bracket])
        }
        guard let match = text.wholeMatch(of: pattern) else { return nil }
        let (_, base, fraction, zone) = match.output
        let normalisedZone = zone == "Z" ? "Z" : zone.count == 5 ? "\(zone.prefix(3)):\(zone.suffix(2))" : String(zone)
        guard let whole = try? Date("\(base)\(normalisedZone)", strategy: .iso8601) else { return nil }
        guard let fraction else { return whole }
        let digits = fraction.dropFirst()
        guard let value = Double("0." + digits) else { return nil }
        return whole.addingTimeInterval(value)
    }

    nonisolated(unsafe) private static let pattern =
        /(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(\.\d{1,9})?(Z|[+-]\d{2}:?\d{2})/

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
