import Foundation

/// A `POST /v1/endusers` body (Dixa's `CreateEndUserInput`): every field optional, no others allowed.
///
/// Note the phone field is `phoneNumber` here, while the search filter is `phone`.
struct CreateEndUserInput {
    let displayName: String?
    let email: String?
    let phoneNumber: String?
    let additionalEmails: [String]?
    let additionalPhoneNumbers: [String]?
    let firstName: String?
    let lastName: String?
    let middleNames: [String]?
    let avatarUrl: String?
    let externalId: String?

    init(body: SandboxJSON?) throws(DixaError) {
        let reader = try JSONObjectReader(
            body,
            allowedKeys: [
                "displayName", "email", "phoneNumber", "additionalEmails", "additionalPhoneNumbers", "firstName", "lastName",
                "middleNames", "avatarUrl", "externalId",
            ]
        )
        displayName = try reader.optionalString("displayName")
        email = try reader.optionalString("email")
        phoneNumber = try reader.optionalString("phoneNumber")
        additionalEmails = try reader.optionalStringArray("additionalEmails")
        additionalPhoneNumbers = try reader.optionalStringArray("additionalPhoneNumbers")
        firstName = try reader.optionalString("firstName")
        lastName = try reader.optionalString("lastName")
        middleNames = try reader.optionalStringArray("middleNames")
        avatarUrl = try reader.optionalString("avatarUrl")
        externalId = try reader.optionalString("externalId")
    }
}

/// A `PATCH /v1/conversations/{id}/custom-attributes` body: `Map[UUID, Option[AttributeValue]]`.
///
/// Decoding only checks the map's shape (UUID keys; string, array of strings or `null` values).
/// Whether the values fit the attributes is checked later and answered `Invalid input for patching`.
struct CustomAttributePatchInput {
    /// `nil` clears the attribute.
    let values: [(id: UUID, value: SandboxAttributeValue?)]

    init(body: SandboxJSON?) throws(DixaError) {
        guard let members = body?.objectValue else { throw .invalidBody }
        var values: [(id: UUID, value: SandboxAttributeValue?)] = []
        for key in members.keys.sorted() {
            guard let id = UUID(uuidString: key) else { throw .invalidBody }
            switch members[key] {
            case .null, nil:
                values.append((id, nil))
            case .string(let text):
                values.append((id, .text(text)))
            case .array(let elements):
                var strings: [String] = []
                for element in elements {
                    guard let string = element.stringValue else { throw .invalidBody }
                    strings.append(string)
                }
                values.append((id, .select(strings)))
            default:
                throw .invalidBody
            }
        }
        self.values = values
    }
}

/// A `PUT /v1/conversations/{id}/transfer/queue` body (Dixa's `TransferConversationInput`).
struct TransferQueueInput {
    let queueId: UUID
    let userId: UUID?

    init(body: SandboxJSON?) throws(DixaError) {
        let reader = try JSONObjectReader(body, allowedKeys: ["queueId", "userId"])
        queueId = try reader.requiredUUID("queueId")
        userId = try reader.optionalUUID("userId")
    }
}

/// A `PUT /v1/conversations/{id}/reopen` or `/close` body (`ReopenConversationInput`, `CloseConversationInput`):
/// optional altogether (`required: false`), and then `{ "userId"?: uuid }`.
struct ConversationActionInput {
    let userId: UUID?

    init(body: SandboxJSON?, bodyText: String?) throws(DixaError) {
        // An absent body is allowed; a body that is present but not JSON is not.
        guard let bodyText, !bodyText.allSatisfy(\.isWhitespace) else {
            userId = nil
            return
        }
        let reader = try JSONObjectReader(body, allowedKeys: ["userId"])
        userId = try reader.optionalUUID("userId")
    }
}
