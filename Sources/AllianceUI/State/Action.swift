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
    /// The clock: the current monotonic time in seconds (any origin; only differences count).
    /// The terminal loop sends one before every other action and, while playing, when the
    /// next advance is due; tests send their own (a fake clock).
    case tick(now: Double)
    /// Autoplay: start, or pause.
    case togglePlay
    /// Shorter / longer pause between autoplay steps.
    case faster, slower
    /// Blank the room's screen to the question card (`b`, `.`); any key brings it back.
    case blank, unblank
    /// Staged reveal on or off: forward first shows the step, then reveals its consequences.
    case toggleStaged
    /// Show step k (and patient x, when given) as the room does: a follower keeping in step.
    case show(step: Int, patient: Int?, held: Bool)
    /// Open or close the list of what-if mechanisms (`m`).
    case mechanisms
    /// In that list: turn the selected mechanism on or off (Space, Enter).
    case toggleMechanism
}

/// What the loop must do after a reduce, besides drawing.
public enum Effect: Equatable, Sendable {
    case quit
    case themeChanged
    /// Forget what is on screen and repaint all of it.
    case redraw
}
