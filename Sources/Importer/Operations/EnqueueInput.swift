import Foundation

/// One transcript to enqueue, as `dixa-importer enqueue` reads it: `{"tenant", "sourceKey", "kind", "transcript"}`.
public struct EnqueueItem: Sendable, Equatable {
    /// Nil: the tenant `enqueue` was given (`--tenant`, else the default tenant).
    public let tenant: String?
    /// `live` or `backfill`; nil: the lane `enqueue` was given (`--backfill`, else live).
    public let lane: String?
    public let sourceKey: String
    public let kind: String
    /// The transcript as JSON text, passed to PostgreSQL untouched.
    public let transcriptJSON: String
}

/// Reads enqueue input: one JSON object, a JSON array of objects, or JSON lines. Each item is parsed on
/// its own, so a bad line is reported with its line number and the lines around it still go in.
public enum EnqueueInput {
    /// An item or the reason it cannot be read, with where it was found (`line 3`, `item 2`).
    public typealias Entry = (location: String, item: Result<EnqueueItem, EnqueueInputError>)

    public static func parse(_ text: String) -> [Entry] {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.hasPrefix("["), let array = try? JSONSerialization.jsonObject(with: Data(trimmed.utf8)) as? [Any] {
            return array.enumerated().map { ("item \($0.offset + 1)", item(from: $0.element)) }
        }
        if let whole = try? JSONSerialization.jsonObject(with: Data(trimmed.utf8)), whole is [String: Any] {
            return [("item 1", item(from: whole))]
        }
        var entries: [Entry] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let content = line.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !content.isEmpty, !content.hasPrefix("#") else { continue }
            let location = "line \(index + 1)"
            guard let object = try? JSONSerialization.jsonObject(with: Data(content.utf8)) else {
                entries.append((location, .failure(EnqueueInputError("not valid JSON"))))
                continue
            }
            entries.append((location, item(from: object)))
        }
        return entries
    }

    static func item(from object: Any) -> Result<EnqueueItem, EnqueueInputError> {
        guard let fields = object as? [String: Any] else { return .failure(EnqueueInputError("must be a JSON object")) }
        guard let sourceKey = fields["sourceKey"] as? String else {
            return .failure(EnqueueInputError("sourceKey is required and must be a string"))
        }
        let kind = fields["kind"] ?? "closed"
        guard let kindText = kind as? String else { return .failure(EnqueueInputError("kind must be a string")) }
        let tenant = fields["tenant"]
        guard tenant == nil || tenant is String else { return .failure(EnqueueInputError("tenant must be a string")) }
        let lane = fields["lane"]
        guard lane == nil || lane is String else { return .failure(EnqueueInputError("lane must be \"live\" or \"backfill\"")) }
        guard let transcript = fields["transcript"] else { return .failure(EnqueueInputError("transcript is required")) }
        guard let data = try? JSONSerialization.data(withJSONObject: transcript, options: [.fragmentsAllowed, .withoutEscapingSlashes]) else {
            return .failure(EnqueueInputError("transcript is not serialisable JSON"))
        }
        return .success(
            EnqueueItem(
                tenant: tenant as? String,
                lane: lane as? String,
                sourceKey: sourceKey,
                kind: kindText,
                transcriptJSON: String(decoding: data, as: UTF8.self)
            )
        )
    }
}

/// Why one enqueue input item could not be read.
public struct EnqueueInputError: Error, Sendable, Equatable, CustomStringConvertible {
    public let message: String
    init(_ message: String) { self.message = message }
    public var description: String { message }
}
