import NIOCore
import NIOPosix

/// A TCP proxy on loopback that can stop forwarding without closing anything, as a NAT that forgot a connection or
/// a failover does: bytes are held, no reset is sent, and both ends wait. `resume()` delivers what was held.
///
/// Everything runs on one event loop, so the forwarders' state needs no lock.
package final class StallingProxy: @unchecked Sendable {
    package let port: Int
    private let group: MultiThreadedEventLoopGroup
    private let loop: any EventLoop
    private let server: any Channel
    /// Read and written on `loop` only.
    private var stalled = false
    private var forwarders: [ObjectIdentifier: Forwarder] = [:]

    private init(group: MultiThreadedEventLoopGroup, server: any Channel) {
        self.group = group
        self.loop = server.eventLoop
        self.server = server
        self.port = server.localAddress?.port ?? 0
    }

    /// Listens on a free loopback port and forwards each connection to `upstreamPort` on 127.0.0.1.
    package static func start(upstreamPort: Int) async throws -> StallingProxy {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let box = ProxyBox()
        let server = try await ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { client in
                guard let proxy = box.proxy else { return client.close() }
                return proxy.accept(client, upstreamPort: upstreamPort)
            }
            .bind(host: "127.0.0.1", port: 0).get()
        let proxy = StallingProxy(group: group, server: server)
        box.proxy = proxy
        return proxy
    }

    /// Stops forwarding; connections stay open and what arrives is held.
    package func stall() async throws {
        try await loop.submit { self.stalled = true }.get()
    }

    /// Forwards again, starting with what was held.
    package func resume() async throws {
        try await loop.submit {
            self.stalled = false
            for forwarder in self.forwarders.values { forwarder.deliverHeld() }
        }.get()
    }

    package func shutdown() async {
        try? await server.close()
        try? await group.shutdownGracefully()
    }

    private func accept(_ client: any Channel, upstreamPort: Int) -> EventLoopFuture<Void> {
        let fromClient = Forwarder(proxy: self)
        let fromServer = Forwarder(proxy: self)
        return client.pipeline.addHandler(fromClient).flatMap {
            ClientBootstrap(group: self.loop)
                .channelInitializer { upstream in upstream.pipeline.addHandler(fromServer) }
                .connect(host: "127.0.0.1", port: upstreamPort)
                .map { upstream in
                    fromClient.connect(to: upstream)
                    fromServer.connect(to: client)
                }
                .flatMapErrorThrowing { error in
                    client.close(promise: nil)
                    throw error
                }
        }
    }

    fileprivate var isStalled: Bool { stalled }

    fileprivate func register(_ forwarder: Forwarder) { forwarders[ObjectIdentifier(forwarder)] = forwarder }
    fileprivate func unregister(_ forwarder: Forwarder) { forwarders[ObjectIdentifier(forwarder)] = nil }
}

/// Lets the server's child initializer reach the proxy that owns it; set before any connection can arrive.
private final class ProxyBox: @unchecked Sendable {
    package var proxy: StallingProxy?
}

/// Forwards what one side sends to the other, or holds it while the proxy is stalled (or the other side is not
/// connected yet).
private final class Forwarder: ChannelInboundHandler, @unchecked Sendable {
    package typealias InboundIn = ByteBuffer

    private let proxy: StallingProxy
    private var partner: (any Channel)?
    private var held: [ByteBuffer] = []

    package init(proxy: StallingProxy) {
        self.proxy = proxy
    }

    package func connect(to partner: any Channel) {
        self.partner = partner
        proxy.register(self)
        deliverHeld()
    }

    package func deliverHeld() {
        guard let partner, !proxy.isStalled, !held.isEmpty else { return }
        for buffer in held { partner.write(buffer, promise: nil) }
        held.removeAll()
        partner.flush()
    }

    package func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        if let partner, !proxy.isStalled, held.isEmpty {
            partner.writeAndFlush(buffer, promise: nil)
        } else {
            held.append(buffer)
        }
    }

    package func channelInactive(context: ChannelHandlerContext) {
        proxy.unregister(self)
        partner?.close(promise: nil)
        context.fireChannelInactive()
    }

    package func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}
