import AllianceUI
import Testing

/// What a terminal with fewer colours draws for a theme's palette index
/// (`ColorMapping.fold`, used by the ncurses backend for every colour pair).
@Suite("Colour folding onto the colours a terminal has")
struct ColorFoldTests {
    @Test func anEightColourTerminalGetsOnlyTheBasicEight() {
        for i in 0...255 {
            let folded = ColorMapping.fold(UInt8(i), colors: 8)
            #expect(folded < 8, "index \(i) → \(folded)")
        }
    }

    @Test func brightColoursFoldOntoTheirBasicOne() {
        #expect((8...15).map { ColorMapping.fold(UInt8($0), colors: 8) } == [0, 1, 2, 3, 4, 5, 6, 7])
        #expect((0...7).map { ColorMapping.fold(UInt8($0), colors: 8) } == [0, 1, 2, 3, 4, 5, 6, 7])
    }

    /// Extended colours keep their hue: the cube's red, green, blue, yellow, white and a dark grey.
    @Test func extendedColoursFoldOntoTheNearestBasicOne() {
        #expect(ColorMapping.fold(196, colors: 8) == 1)  // #ff0000
        #expect(ColorMapping.fold(46, colors: 8) == 2)   // #00ff00
        #expect(ColorMapping.fold(21, colors: 8) == 4)   // #0000ff
        #expect(ColorMapping.fold(226, colors: 8) == 3)  // #ffff00
        #expect(ColorMapping.fold(231, colors: 8) == 7)  // #ffffff
        #expect(ColorMapping.fold(233, colors: 8) == 0)  // #121212
        #expect(ColorMapping.fold(214, colors: 8) == 3)  // #ffaf00, the default theme's orange
    }

    @Test func aSixteenColourTerminalKeepsTheBrightOnes() {
        #expect((0...15).map { ColorMapping.fold(UInt8($0), colors: 16) } == Array(0...15))
        #expect(ColorMapping.fold(196, colors: 16) == 9)
        #expect(ColorMapping.fold(21, colors: 16) == 4)   // xterm's blue is #0000ee, nearer than bright blue #5c5cff
        for i in 16...255 { #expect(ColorMapping.fold(UInt8(i), colors: 16) < 16) }
    }

    @Test func aTerminalWithTheColourDrawsItUnchanged() {
        #expect((0...255).allSatisfy { ColorMapping.fold(UInt8($0), colors: 256) == UInt8($0) })
        #expect((0...87).allSatisfy { ColorMapping.fold(UInt8($0), colors: 88) == UInt8($0) })
        #expect(ColorMapping.fold(196, colors: 88) == 9)
    }
}
