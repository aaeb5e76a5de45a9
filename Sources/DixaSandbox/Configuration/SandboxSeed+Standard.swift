import Foundation

extension SandboxSeed {
    /// The standard seed, fixed so that tests and demos can name its ids.
    ///
    /// - Token: `sandbox-token`.
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
    public static var standard: SandboxSeed {
        SandboxSeed(
            tokens: [standardToken],
            agents: [
                SandboxAgent(id: botAgentID, name: "Chatbot", email: "chatbot@sandbox.dixa.invalid"),
                SandboxAgent(id: humanAgentID, name: "Human Agent", email: "agent@sandbox.dixa.invalid"),
            ],
            customAttributes: [
                SandboxCustomAttribute(
                    id: orderIDAttributeID,
                    identifier: "order_id",
                    label: "Order ID",
                    inputDefinition: .text(placeholder: "12345"),
                    description: "The customer's order number"
                ),
                SandboxCustomAttribute(
                    id: contactReasonAttributeID,
                    identifier: "contact_reason",
                    label: "Contact Reason",
                    inputDefinition: .select(options: [
                        option("cb01", "Billing", "billing", 1),
                        option("cb02", "Shipping", "shipping", 2),
                        option("cb03", "Technical", "technical", 3),
                    ]),
                    description: "Why the customer got in touch"
                ),
                SandboxCustomAttribute(
                    id: tagsListAttributeID,
                    identifier: "tags_list",
                    label: "Tags",
                    inputDefinition: .select(options: [
                        option("cc01", "VIP", "vip", 1),
                        option("cc02", "New customer", "new_customer", 2),
                    ]),
                    description: "Several values may be chosen"
                ),
                SandboxCustomAttribute(
                    id: locationAttributeID,
                    entityType: .contact,
                    identifier: "location",
                    label: "Location",
                    inputDefinition: .text(placeholder: nil),
                    description: "A contact attribute: conversations cannot carry it"
                ),
            ],
            queues: [
                SandboxQueue(id: supportQueueID, name: "Support", isDefault: true),
                SandboxQueue(id: billingQueueID, name: "Billing", isDefault: false),
            ],
            endUsers: []
        )
    }

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
        UUID(uuidString: "00000000-0000-4000-8000-\(suffix)")!
    }

    private static func option(_ idSuffix: String, _ label: String, _ value: String, _ index: Int) -> SandboxSelectOption {
        SandboxSelectOption(id: fixedID("00000000\(idSuffix)"), label: label, value: value, orderIndex: index)
    }
}
