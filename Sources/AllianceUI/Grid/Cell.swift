/// One terminal cell: a grapheme (or nothing, for the right half of a wide character) and
/// its style.
public struct Cell: Equatable, Sendable {
    /// The grapheme drawn here; empty for the continuation of a wide character.
    public var text: String
    public var role: Role
    public var attributes: Attributes

    public init(_ text: String = " ", role: Role = .normal, attributes: Attributes = []) {
        self.text = text
        self.role = role
        self.attributes = attributes
    }

    public static let blank = Cell()

    /// The right half of a wide character.
    public var isContinuation: Bool { text.isEmpty }
}
