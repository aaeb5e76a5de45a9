import Foundation

extension UUID {
    /// Dixa writes ids in lower case; Foundation's `uuidString` is upper case.
    var lowercased: String { uuidString.lowercased() }
}
