/// A colour as three 8-bit channels, the way theme files write it (`#rrggbb`).
public struct RGBColor: Hashable, Sendable, CustomStringConvertible {
    public var red: UInt8
    public var green: UInt8
    public var blue: UInt8

    public init(red: UInt8, green: UInt8, blue: UInt8) {
        self.red = red
        self.green = green
        self.blue = blue
    }

    /// Parses `#rrggbb` or `#rgb` (case-insensitive); nil for anything else.
    public init?(hex: String) {
        guard let color = ColorMapping.parseHex(hex) else { return nil }
        self = color
    }

    /// `#rrggbb` in lower case.
    public var description: String {
        "#" + [red, green, blue].map { byte in
            let digits = String(byte, radix: 16)
            return digits.count == 1 ? "0" + digits : digits
        }.joined()
    }
}
