import Foundation

/// The fixed name, token and ids of generated organisation number `number`, so that tests and demos can name them
/// without asking the sandbox.
///
/// Every id is `PPPPPPPP-0000-4000-8000-<suffix>` with the standard seed's suffixes (`…0000000000b0` for the bot agent,
/// `…0000000000e1` for the Support queue, ...), where `PPPPPPPP` is the number in eight decimal digits: organisation 2's
/// bot agent is `00000002-0000-4000-8000-0000000000b0`. Organisation 1 is the standard seed (``SandboxSeed/standard``),
/// whose prefix is `00000000`.
///
/// | | organisation 1 | organisation k (k ≥ 2) |
/// |---|---|---|
/// | name | `Dixa Sandbox` | `Dixa Sandbox k` |
/// | token | `sandbox-token` | `sandbox-org-k-token` |
///
/// Each has the standard seed's agents (Chatbot, Human Agent), queues (Support, the default, and Billing) and
/// custom-attribute identifiers, under its own ids, and no end users.
public struct SandboxOrganizationIDs: Sendable, Hashable {
    /// 1, 2, 3... ; 1 is the standard seed.
    public let number: Int
    /// `Dixa Sandbox`, then `Dixa Sandbox 2`, `Dixa Sandbox 3`...
    public let name: String
    /// `sandbox-token`, then `sandbox-org-2-token`, `sandbox-org-3-token`...
    public let token: String
    /// The organisation id that queues and webhook envelopes carry (suffix `0000000000f0`).
    public let organizationID: UUID
    /// The bot agent, "Chatbot" (suffix `0000000000b0`): the agent an importer names.
    public let botAgentID: UUID
    /// The human agent, "Human Agent" (suffix `0000000000a1`): the agent simulated actions use by default.
    public let humanAgentID: UUID
    /// The "Support" queue, the default (suffix `0000000000e1`).
    public let supportQueueID: UUID
    /// The "Billing" queue (suffix `0000000000e2`).
    public let billingQueueID: UUID
    /// `order_id`, a Text conversation attribute (suffix `00000000ca01`).
    public let orderIDAttributeID: UUID
    /// `contact_reason`, a Select conversation attribute (suffix `00000000ca02`).
    public let contactReasonAttributeID: UUID
    /// `tags_list`, a Select conversation attribute (suffix `00000000ca03`).
    public let tagsListAttributeID: UUID
    /// `location`, a Contact attribute (suffix `00000000ca04`).
    public let locationAttributeID: UUID

    /// The largest number: the prefix has eight decimal digits.
    public static let maximumNumber = 99_999_999

    /// The ids of organisation `number` (1 ... ``maximumNumber``).
    public init(number: Int) {
        precondition((1...Self.maximumNumber).contains(number), "organisation numbers run from 1 to \(Self.maximumNumber)")
        self.number = number
        self.name = number == 1 ? SandboxSeed.standardName : "\(SandboxSeed.standardName) \(number)"
        self.token = number == 1 ? SandboxSeed.standardToken : "sandbox-org-\(number)-token"
        let id = Self.idMaker(number)
        self.organizationID = id("0000000000f0")
        self.botAgentID = id("0000000000b0")
        self.humanAgentID = id("0000000000a1")
        self.supportQueueID = id("0000000000e1")
        self.billingQueueID = id("0000000000e2")
        self.orderIDAttributeID = id("00000000ca01")
        self.contactReasonAttributeID = id("00000000ca02")
        self.tagsListAttributeID = id("00000000ca03")
        self.locationAttributeID = id("00000000ca04")
    }

    /// Makes the organisation's id with a given suffix (valid RFC 4122 version 4 form).
    static func idMaker(_ number: Int) -> (String) -> UUID {
        // Organisation 1 keeps the standard seed's ids, which predate organisations.
        let digits = String(number == 1 ? 0 : number)
        let prefix = String(repeating: "0", count: 8 - digits.count) + digits
        return { suffix in UUID(uuidString: "\(prefix)-0000-4000-8000-\(suffix)")! }
    }
}
