import DixaSandbox
import Foundation

/// The two generated organisations most isolation tests use: A is organisation 1 (the standard seed), B organisation 2.
enum TwoOrganizations {
    static let a = SandboxOrganizationIDs(number: 1)
    static let b = SandboxOrganizationIDs(number: 2)

    static var configuration: SandboxConfiguration { SandboxConfiguration(organizations: SandboxSeed.organizations(2)) }
}

extension UUID {
    /// Lower case, as Dixa writes ids.
    var dixa: String { uuidString.lowercased() }
}
