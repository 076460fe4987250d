import AllianceCore
import AllianceUI
import Foundation

/// The session protocol between the room's screen (`alliance open`) and the presenter view
/// (`alliance presenter`): newline-delimited JSON over a Unix domain socket. Specified in
/// `docs/session-protocol.md`; this is its one implementation.
public enum SessionProtocol {
    /// Bumped on any change a peer of the previous version would misread.
    public static let version = 2
    /// The longest line the room accepts from a client: client messages are small.
    public static let maxClientLine = 4_096
    /// The longest line a client accepts from the room (the hello carries the case's text).
    public static let maxRoomLine = 512 << 20
}

/// What the room sends.
public enum RoomMessage: Equatable, Sendable {
    /// First, on connect: the session, the case (its text, so the client analyses the same
    /// case without reading any file) and the position.
    case hello(session: String, path: String?, caseText: String, position: RoomPosition)
    /// After every change of position.
    case position(RoomPosition)
    /// The case grew in place (a followed log's new events): what it gained. The client
    /// extends the case it has (from the hello and the grows since) with it.
    case grow(CaseGrowth)
    /// A follower's hello was refused (the reason), just before the room closes the connection.
    case refused(reason: String)
    /// The room is closing.
    case bye
}

/// What a client sends.
public enum ClientMessage: Equatable, Sendable {
    /// First: the protocol version the client speaks, its role (`presenter`, `follower`)
    /// and, for a follower, the join code.
    case hello(protocolVersion: Int, role: String, code: String? = nil)
    /// A command for the room (see `RemoteCommand`).
    case command(RemoteCommand)
    /// An annotation for the room's current step and patient (`{"type":"command",
    /// "command":"annotate","text":"…"}`); presenters only. A room that does not know it
    /// ignores it, like any unknown command.
    case annotate(String)
    case bye
}

/// The commands a presenter may give the room: the room runs them as if its own keys were
/// pressed.
public enum RemoteCommand: String, CaseIterable, Codable, Sendable {
    case next, previous, first, last
    case nextPatient = "next-patient", previousPatient = "previous-patient"
    case play, faster, slower
    case blank, reveal
}

// MARK: - Encoding

extension RoomMessage {
    private struct Wire: Codable {
        var type: String
        var protocolVersion: Int?
        var session: String?
        var path: String?
        var caseText: String?
        var position: RoomPosition?
        var reason: String?
        var growth: CaseGrowth?

        enum CodingKeys: String, CodingKey {
            case type, session, path, position, reason
            case protocolVersion = "protocol"
            case caseText = "case"
            case growth = "grow"
        }
    }

    /// One line of JSON, newline included.
    public func line() -> [UInt8] {
        let wire: Wire
        switch self {
        case .hello(let session, let path, let text, let position):
            wire = Wire(type: "hello", protocolVersion: SessionProtocol.version, session: session, path: path, caseText: text, position: position)
        case .position(let p): wire = Wire(type: "position", position: p)
        case .grow(let g): wire = Wire(type: "grow", growth: g)
        case .refused(let reason): wire = Wire(type: "refused", reason: reason)
        case .bye: wire = Wire(type: "bye")
        }
        return LineCodec.encode(wire)
    }

    /// Parses one line (without its newline); nil when it is not a message of this protocol.
    public static func parse(_ line: some Collection<UInt8>) -> RoomMessage? {
        guard let w = LineCodec.decode(Wire.self, line) else { return nil }
        switch w.type {
        case "hello":
            guard w.protocolVersion == SessionProtocol.version, let s = w.session, let t = w.caseText, let p = w.position else { return nil }
            return .hello(session: s, path: w.path, caseText: t, position: p)
        case "position": return w.position.map(RoomMessage.position)
        case "grow": return w.growth.map(RoomMessage.grow)
        case "refused": return .refused(reason: w.reason ?? "")
        case "bye": return .bye
        default: return nil
        }
    }
}

extension ClientMessage {
    private struct Wire: Codable {
        var type: String
        var protocolVersion: Int?
        var role: String?
        var command: String?
        var code: String?
        var text: String?

        enum CodingKeys: String, CodingKey {
            case type, role, command, code, text
            case protocolVersion = "protocol"
        }
    }

    public func line() -> [UInt8] {
        switch self {
        case .hello(let v, let role, let code): LineCodec.encode(Wire(type: "hello", protocolVersion: v, role: role, code: code))
        case .command(let c): LineCodec.encode(Wire(type: "command", command: c.rawValue))
        case .annotate(let text): LineCodec.encode(Wire(type: "command", command: "annotate", text: text))
        case .bye: LineCodec.encode(Wire(type: "bye"))
        }
    }

    /// Parses one line (without its newline); nil when malformed.
    public static func parse(_ line: some Collection<UInt8>) -> ClientMessage? {
        guard let w = LineCodec.decode(Wire.self, line) else { return nil }
        switch w.type {
        case "hello":
            guard let v = w.protocolVersion, let role = w.role else { return nil }
            return .hello(protocolVersion: v, role: role, code: w.code)
        case "command":
            if w.command == "annotate" { return w.text.map(ClientMessage.annotate) }
            return w.command.flatMap(RemoteCommand.init(rawValue:)).map(ClientMessage.command)
        case "bye": return .bye
        default: return nil
        }
    }
}

enum LineCodec {
    static func encode(_ value: some Encodable) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding these plain structs cannot fail.
        var bytes = [UInt8]((try? encoder.encode(value)) ?? Data("{}".utf8))
        bytes.append(0x0A)
        return bytes
    }

    static func decode<T: Decodable>(_ type: T.Type, _ line: some Collection<UInt8>) -> T? {
        try? JSONDecoder().decode(T.self, from: Data(line))
    }
}

/// Splits a byte stream into lines, with a bound: a line longer than `maxLine` is thrown
/// away up to its newline and counted as oversized, never kept growing.
public struct LineBuffer: Sendable {
    public let maxLine: Int
    private var pending: [UInt8] = []
    private var discarding = false
    /// Lines thrown away for being too long.
    public private(set) var oversized = 0

    public init(maxLine: Int) { self.maxLine = maxLine }

    /// Adds bytes; returns the lines they complete (without newlines; a trailing CR dropped).
    public mutating func append(_ bytes: [UInt8]) -> [[UInt8]] {
        var lines: [[UInt8]] = []
        var start = 0
        while start < bytes.count {
            let newline = bytes[start...].firstIndex(of: 0x0A)
            let end = newline ?? bytes.count
            if !discarding {
                if pending.count + (end - start) > maxLine {
                    discarding = true
                    oversized += 1
                    pending = []
                } else {
                    pending.append(contentsOf: bytes[start..<end])
                }
            }
            guard let newline else { break }
            if !discarding {
                if pending.last == 0x0D { pending.removeLast() }
                lines.append(pending)
            }
            discarding = false
            pending = []
            start = newline + 1
        }
        return lines
    }
}
