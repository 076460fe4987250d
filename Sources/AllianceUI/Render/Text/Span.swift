import AllianceCore

/// A run of text drawn with one role and attributes: the unit every widget speaks.
///
/// ```swift
/// Span("47 unneeded days · 244.40 EUR", .critical, [.bold], atomic: true)
/// ```
/// An *atomic* span is never cut: numbers, costs and states (`NEW`, `OVERDUE`) are shown
/// whole or not at all, and the text before them is cut instead.
struct Span: Equatable {
    var text: String
    var role: Role
    var attributes: Attributes
    var atomic: Bool

    init(_ text: String, _ role: Role = .normal, _ attributes: Attributes = [], atomic: Bool = false) {
        self.init(sanitized: TextSanitizer.singleLine(text), role, attributes, atomic: atomic)
    }

    /// A span of text that is already single-line and safe (a piece of another span's text).
    init(sanitized text: String, _ role: Role, _ attributes: Attributes, atomic: Bool = false) {
        self.text = text
        self.role = role
        self.attributes = attributes
        self.atomic = atomic
    }

    var width: Int { DisplayWidth.of(text) }

    /// The span cut to `width` columns, ending with `ellipsis` when cut.
    func cut(to width: Int, ellipsis: String) -> Span {
        var s = self
        s.text = TextFit.truncate(text, width, ellipsis: ellipsis)
        return s
    }

    /// The span cut to at most `width` columns so that it always ends with `ellipsis`
    /// (text after it is being dropped, even when this span alone would fit).
    func cutShowing(_ width: Int, ellipsis: String) -> Span {
        if self.width > width { return cut(to: width, ellipsis: ellipsis) }
        var s = self
        s.text = TextFit.prefix(text, width - DisplayWidth.of(ellipsis)) + ellipsis
        return s
    }
}
