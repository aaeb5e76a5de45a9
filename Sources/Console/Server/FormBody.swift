import Foundation

/// An `application/x-www-form-urlencoded` body or query string, with repeated names kept (`id=1&id=2`).
struct FormBody {
    private(set) var fields: [(name: String, value: String)] = []

    init(_ text: String) {
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = Self.decode(parts[0])
            let value = parts.count > 1 ? Self.decode(parts[1]) : ""
            fields.append((name, value))
        }
    }

    func values(_ name: String) -> [String] { fields.filter { $0.name == name }.map(\.value) }
    func first(_ name: String) -> String? { fields.first { $0.name == name }?.value }

    /// `+` is a space; `%XX` a byte; anything malformed is kept as written.
    private static func decode(_ text: Substring) -> String {
        let replaced = String(text).replacingOccurrences(of: "+", with: " ")
        return replaced.removingPercentEncoding ?? replaced
    }
}
