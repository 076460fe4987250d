/// Everything that can happen to the dashboard: keys become actions, and so do ticks and resizes.
public enum Action: Equatable, Sendable {
    case next, previous, first, last
    case focusNext, focusPrevious
    case scrollUp, scrollDown, pageUp, pageDown
    case previousPatient, nextPatient, toggleFollow
    case open, close
    case nextTheme
    /// Repaint the whole screen (Ctrl-L), after something else wrote over it.
    case redraw
    case help
    case quit
    case resize(Size)
    case tick
}

/// What the loop must do after a reduce, besides drawing.
public enum Effect: Equatable, Sendable {
    case quit
    case themeChanged
    /// Forget what is on screen and repaint all of it.
    case redraw
}
