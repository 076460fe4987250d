import Foundation

/// Colour maths for themes: hex parsing, the xterm palette, nearest-colour mapping and
/// contrast. Pure functions.
public enum ColorMapping {
    /// Parses `#rrggbb` or `#rgb` (hex digits in either case); nil for anything else.
    public static func parseHex(_ text: String) -> RGBColor? {
        let scalars = Array(text.unicodeScalars)
        guard scalars.first == "#", scalars.count == 4 || scalars.count == 7 else { return nil }
        var digits: [UInt8] = []
        for scalar in scalars.dropFirst() {
            guard let value = hexDigit(scalar) else { return nil }
            digits.append(value)
        }
        if digits.count == 3 {
            return RGBColor(red: digits[0] * 17, green: digits[1] * 17, blue: digits[2] * 17)
        }
        return RGBColor(red: digits[0] << 4 | digits[1], green: digits[2] << 4 | digits[3], blue: digits[4] << 4 | digits[5])
    }

    private static func hexDigit(_ scalar: Unicode.Scalar) -> UInt8? {
        switch scalar {
        case "0"..."9": UInt8(scalar.value - 48)
        case "a"..."f": UInt8(scalar.value - 87)
        case "A"..."F": UInt8(scalar.value - 55)
        default: nil
        }
    }

    /// The 16 ANSI colours as xterm draws them by default (indices 0–15).
    public static let ansi16: [RGBColor] = {
        let channels: [(UInt8, UInt8, UInt8)] = [
            (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205), (229, 229, 229),
            (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0), (92, 92, 255), (255, 0, 255), (0, 255, 255), (255, 255, 255),
        ]
        return channels.map { RGBColor(red: $0.0, green: $0.1, blue: $0.2) }
    }()

    /// The channel levels of the xterm 6×6×6 colour cube (indices 16–231).
    public static let cubeLevels: [UInt8] = [0, 95, 135, 175, 215, 255]

    /// The colour xterm shows for palette index `index`: the ANSI colours (0–15), the
    /// colour cube (16–231) and the grey ramp 8, 18, …, 238 (232–255).
    public static func rgb(ofIndex index: UInt8) -> RGBColor {
        switch index {
        case 0...15:
            return ansi16[Int(index)]
        case 16...231:
            let i = Int(index) - 16
            return RGBColor(red: cubeLevels[i / 36], green: cubeLevels[(i / 6) % 6], blue: cubeLevels[i % 6])
        default:
            let level = UInt8(8 + 10 * (Int(index) - 232))
            return RGBColor(red: level, green: level, blue: level)
        }
    }

    /// The extended palette (16–255) as RGB, in index order.
    private static let extended: [RGBColor] = (16...255).map { rgb(ofIndex: UInt8($0)) }

    /// The nearest xterm-256 colour among the cube and the grey ramp (16–255). Indices
    /// 0–15 are left out because terminals redefine them.
    public static func nearest256(_ color: RGBColor) -> UInt8 {
        UInt8(16 + nearest(color, in: extended))
    }

    /// The nearest of the 16 ANSI colours, by their standard xterm values.
    public static func nearest16(_ color: RGBColor) -> UInt8 {
        UInt8(nearest(color, in: ansi16))
    }

    /// The index of the candidate nearest to `color` (the first one on a tie).
    private static func nearest(_ color: RGBColor, in candidates: [RGBColor]) -> Int {
        var best = 0
        var bestDistance = Double.infinity
        for (i, candidate) in candidates.enumerated() {
            let d = distance(color, candidate)
            if d < bestDistance {
                best = i
                bestDistance = d
                if d == 0 { break }
            }
        }
        return best
    }

    /// How different two colours look: the "redmean" weighted RGB distance (squared), a
    /// cheap approximation of perceived difference that weighs green most and shifts the
    /// red and blue weights with the mean red.
    public static func distance(_ a: RGBColor, _ b: RGBColor) -> Double {
        let redMean = (Double(a.red) + Double(b.red)) / 2
        let dr = Double(a.red) - Double(b.red)
        let dg = Double(a.green) - Double(b.green)
        let db = Double(a.blue) - Double(b.blue)
        return (2 + redMean / 256) * dr * dr + 4 * dg * dg + (2 + (255 - redMean) / 256) * db * db
    }

    /// WCAG 2 relative luminance, from 0 (black) to 1 (white).
    public static func luminance(_ color: RGBColor) -> Double {
        func linear(_ channel: UInt8) -> Double {
            let c = Double(channel) / 255
            return c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4)
        }
        return 0.2126 * linear(color.red) + 0.7152 * linear(color.green) + 0.0722 * linear(color.blue)
    }

    /// WCAG 2 contrast ratio, from 1 (none) to 21 (black on white). Body text wants at
    /// least 4.5, and 7 for the enhanced level.
    public static func contrastRatio(_ a: RGBColor, _ b: RGBColor) -> Double {
        let la = luminance(a), lb = luminance(b)
        return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)
    }
}
