import Foundation

/// Colour maths for themes: hex parsing, the xterm palette, nearest-colour mapping (CIE
/// L*a*b*) and contrast. Pure functions.
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

    /// The extended palette (16–255) in CIE L*a*b*, in index order.
    private static let extendedLab: [Lab] = (16...255).map { lab(rgb(ofIndex: UInt8($0))) }

    /// The ANSI colours in CIE L*a*b*.
    private static let ansi16Lab: [Lab] = ansi16.map(lab)

    /// The ANSI colours that have a hue (all but black, white and the two greys).
    private static let ansi16Chromatic: [Int] = [1, 2, 3, 4, 5, 6, 9, 10, 11, 12, 13, 14]

    /// Below this chroma (C*ab) a colour reads as a grey; above it, as a hue.
    public static let greyChroma = 20.0

    /// The nearest xterm-256 colour among the cube and the grey ramp (16–255), by CIE76.
    /// Indices 0–15 are left out because terminals redefine them.
    public static func nearest256(_ color: RGBColor) -> UInt8 {
        let target = lab(color)
        var best = 0
        var bestDistance = Double.infinity
        for (i, candidate) in extendedLab.enumerated() {
            let d = squaredDistance(target, candidate)
            if d < bestDistance {
                best = i
                bestDistance = d
            }
        }
        return UInt8(16 + best)
    }

    /// The nearest of the 16 ANSI colours (by their standard xterm values), so that a
    /// colour keeps its hue and its lightness: a colour with a hue (chroma of at least
    /// `greyChroma`) never becomes black, white or grey, and lightness differences count
    /// double, because with so few colours lightness is what keeps text readable. Without
    /// these two rules, pastels such as `#ff5f5f` or `#87afff` map to grey.
    public static func nearest16(_ color: RGBColor) -> UInt8 {
        let target = lab(color)
        let candidates = chroma(target) >= greyChroma ? ansi16Chromatic : Array(0..<16)
        var best = candidates[0]
        var bestDistance = Double.infinity
        for i in candidates {
            let c = ansi16Lab[i]
            let dl = target.l - c.l, da = target.a - c.a, db = target.b - c.b
            let d = 4 * dl * dl + da * da + db * db
            if d < bestDistance {
                best = i
                bestDistance = d
            }
        }
        return UInt8(best)
    }

    /// The palette index a terminal with `colors` colours draws for `index`: the index itself
    /// when the terminal has it; otherwise an extended colour (16–255) becomes the nearest
    /// ANSI colour (`nearest16`), and a bright ANSI colour (8–15) that the terminal lacks
    /// folds onto its basic one (bright red, 9, onto red, 1). An 8-colour terminal thus only
    /// ever gets 0–7.
    public static func fold(_ index: UInt8, colors: Int) -> UInt8 {
        guard Int(index) >= colors else { return index }
        let ansi = index >= 16 ? nearest16(rgb(ofIndex: index)) : index
        return Int(ansi) >= colors && ansi >= 8 ? ansi - 8 : ansi
    }

    /// A colour in CIE L*a*b* (D65 white): lightness 0–100 and two opponent axes.
    public typealias Lab = (l: Double, a: Double, b: Double)

    /// The CIE L*a*b* coordinates of an sRGB colour.
    public static func lab(_ color: RGBColor) -> Lab {
        let r = linear(color.red), g = linear(color.green), b = linear(color.blue)
        let x = (0.4124564 * r + 0.3575761 * g + 0.1804375 * b) / 0.95047
        let y = 0.2126729 * r + 0.7151522 * g + 0.0721750 * b
        let z = (0.0193339 * r + 0.1191920 * g + 0.9503041 * b) / 1.08883
        func f(_ t: Double) -> Double { t > 216.0 / 24389 ? cbrt(t) : (24389.0 / 27 * t + 16) / 116 }
        let fx = f(x), fy = f(y), fz = f(z)
        return (116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz))
    }

    /// How colourful a colour is (C*ab): 0 for greys.
    public static func chroma(_ lab: Lab) -> Double {
        (lab.a * lab.a + lab.b * lab.b).squareRoot()
    }

    /// How different two colours look: CIE76 ΔE*ab, the straight-line distance in
    /// L*a*b* (about 2.3 is a just-noticeable difference).
    public static func distance(_ a: RGBColor, _ b: RGBColor) -> Double {
        squaredDistance(lab(a), lab(b)).squareRoot()
    }

    private static func squaredDistance(_ x: Lab, _ y: Lab) -> Double {
        let dl = x.l - y.l, da = x.a - y.a, db = x.b - y.b
        return dl * dl + da * da + db * db
    }

    /// An sRGB channel as linear light, 0–1.
    private static func linear(_ channel: UInt8) -> Double {
        let c = Double(channel) / 255
        return c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4)
    }

    /// WCAG 2 relative luminance, from 0 (black) to 1 (white).
    public static func luminance(_ color: RGBColor) -> Double {
        0.2126 * linear(color.red) + 0.7152 * linear(color.green) + 0.0722 * linear(color.blue)
    }

    /// WCAG 2 contrast ratio, from 1 (none) to 21 (black on white). Body text wants at
    /// least 4.5, and 7 for the enhanced level.
    public static func contrastRatio(_ a: RGBColor, _ b: RGBColor) -> Double {
        let la = luminance(a), lb = luminance(b)
        return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)
    }
}
