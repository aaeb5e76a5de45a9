import DixaSandbox
import Foundation
import Testing

@Suite("Custom attributes")
struct CustomAttributeTests {
    static let orderID = SandboxSeed.orderIDAttributeID.uuidString.lowercased()
    static let contactReason = SandboxSeed.contactReasonAttributeID.uuidString.lowercased()
    static let tags = SandboxSeed.tagsListAttributeID.uuidString.lowercased()
    static let location = SandboxSeed.locationAttributeID.uuidString.lowercased()

    @Test("GET /v1/custom-attributes lists the seeded definitions in Dixa's shape")
    func list() async throws {
        try await withSandbox { client throws in
            let response = try await client.send(.GET, "/v1/custom-attributes")
            #expect(response.status == 200)
            let items = try #require(response.json["data"]?.arrayValue)
            #expect(items.compactMap { $0["identifier"]?.stringValue } == ["order_id", "contact_reason", "tags_list", "location"])
            #expect(items[0]["id"] == .string(Self.orderID))
            #expect(items[0]["inputDefinition"]?["_type"] == .string("Text"))
            #expect(items[1]["inputDefinition"]?["_type"] == .string("Select"))
            let values = items[1]["inputDefinition"]?["options"]?.arrayValue?.compactMap { $0["value"]?.stringValue }
            #expect(values == ["billing", "shipping", "technical"])
            #expect(items[3]["entityType"] == .string("Contact"))
            for key in ["createdAt", "isRequired", "isArchived", "isDeactivated", "label", "entityType"] {
                #expect(items.allSatisfy { $0[key] != nil }, "\(key) is required by the schema")
            }
        }
    }

    @Test("PATCH sets Text and Select values, GET shows them, null clears")
    func patchSuccess() async throws {
        try await withSandbox { client throws in
            let requester = try await client.createEndUser(email: "ann@example.com")
            let id = try await client.importConversation(requesterId: requester)
            let body = #"{"\#(Self.orderID)":"A-1001","\#(Self.contactReason)":["billing"],"\#(Self.tags)":["vip","new_customer"]}"#
            let response = try await client.send(.PATCH, "/v1/conversations/\(id)/custom-attributes", body: body)
            #expect(response.status == 200)
            let patched = try #require(response.json["data"]?.arrayValue)
            #expect(patched.compactMap { $0["identifier"]?.stringValue } == ["order_id", "contact_reason", "tags_list"])
            #expect(
                patched[0]
                    == .object([
                        "id": .string(Self.orderID), "name": .string("Order ID"), "identifier": .string("order_id"), "value": .string("A-1001"),
                    ])
            )
            #expect(patched[2]["value"] == .array([.string("vip"), .string("new_customer")]))

            let conversation = try await client.send(.GET, "/v1/conversations/\(id)").json["data"]
            #expect(conversation?["customAttributes"]?.arrayValue?.count == 3)

            let cleared = try await client.send(.PATCH, "/v1/conversations/\(id)/custom-attributes", body: #"{"\#(Self.orderID)":null}"#)
            #expect(cleared.status == 200)
            let record = try #require(try await client.conversationRecords().first)
            #expect(record.customAttributes[Self.orderID] == nil)
            #expect(record.customAttributes[Self.tags] == .select(["vip", "new_customer"]))
        }
    }

    @Test(
        "PATCH errors: path, 404, body shape, and values that do not fit",
        arguments: [
            ("abc", #"{}"#, 400, "Invalid value for: path parameter conversationId"),
            ("999999", #"{}"#, 404, "The requested resource could not be found"),
            ("ID", #"{"order_id":"A-1"}"#, 400, "Invalid value for: body"),
            ("ID", #"{"#, 400, "Invalid value for: body"),
            ("ID", #"["A-1"]"#, 400, "Invalid value for: body"),
            ("ID", #"{"\#(CustomAttributeTests.orderID)":42}"#, 400, "Invalid value for: body"),
            ("ID", #"{"\#(CustomAttributeTests.tags)":["vip",1]}"#, 400, "Invalid value for: body"),
            ("ID", #"{"7d5b0c4e-4a44-4f4e-9a8e-0123456789ab":"x"}"#, 400, "Invalid input for patching"),
            ("ID", #"{"\#(CustomAttributeTests.location)":"Copenhagen"}"#, 400, "Invalid input for patching"),
            ("ID", #"{"\#(CustomAttributeTests.orderID)":["A-1"]}"#, 400, "Invalid input for patching"),
            ("ID", #"{"\#(CustomAttributeTests.contactReason)":"billing"}"#, 400, "Invalid input for patching"),
            ("ID", #"{"\#(CustomAttributeTests.contactReason)":["refund"]}"#, 400, "Invalid input for patching"),
            ("ID", #"{"\#(CustomAttributeTests.contactReason)":["Billing"]}"#, 400, "Invalid input for patching"),
        ]
    )
    func patchErrors(conversation: String, body: String, status: Int, message: String) async throws {
        try await withSandbox { client throws in
            let requester = try await client.createEndUser(email: "ann@example.com")
            let id = try await client.importConversation(requesterId: requester)
            let path = "/v1/conversations/\(conversation == "ID" ? String(id) : conversation)/custom-attributes"
            let response = try await client.send(.PATCH, path, body: body)
            #expect(response.status == status)
            #expect(response.message == message)
            #expect(try await client.conversationRecords().first?.customAttributes.isEmpty == true, "nothing was applied")
        }
    }

    @Test("nested options may be chosen; archived attributes and deactivated options may not")
    func nestedArchivedDeactivated() async throws {
        let reason = UUID()
        let archived = UUID()
        let option = { (value: String, nested: [SandboxSelectOption], off: Bool) in
            SandboxSelectOption(id: UUID(), label: value, value: value, nestedOptions: nested, isDeactivated: off)
        }
        let seed = SandboxSeed(customAttributes: [
            SandboxCustomAttribute(
                id: reason,
                identifier: "reason",
                label: "Reason",
                inputDefinition: .select(options: [
                    option("payment", [option("card", [], false), option("cash", [], true)], false)
                ])
            ),
            SandboxCustomAttribute(id: archived, identifier: "old", label: "Old", inputDefinition: .text(placeholder: nil), isArchived: true),
        ])
        try await withSandbox(SandboxConfiguration(seed: seed)) { client throws in
            let requester = try await client.createEndUser(email: "ann@example.com")
            let id = try await client.importConversation(requesterId: requester)
            let path = "/v1/conversations/\(id)/custom-attributes"
            let key = reason.uuidString.lowercased()
            #expect(try await client.send(.PATCH, path, body: #"{"\#(key)":["payment","card"]}"#).status == 200)
            #expect(try await client.send(.PATCH, path, body: #"{"\#(key)":["cash"]}"#).message == "Invalid input for patching")
            let archivedBody = #"{"\#(archived.uuidString.lowercased())":"x"}"#
            #expect(try await client.send(.PATCH, path, body: archivedBody).message == "Invalid input for patching")
        }
    }
}
