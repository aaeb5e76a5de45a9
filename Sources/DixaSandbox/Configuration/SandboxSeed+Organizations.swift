import Foundation

extension SandboxSeed {
    /// Generated organisation `number`: 1 is the standard seed; the others have their own name, token and ids (see
    /// ``SandboxOrganizationIDs``), the same custom-attribute identifiers, and no end users.
    public static func organization(_ number: Int) -> SandboxSeed {
        SandboxOrganizationIDs(number: number).seed
    }

    /// Generated organisations 1 ... `count` (at least 1), for ``SandboxConfiguration/organizations``.
    public static func organizations(_ count: Int) -> [SandboxSeed] {
        precondition(count >= 1, "a sandbox serves at least one organisation")
        return (1...count).map(organization)
    }
}

extension SandboxOrganizationIDs {
    /// The organisation's seed.
    public var seed: SandboxSeed {
        let id = Self.idMaker(number)
        // The standard seed's addresses predate organisations; the others name theirs.
        let domain = number == 1 ? "sandbox.dixa.invalid" : "org-\(number).sandbox.dixa.invalid"
        func option(_ idSuffix: String, _ label: String, _ value: String, _ index: Int) -> SandboxSelectOption {
            SandboxSelectOption(id: id("00000000\(idSuffix)"), label: label, value: value, orderIndex: index)
        }
        return SandboxSeed(
            name: name,
            tokens: [token],
            agents: [
                SandboxAgent(id: botAgentID, name: "Chatbot", email: "chatbot@\(domain)"),
                SandboxAgent(id: humanAgentID, name: "Human Agent", email: "agent@\(domain)"),
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
}
