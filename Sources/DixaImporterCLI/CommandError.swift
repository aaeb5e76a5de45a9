import ArgumentParser

/// A usage or configuration problem, printed as one line without a stack of types.
struct CommandError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
