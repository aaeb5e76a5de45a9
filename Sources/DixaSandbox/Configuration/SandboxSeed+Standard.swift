import Foundation

extension SandboxSeed {
    /// The standard seed, fixed so that tests and demos can name its ids; it is organisation 1 of ``organization(_:)``.
    ///
    /// - Name: `Dixa Sandbox`. Token: `sandbox-token`.
    /// - Agents: `00000000-0000-4000-8000-0000000000b0` "Chatbot" (the bot user) and
    ///   `00000000-0000-4000-8000-0000000000a1` "Human Agent".
    /// - Conversation custom attributes:
    ///   `order_id` (Text, `00000000-0000-4000-8000-00000000ca01`),
    ///   `contact_reason` (Select: `billing`, `shipping`, `technical`; `00000000-0000-4000-8000-00000000ca02`),
    ///   `tags_list` (Select, several values at once: `vip`, `new_customer`; `00000000-0000-4000-8000-00000000ca03`).
    /// - Contact custom attribute: `location` (Text, `00000000-0000-4000-8000-00000000ca04`), which a
    ///   conversation PATCH must refuse.
    /// - Queues: "Support" (`00000000-0000-4000-8000-0000000000e1`, default) and "Billing" (`00000000-0000-4000-8000-0000000000e2`).
    /// - No end users.
    public static var standard: SandboxSeed { organization(1) }

    /// The standard seed's organisation name, as webhook envelopes carry it.
    public static let standardName = "Dixa Sandbox"
    /// The standard seed's API token.
    public static let standardToken = "sandbox-token"
    /// The standard seed's bot agent ("Chatbot").
    public static let botAgentID = fixedID("0000000000b0")
    /// The standard seed's human agent ("Human Agent").
    public static let humanAgentID = fixedID("0000000000a1")
    /// `order_id`, a Text conversation attribute.
    public static let orderIDAttributeID = fixedID("00000000ca01")
    /// `contact_reason`, a Select conversation attribute with `billing`, `shipping`, `technical`.
    public static let contactReasonAttributeID = fixedID("00000000ca02")
    /// `tags_list`, a Select conversation attribute with `vip`, `new_customer`.
    public static let tagsListAttributeID = fixedID("00000000ca03")
    /// `location`, a Contact attribute (not patchable on conversations).
    public static let locationAttributeID = fixedID("00000000ca04")
    /// The "Support" queue, the default.
    public static let supportQueueID = fixedID("0000000000e1")
    /// The "Billing" queue.
    public static let billingQueueID = fixedID("0000000000e2")
    /// The organisation id served in queue objects.
    public static let organizationID = fixedID("0000000000f0")

    /// `00000000-0000-4000-8000-<suffix>`, the pattern of every fixed id (valid RFC 4122 version 4 form).
    private static func fixedID(_ suffix: String) -> UUID {
        SandboxOrganizationIDs.idMaker(1)(suffix)
    }
}
