import DixaAPI
import Foundation
import Outbox

extension Transcript {
    /// Parses and validates a transcript's JSON text.
    ///
    /// The rules, their order and their messages mirror `dixa_transcript_check` in
    /// `sql/migrations/0001_outbox.sql`, so a row the database accepted is accepted here, and a
    /// transcript that reaches the worker some other way gets the same explanation.
    public static func parse(_ json: String) throws(TranscriptError) -> Transcript {
        let root: Any
        do {
            root = try JSONSerialization.jsonObject(with: Data(json.utf8), options: [.fragmentsAllowed])
        } catch {
            throw TranscriptError("transcript is not valid JSON")
        }
        return try parse(object: root)
    }

    static func parse(object root: Any) throws(TranscriptError) -> Transcript {
        guard var object = root as? [String: Any] else { throw TranscriptError("transcript must be a JSON object") }
        // `queueId` came with escalations (migration 0004): checked first, then the version-1 rules see the rest.
        var queueID: UUID?
        if let rawQueue = object.removeValue(forKey: "queueId") {
            guard let text = rawQueue as? String, text.utf8.count == 36, let id = UUID(uuidString: text) else {
                throw TranscriptError("transcript.queueId must be a queue UUID string")
            }
            queueID = id
        }
        try rejectUnknownKeys(
            object,
            allowed: ["requester", "startedAt", "endedAt", "messages", "attributes"],
            path: "transcript",
            expected: "requester, startedAt, endedAt, messages, attributes"
        )
        let requester = try parseRequester(object["requester"])
        let startedAt = try optionalTimestamp(object, "startedAt")
        let endedAt = try optionalTimestamp(object, "endedAt")
        if let startedAt, let endedAt, endedAt < startedAt {
            throw TranscriptError("transcript.endedAt must not be before transcript.startedAt")
        }
        guard let rawMessages = object["messages"] as? [Any], !rawMessages.isEmpty else {
            throw TranscriptError("transcript.messages must be a non-empty array")
        }
        var messages: [Message] = []
        messages.reserveCapacity(rawMessages.count)
        for (index, raw) in rawMessages.enumerated() {
            messages.append(try parseMessage(raw, path: "transcript.messages[\(index)]"))
        }
        let attributes = try parseAttributes(object)
        return Transcript(
            requester: requester,
            startedAt: startedAt,
            endedAt: endedAt,
            messages: messages,
            attributes: attributes,
            queueID: queueID
        )
    }

    private static func parseRequester(_ raw: Any?) throws(TranscriptError) -> Requester {
        guard let object = raw as? [String: Any] else { throw TranscriptError("transcript.requester is required and must be an object") }
        let allowed = ["email", "phone", "externalId", "displayName", "firstName", "lastName"]
        var values: [String: String] = [:]
        var hasIdentity = false
        for key in jsonbOrder(object.keys) {
            guard allowed.contains(key) else {
                throw TranscriptError(
                    "transcript.requester.\(key) is not a known field (expected email, phone, externalId, displayName, firstName, lastName)"
                )
            }
            guard let value = object[key] as? String else { throw TranscriptError("transcript.requester.\(key) must be a string") }
            values[key] = value
            if ["email", "phone", "externalId"].contains(key), !Blank.isBlank(value) {
                hasIdentity = true
            }
        }
        guard hasIdentity else { throw TranscriptError("transcript.requester needs at least one non-empty email, phone or externalId") }
        return Requester(
            email: values["email"],
            phone: values["phone"],
            externalId: values["externalId"],
            displayName: values["displayName"],
            firstName: values["firstName"],
            lastName: values["lastName"]
        )
    }

