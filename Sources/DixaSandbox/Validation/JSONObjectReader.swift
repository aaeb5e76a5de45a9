import Foundation

/// Reads one JSON object of a request body strictly, the way Dixa's decoders do: an unknown key, a
/// wrong type, a missing required key, a malformed UUID or timestamp all end in `Invalid value for: body`.
///
/// `null` counts as absent for optional keys (Dixa's Scala decoders read `null` as `None`), but never
/// satisfies a required key.
struct JSONObjectReader {
    private let members: [String: SandboxJSON]

    init(_ value: SandboxJSON?, allowedKeys: Set<String>) throws(DixaError) {
        guard let members = value?.objectValue else { throw .invalidBody }
        guard Set(members.keys).isSubset(of: allowedKeys) else { throw .invalidBody }
        self.members = members
    }

    /// The value at `key`, or `nil` when absent or `null`.
    func optional(_ key: String) -> SandboxJSON? {
        guard let value = members[key], value != .null else { return nil }
        return value
    }

    func required(_ key: String) throws(DixaError) -> SandboxJSON {
        guard let value = optional(key) else { throw .invalidBody }
        return value
    }

    func optionalString(_ key: String) throws(DixaError) -> String? {
        guard let value = optional(key) else { return nil }
        guard let string = value.stringValue else { throw .invalidBody }
        return string
    }

    func requiredString(_ key: String) throws(DixaError) -> String {
        guard let string = try optionalString(key) else { throw .invalidBody }
        return string
    }

    func optionalUUID(_ key: String) throws(DixaError) -> UUID? {
        guard let string = try optionalString(key) else { return nil }
        guard let uuid = UUID(uuidString: string) else { throw .invalidBody }
        return uuid
    }

    func requiredUUID(_ key: String) throws(DixaError) -> UUID {
        guard let uuid = try optionalUUID(key) else { throw .invalidBody }
        return uuid
    }

    func requiredTimestamp(_ key: String) throws(DixaError) -> Timestamp {
        guard let timestamp = Timestamp(try requiredString(key)) else { throw .invalidBody }
        return timestamp
    }

    func optionalStringArray(_ key: String) throws(DixaError) -> [String]? {
        guard let value = optional(key) else { return nil }
        guard let elements = value.arrayValue else { throw .invalidBody }
        var strings: [String] = []
        for element in elements {
            guard let string = element.stringValue else { throw .invalidBody }
            strings.append(string)
        }
        return strings
    }

    func optionalArray(_ key: String) throws(DixaError) -> [SandboxJSON]? {
        guard let value = optional(key) else { return nil }
        guard let elements = value.arrayValue else { throw .invalidBody }
        return elements
    }

    /// An object whose contents are free-form (channel-specific `attributes`).
    func optionalObject(_ key: String) throws(DixaError) -> [String: SandboxJSON]? {
        guard let value = optional(key) else { return nil }
        guard let object = value.objectValue else { throw .invalidBody }
        return object
    }

    /// A string that must be one of `allowed` (an enum value).
    func requiredEnum(_ key: String, _ allowed: Set<String>) throws(DixaError) -> String {
        let string = try requiredString(key)
        guard allowed.contains(string) else { throw .invalidBody }
        return string
    }
}
