import Foundation

/// A JSON value of any shape.
///
/// The sandbox keeps request bodies as `SandboxJSON` so that inspection endpoints can return
/// exactly what a client sent, without routing it through the sandbox's own models (which would
/// hide fields a client got wrong).
public enum SandboxJSON: Sendable, Hashable, Codable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([SandboxJSON])
    case object([String: SandboxJSON])

    /// Decodes any JSON value.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([SandboxJSON].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: SandboxJSON].self))
        }
    }

    /// Encodes the value as the JSON it stands for.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .number(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }

    /// Parses JSON text; `nil` when the bytes are not JSON. The one-pass `JSONTextReader` reads what a client sends
    /// (UTF-8 JSON); what it refuses goes to `JSONDecoder`, the sandbox's parser before, which also reads UTF-16 and
    /// UTF-32 and never looks at a duplicate member. So a body is accepted exactly when `JSONDecoder` accepts it, as the
    /// same value (a test compares the two). The reader is there for speed: through `init(from:)`, every value's type
    /// was found by failing to decode it as the types before it, and each failure threw.
    public static func parse(_ data: Data) -> SandboxJSON? {
        let read = data.withUnsafeBytes { raw in
            var reader = JSONTextReader(bytes: raw.bindMemory(to: UInt8.self))
            return reader.document()
        }
        return read ?? (try? JSONDecoder().decode(SandboxJSON.self, from: data))
    }

    /// The member named `key` when this is an object.
    public subscript(key: String) -> SandboxJSON? {
        guard case .object(let members) = self else { return nil }
        return members[key]
    }

    /// The string when this is a string.
    public var stringValue: String? {
        guard case .string(let value) = self else { return nil }
        return value
    }

    /// The number when this is a number.
    public var numberValue: Double? {
        guard case .number(let value) = self else { return nil }
        return value
    }

    /// The elements when this is an array.
    public var arrayValue: [SandboxJSON]? {
        guard case .array(let value) = self else { return nil }
        return value
    }

    /// The members when this is an object.
    public var objectValue: [String: SandboxJSON]? {
        guard case .object(let value) = self else { return nil }
        return value
    }
}