    private static func parseMessage(_ raw: Any, path: String) throws(TranscriptError) -> Message {
        guard let object = raw as? [String: Any] else { throw TranscriptError("\(path) must be an object") }
        try rejectUnknownKeys(
            object,
            allowed: ["from", "text", "at", "format", "id", "attachments"],
            path: path,
            expected: "from, text, at, format, id, attachments"
        )
        guard let fromText = object["from"] as? String, let from = Message.Author(rawValue: fromText) else {
            throw TranscriptError("\(path).from must be \"user\" or \"bot\"")
        }
        guard let text = object["text"] as? String, !Blank.isBlank(text) else {
            throw TranscriptError("\(path).text must be a non-empty string")
        }
        guard let at = (object["at"] as? String).flatMap(TranscriptTimestamp.parse) else {
            throw TranscriptError("\(path).at must be an ISO-8601 timestamp with a zone, e.g. 2026-11-24T10:15:00Z")
        }
        var format = Message.Format.text
        if let rawFormat = object["format"] {
            guard let name = rawFormat as? String, let parsed = Message.Format(rawValue: name) else {
                throw TranscriptError("\(path).format must be \"text\", \"markdown\" or \"html\"")
            }
            format = parsed
        }
        var id: String?
        if let rawID = object["id"] {
            guard let value = rawID as? String, !value.isEmpty else { throw TranscriptError("\(path).id must be a non-empty string") }
            id = value
        }
        var attachments: [Message.Attachment] = []
        if let rawAttachments = object["attachments"] {
            guard let list = rawAttachments as? [Any] else { throw TranscriptError("\(path).attachments must be an array") }
            for (index, item) in list.enumerated() {
                attachments.append(try parseAttachment(item, path: "\(path).attachments[\(index)]"))
            }
        }
        return Message(from: from, text: text, at: at, format: format, id: id, attachments: attachments)
    }

    private static func parseAttachment(_ raw: Any, path: String) throws(TranscriptError) -> Message.Attachment {
        guard let object = raw as? [String: Any] else { throw TranscriptError("\(path) must be an object") }
        try rejectUnknownKeys(object, allowed: ["url", "name"], path: path, expected: "url, name")
        guard let url = object["url"] as? String, !Blank.isBlank(url) else { throw TranscriptError("\(path).url must be a non-empty string") }
        var name: String?
        if let rawName = object["name"] {
            guard let value = rawName as? String else { throw TranscriptError("\(path).name must be a string") }
            name = value
        }
        return Message.Attachment(url: url, name: name)
    }

    private static func parseAttributes(_ object: [String: Any]) throws(TranscriptError) -> [(key: String, value: AttributeValue)] {
        guard let raw = object["attributes"] else { return [] }
        guard let attributes = raw as? [String: Any] else { throw TranscriptError("transcript.attributes must be an object") }
        var parsed: [(key: String, value: AttributeValue)] = []
        for key in jsonbOrder(attributes.keys) {
            guard !Blank.isBlank(key) else { throw TranscriptError("transcript.attributes has an empty key") }
            guard Array(key.utf8) == Array(key.precomposedStringWithCanonicalMapping.utf8) else {
                throw TranscriptError("transcript.attributes key \"\(key)\" must be in Unicode NFC form")
            }
            if let list = attributes[key] as? [Any] {
                let strings = list.compactMap { $0 as? String }
                guard strings.count == list.count else {
                    throw TranscriptError("transcript.attributes.\(key) must be a string or an array of strings")
                }
                parsed.append((key, .list(strings)))
            } else if let text = attributes[key] as? String {
                parsed.append((key, .text(text)))
            } else {
                throw TranscriptError("transcript.attributes.\(key) must be a string or an array of strings")
            }
        }
        return parsed
    }

    private static func optionalTimestamp(_ object: [String: Any], _ key: String) throws(TranscriptError) -> Date? {
        guard let raw = object[key] else { return nil }
        guard let date = (raw as? String).flatMap(TranscriptTimestamp.parse) else {
            throw TranscriptError("transcript.\(key) must be an ISO-8601 timestamp with a zone, e.g. 2026-11-24T10:15:00Z")
        }
        return date
    }

    private static func rejectUnknownKeys(_ object: [String: Any], allowed: Set<String>, path: String, expected: String) throws(TranscriptError) {
        for key in jsonbOrder(object.keys) where !allowed.contains(key) {
            throw TranscriptError("\(path).\(key) is not a known field (expected \(expected))")
        }
    }

    /// jsonb stores object keys shortest first, then bytewise; the database check meets them in that
    /// order, so walking them the same way reports the same first problem.
    static func jsonbOrder(_ keys: some Collection<String>) -> [String] {
        keys.sorted { lhs, rhs in
            let (left, right) = (Array(lhs.utf8), Array(rhs.utf8))
            return left.count != right.count ? left.count < right.count : left.lexicographicallyPrecedes(right)
        }
    }
}
