/// What the outbox's checks call empty: nothing but ASCII whitespace (space, tab, newline,
/// carriage return, form feed, vertical tab), as `btrim(x, E' \t\n\r\f\013')` in `sql/migrations`.
/// The worker's own validation and the end-user cache keys use this same definition.
public enum Blank {
    static let characters: Set<Unicode.Scalar> = [" ", "\t", "\n", "\r", "\u{0C}", "\u{0B}"]

    /// `text` without leading and trailing ASCII whitespace.
    public static func trimmed(_ text: String) -> Substring {
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { !characters.contains($0) }) else { return "" }
        let last = scalars.lastIndex(where: { !characters.contains($0) })!
        return Substring(scalars[first...last])
    }

    /// True when `text` is empty or only ASCII whitespace.
    public static func isBlank(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy { characters.contains($0) }
    }
}
