/// The symbols the dashboard draws: one legend everywhere (and in the help overlay), with
/// ASCII stand-ins for terminals whose locale is not UTF-8.
public struct Glyphs: Sendable, Equatable {
    public var held, missing, notNeeded, outdated, notYet: String
    public var clean, late, omitted, pending: String
    public var critical, warning, info, emergent: String
    public var now, arrow, ellipsis, cursor, separator: String
    public var progressFull, progressEmpty: String
    public var horizontal, vertical, topLeft, topRight, bottomLeft, bottomRight, teeLeft, teeRight: String
    public var stripStart, stripEnd: String
    public var dash, times, bullet, back, rightKey, leftKey: String

    public static let unicode = Glyphs(
        held: "●", missing: "✗", notNeeded: "·", outdated: "◐", notYet: "○",
        clean: "✓", late: "◔", omitted: "✗", pending: "…",
        critical: "!", warning: "▲", info: "i", emergent: "★",
        now: "▶", arrow: "▶", ellipsis: "…", cursor: "█", separator: "·",
        progressFull: "▓", progressEmpty: "░",
        horizontal: "─", vertical: "│", topLeft: "┌", topRight: "┐", bottomLeft: "└", bottomRight: "┘", teeLeft: "├", teeRight: "┤",
        stripStart: "├", stripEnd: "┤",
        dash: "—", times: "×", bullet: "•", back: "◀", rightKey: "→", leftKey: "←")

    public static let ascii = Glyphs(
        held: "*", missing: "x", notNeeded: ".", outdated: "o", notYet: "-",
        clean: "+", late: "~", omitted: "x", pending: ".",
        critical: "!", warning: "^", info: "i", emergent: "*",
        now: ">", arrow: ">", ellipsis: "~", cursor: "#", separator: "-",
        progressFull: "#", progressEmpty: "-",
        horizontal: "-", vertical: "|", topLeft: "+", topRight: "+", bottomLeft: "+", bottomRight: "+", teeLeft: "+", teeRight: "+",
        stripStart: "|", stripEnd: "|",
        dash: "-", times: "x", bullet: "*", back: "<", rightKey: "Right", leftKey: "Left")
}
