/// A Dixa API token. It prints as `<redacted>` everywhere (`description`, `debugDescription`,
/// reflection), so that logging a configuration or an error can never leak it.
public struct DixaToken: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    let value: String

    public init(_ value: String) {
        self.value = value.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    public var isEmpty: Bool { value.isEmpty }
    /// The token itself, only for sealing it where it is stored (`dixa-importer tenants`); never for printing.
    public var unredacted: String { value }
    public var description: String { "<redacted>" }
    public var debugDescription: String { "<redacted>" }
    public var customMirror: Mirror { Mirror(self, children: []) }
}
