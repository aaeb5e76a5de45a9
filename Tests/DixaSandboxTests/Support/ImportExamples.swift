import DixaSandbox
import Foundation

/// Import bodies taken from the OpenAPI file's examples, with the example's ids replaced by seeded ones.
enum ImportExamples {
    static let bot = SandboxSeed.botAgentID.uuidString.lowercased()

    /// The "Generic API messaging conversation example" of `POST /beta/conversations/import`, as text
    /// (keeping the example's key order, so byte-exact storage can be checked); `bot` is the agent it names.
    static func genericAPIMessagingText(requesterId: String, bot: String = ImportExamples.bot) -> String {
        """
        {"genericChannelName":"genericapimessaging","requesterId":"\(requesterId)","requesterConnectionStatus":"Connected",\
        "direction":"Inbound","messages":[{"content":{"value":"Hi, I need help with my order","_type":"Text"},\
        "attachments":[],"createdAt":"2021-12-01T13:00:00.003Z","_type":"InboundImport"},\
        {"content":{"value":"Sure — what seems to be the problem?","_type":"Text"},"agentId":"\(bot)","attachments":[],\
        "createdAt":"2021-12-01T14:00:00.004Z","_type":"OutboundImport"}],"createdAt":"2021-12-01T11:00:00.001Z",\
        "assignment":{"agentId":"\(bot)","assignedAt":"2021-12-01T12:00:00.002Z"},"_type":"GenericConversationImport"}
        """
    }

    static func genericAPIMessaging(requesterId: String, bot: String = ImportExamples.bot) -> SandboxJSON {
        SandboxJSON.parse(Data(genericAPIMessagingText(requesterId: requesterId, bot: bot).utf8))!
    }

    /// The "Email conversation example": closed, with an attachment and channel attributes.
    static func email(requesterId: String) -> SandboxJSON {
        let text = """
            {"genericChannelName":"email","requesterId":"\(requesterId)","requesterConnectionStatus":"Connected","direction":"Inbound",
             "messages":[
              {"content":{"value":"My order hasn't shipped","_type":"Text"},"attachments":[],"createdAt":"2021-12-01T13:00:00.003Z",
               "attributes":{"emailIntegrationId":"sample-integration@email.dixa.io"},"_type":"InboundImport"},
              {"content":{"value":"Our bad, sorry","_type":"Text"},"agentId":"\(bot)",
               "attachments":[{"url":"https://en.wikipedia.org/wiki/Shipwreck#/media/File:Titanic_wreck_bow.jpg","prettyName":"shipwreck"}],
               "createdAt":"2021-12-01T14:00:00.004Z",
               "attributes":{"emailIntegrationId":"sample-integration@email.dixa.io","cc":["a@b.com","b@c.com"],"bcc":[]},
               "_type":"OutboundImport"},
              {"content":{"value":"Thank you!","_type":"Text"},"attachments":[],"createdAt":"2021-12-01T15:00:00.005Z",
               "attributes":{"emailIntegrationId":"sample-integration@email.dixa.io","requesterId":"\(requesterId)"},"_type":"InboundImport"}],
             "createdAt":"2021-12-01T11:00:00.001Z",
             "assignment":{"agentId":"\(bot)","assignedAt":"2021-12-01T12:00:00.002Z"},
             "closing":{"closedAt":"2021-12-01T15:00:00.005Z","closedBy":"\(bot)"},
             "attributes":{"emailIntegrationId":"sample-integration@email.dixa.io","subject":"email subject"},
             "_type":"GenericConversationImport"}
            """
        return SandboxJSON.parse(Data(text.utf8))!
    }
}
