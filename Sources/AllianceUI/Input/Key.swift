/// A key press, as the backend reports it.
public enum Key: Hashable, Sendable {
    case character(Character)
    case up, down, left, right, home, end, pageUp, pageDown
    case enter, escape, tab, backTab, backspace
    /// The Delete key (forward delete).
    case delete
    /// Ctrl-C when the terminal delivers it as a key rather than a signal.
    case interrupt
    case function(Int)
}
