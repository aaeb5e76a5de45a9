import Foundation

extension UUID {
    /// The lowercase form Dixa uses in every example; Foundation's `uuidString` is uppercase.
    public var dixaString: String { uuidString.lowercased() }
}
