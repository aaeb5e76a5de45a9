import Foundation

/// A request's query string as name/value pairs.
///
/// Decoded like a form (`+` is a space, `%XX` escapes), as Dixa's HTTP stack does, so a client that
/// leaves a `+` in an email unescaped finds out here rather than in production.
struct QueryItems {
    private let items: [(name: String, value: String)]

    init(_ query: String?) {
        guard let query, !query.isEmpty else {
            self.items = []
            return
        }
        self.items = query.split(separator: "&", omittingEmptySubsequences: true).map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = Self.decode(parts[0])
            let value = parts.count > 1 ? Self.decode(parts[1]) : ""
            return (name, value)
        }
    }

    /// The first value of `name`, or `nil` when absent.
    subscript(name: String) -> String? {
        items.first { $0.name == name }?.value
    }

    private static func decode(_ text: Substring) -> String {
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }
}
