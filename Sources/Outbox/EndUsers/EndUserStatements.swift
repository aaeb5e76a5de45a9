import Foundation
import PostgresNIO

/// The end-user cache's statements, shared by the pooled and the locked paths.
enum EndUserStatements {
    static func lookupBinds(_ identities: [EndUserIdentity]) -> PostgresBindings {
        var binds = PostgresBindings()
        binds.append(identities.map(\.kind.rawValue))
        binds.append(identities.map(\.value))
        return binds
    }

    static func lookup(_ identities: [EndUserIdentity]) -> PostgresQuery {
        PostgresQuery(unsafeSQL: Queries.endUserLookupMany.text, binds: lookupBinds(identities))
    }

    static func store(_ requesterID: UUID, _ identities: [EndUserIdentity]) -> PostgresQuery {
        var binds = PostgresBindings()
        binds.append(identities.map(\.kind.rawValue))
        binds.append(identities.map(\.value))
        binds.append(requesterID)
        return PostgresQuery(unsafeSQL: Queries.endUserStore.text, binds: binds)
    }

    static func decode(_ rows: [PostgresRow]) throws -> [EndUserIdentity: UUID] {
        var found: [EndUserIdentity: UUID] = [:]
        for (kind, value, requester) in try rows.map({ try $0.decode((String, String, UUID).self) }) {
            // Values come back exactly as stored, which is already normalised.
            if let kind = EndUserIdentity.Kind(rawValue: kind), let identity = EndUserIdentity(kind, value) { found[identity] = requester }
        }
        return found
    }
}
