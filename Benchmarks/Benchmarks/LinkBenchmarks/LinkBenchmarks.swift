import AllianceCore
import AllianceLink
import AllianceTerminal
import AllianceUI
import Benchmark
import Foundation
#if canImport(Glibc)
import Glibc
#endif

let builtIn = Analysis(validated: BuiltinCase.model)
let roomSize = Size(width: 100, height: 30)

/// A room shared on the loopback address, with `count` followers connected and greeted.
func sharedRoom(followers count: Int) -> (RoomLink, [LinkClient]) {
    let server = try! LinkServer(sharingOn: "127.0.0.1", port: 0, code: "bench-code")
    let link = RoomLink(server: nil, followers: server, caseText: "",
                        followersCaseText: CaseFileEncoder().encode(RoomLink.forFollowers(BuiltinCase.model)),
                        path: nil, duration: nil, now: WallClock.now())
    link.publish(AppState(analysis: builtIn), now: WallClock.now())
    let clients = (0..<count).map { _ in try! LinkClient(host: "127.0.0.1", port: server.port, code: "bench-code") }
    let end = Date().addingTimeInterval(10)
    while server.greetedCount < count, Date() < end {
        _ = link.actions(now: WallClock.now())
        for c in clients { _ = c.receive() }
        usleep(1_000)
    }
    precondition(server.greetedCount == count, "followers did not all join")
    return (link, clients)
}

/// Reads whatever arrives on these descriptors until stopped, as the followers' own
/// processes would (so the room never sees them stall).
final class Drain: @unchecked Sendable {
    private let fds: [Int32]
    private let stop = UnsafeMutablePointer<Bool>.allocate(capacity: 1)
    private var thread: Thread?

    init(_ fds: [Int32]) {
        self.fds = fds
        stop.pointee = false
        let t = Thread { [self] in
            var buffer = [UInt8](repeating: 0, count: 1 << 16)
            var pfds = fds.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            while !self.stop.pointee {
                guard poll(&pfds, nfds_t(pfds.count), 50) > 0 else { continue }
                for i in pfds.indices where pfds[i].revents != 0 {
                    _ = buffer.withUnsafeMutableBytes { recv(pfds[i].fd, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }
                }
            }
        }
        thread = t
        t.start()
    }

    func finish() {
        stop.pointee = true
        usleep(100_000)
    }
}

let benchmarks: @Sendable () -> Void = {
    AllocatorTuning.apply(environment: ProcessInfo.processInfo.environment)
    Benchmark.defaultConfiguration = .init(metrics: [.wallClock], maxDuration: .seconds(5), maxIterations: 2_000)

    // The room's key-to-frame: reduce, render, diff and draw (ncurses, in memory), publish the
    // position: alone, and with 50 followers attached (target: within 1 ms of alone).
    for count in [0, 50] {
        // A thousand keys per sample: a sample is their mean, so the followers' draining thread
        // and the rest of the machine weigh on every sample alike.
        Benchmark("Room: a step, key to frame written, \(count) followers (built-in case, 100×30)",
                  configuration: .init(scalingFactor: .kilo, maxDuration: .seconds(20), maxIterations: 8)) { benchmark in
            let (link, clients) = sharedRoom(followers: count)
            let drain = Drain(clients.map(\.fd))
            let meter = OutputMeter()!
            let session = TerminalSession()
            try! session.start(terminalType: "xterm-256color", output: meter.stream, input: meter.input, size: roomSize)
            let theme = ThemeCatalog.defaultTheme
            var state = AppState(analysis: builtIn, size: roomSize)
            session.draw(DashboardRenderer.render(state), theme: theme)
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                Reducer.reduce(&state, state.step >= builtIn.stepCount ? .first : .next)
                session.draw(DashboardRenderer.render(state), theme: theme)
                link.publish(state, now: WallClock.now())
            }
            benchmark.stopMeasurement()
            session.stop()
            drain.finish()
            link.close()
        }
    }

    // From the facilitator's key to a follower's frame on the loopback address: the room
    // reduces and publishes; the follower receives, moves its own view and renders it
    // (target: under 50 ms).
    Benchmark("Facilitator's key to a follower's frame (loopback, built-in case, 100×30)") { benchmark in
        let (link, clients) = sharedRoom(followers: 1)
        let connection = FollowerConnection(client: clients[0])
        var room = AppState(analysis: builtIn, size: roomSize)
        var follower = FollowerState(app: AppState(analysis: Analysis(validated: BuiltinCase.model), size: roomSize),
                                     room: link.position(of: room, now: WallClock.now()), address: "bench")
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            Reducer.reduce(&room, room.step >= builtIn.stepCount ? .first : .next)
            link.publish(room, now: WallClock.now())
            var moved = false
            while !moved {
                var pfd = pollfd(fd: connection.client.fd, events: Int16(POLLIN), revents: 0)
                _ = poll(&pfd, 1, 1_000)
                for case .position(let p) in connection.updates() ?? [] {
                    FollowerReducer.roomMoved(&follower, to: p)
                    moved = true
                }
            }
            blackHole(DashboardRenderer.render(follower.app))
        }
        benchmark.stopMeasurement()
        precondition(follower.app.step == room.step, "the follower kept in step")
        link.close()
    }
}
