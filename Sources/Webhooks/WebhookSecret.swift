/// A webhook signing secret or expected `Authorization` value. It prints as `<redacted>` everywhere, so a
/// logged configuration or error can never leak it.
public struct WebhookSecret: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    let value: String

    public init(_ value: String) {
        self.value = value.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    public var isEmpty: Bool { value.isEmpty }
    /// The value itself, only for sending it where it belongs (Dixa's subscription, a header comparison).
    public var unredacted: String { value }
    /// The `Authorization` value a TokenAuth subscription sends: `Bearer <token>`.
    public var asBearer: WebhookSecret { WebhookSecret("Bearer \(value)") }
    public var description: String { "<redacted>" }
    public var debugDescription: String { "<redacted>" }
    public var customMirror: Mirror { Mirror(self, children: []) }
}
