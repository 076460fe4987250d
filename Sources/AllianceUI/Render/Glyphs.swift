/// The symbols the dashboard draws, with ASCII stand-ins for terminals whose locale is not
/// UTF-8. One glyph, one meaning, in both sets: `legend` lists every glyph that carries a
/// meaning (the help overlay and the README show it), and none of them is reused for
/// another meaning or for the frame (`structural`). `…` means only "this text was cut".
public struct Glyphs: Sendable, Equatable {
    // The knowledge matrix.
    public var held, missing, notNeeded, outdated, notYet: String
    // Handoffs (and routine steps: late, skipped).
    public var clean, late, omitted, pending: String
    // Alerts.
    public var critical, warning, info, emergent: String
    /// An alert a what-if mechanism avoids (shown where the case as it happened raised it).
    public var avoided: String
    // Where we are and what is hidden.
    public var now, focus, arrow, back, moreBelow, ellipsis, cursor: String
    public var progressFull, progressEmpty: String
    /// Autoplay paused (`▶`, `now`, shows it playing: what is happening now).
    public var paused: String
    // The frame and punctuation: no meaning of their own.
    public var horizontal, vertical, topLeft, topRight, bottomLeft, bottomRight, teeLeft, teeRight: String
    public var stripStart, stripEnd: String
    public var separator, dash, times, bullet, rightKey, leftKey: String

    public static let unicode = Glyphs(
        held: "●", missing: "✗", notNeeded: "·", outdated: "◐", notYet: "○",
        clean: "✓", late: "◔", omitted: "⊘", pending: "◇",
        critical: "!", warning: "▲", info: "i", emergent: "★", avoided: "◌",
        now: "▶", focus: "◆", arrow: "▷", back: "◁", moreBelow: "↓", ellipsis: "…", cursor: "█",
        progressFull: "▓", progressEmpty: "░", paused: "❚❚",
        horizontal: "─", vertical: "│", topLeft: "┌", topRight: "┐", bottomLeft: "└", bottomRight: "┘", teeLeft: "├", teeRight: "┤",
        stripStart: "├", stripEnd: "┤",
        separator: "•", dash: "—", times: "×", bullet: "•", rightKey: "→", leftKey: "←")

    public static let ascii = Glyphs(
        held: "@", missing: "X", notNeeded: ".", outdated: "%", notYet: "o",
        clean: "ok", late: "~", omitted: "/", pending: "?",
        critical: "!", warning: "^", info: "i", emergent: "*", avoided: "()",
        now: ">", focus: "=", arrow: "->", back: "<-", moreBelow: "v", ellipsis: "...", cursor: "O",
        progressFull: "#", progressEmpty: "_", paused: "||",
        horizontal: "-", vertical: "|", topLeft: "+", topRight: "+", bottomLeft: "+", bottomRight: "+", teeLeft: "+", teeRight: "+",
        stripStart: "|", stripEnd: "|",
        separator: "-", dash: "-", times: "x", bullet: "-", rightKey: "Right", leftKey: "Left")

    /// Every glyph that carries a meaning, with its role and meaning: the legend.
    public var legend: [(glyph: String, role: Role, meaning: String)] {
        [
            (held, .clean, "knowledge held"),
            (missing, .critical, "knowledge needed, exists elsewhere, missing here"),
            (notYet, .pending, "knowledge needed, nobody has it yet"),
            (outdated, .late, "only an older version held"),
            (notNeeded, .muted, "knowledge not needed here"),
            (clean, .clean, "handoff clean"),
            (late, .late, "late: a handoff or a routine step"),
            (omitted, .broken, "did not happen: handoff omitted, routine step skipped"),
            (pending, .pending, "handoff pending, still within its window"),
            (critical, .critical, "critical alert; a routine step overdue"),
            (warning, .warning, "warning alert"),
            (info, .info, "information alert"),
            (emergent, .emergent, "emergent routine: a pattern nobody designed"),
            (avoided, .clean, "an alert a what-if mechanism avoids (m)"),
            (now, .new, "what happened at this step; in the header, autoplay playing"),
            (focus, .focus, "the focused panel or selected item"),
            (arrow, .normal, "goes to (a handoff); more to the right"),
            (back, .normal, "more to the left"),
            (moreBelow, .muted, "more lines below (j/k to scroll)"),
            (ellipsis, .muted, "this text was cut"),
            (cursor, .new, "the current step on the timeline"),
            (progressFull, .routine, "routine step done"),
            (progressEmpty, .routine, "routine step still to come"),
            (paused, .muted, "autoplay paused (s plays)"),
        ]
    }

    /// A key's label as drawn with these glyphs: with ASCII glyphs the arrows become
    /// words (`→` `Right`, `↑` `Up`), so help and footer stay readable without UTF-8.
    public func keyLabel(_ label: String) -> String {
        let arrows = rightKey.unicodeScalars.allSatisfy(\.isASCII)
            ? [("→", rightKey), ("←", leftKey), ("↑", "Up"), ("↓", "Down")]
            : [("→", rightKey), ("←", leftKey)]
        return arrows.reduce(label) { $0.replacingOccurrences(of: $1.0, with: $1.1) }
    }

    /// The frame and punctuation glyphs (they may repeat among themselves, never a meaning glyph).
    public var structural: [String] {
        [horizontal, vertical, topLeft, topRight, bottomLeft, bottomRight, teeLeft, teeRight, stripStart, stripEnd,
         separator, dash, times, bullet, rightKey, leftKey]
    }
}
