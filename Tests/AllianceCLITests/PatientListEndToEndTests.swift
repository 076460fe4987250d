import Foundation
import Testing

/// The patient list in a real terminal: `/`, typing, a bracketed paste, Enter.
@Suite("The patient list in a real terminal (tmux)", .serialized, .enabled(if: tmuxAvailable, "tmux is not on PATH"))
struct PatientListEndToEndTests {
    @Test func searchTypeAndPasteThenSelect() throws {
        let dir = try temporaryDirectory()
        let file = dir.appendingPathComponent("many.yaml")
        try (try Run(["generate", "--patients", "300", "--steps", "6000"])).stdout.write(to: file, atomically: true, encoding: .utf8)
        let t = try TmuxSession(arguments: "open '\(file.path)' --at 3000")
        try t.waitFor("step 3,000/")
        try t.keys("/")
        try t.waitFor("Patients (300)")
        // Ids too: p12 and p120…p129 (no name contains "p12").
        try t.keys("-l", "P12")
        var screen = try t.waitFor("11 of 300 match")
        #expect(screen.contains("/ P12"))
        #expect(screen.contains("Patient 12  p12"))
        // Backspace widens the search; Esc clears it (the list stays).
        try t.keys("BSpace")
        try t.waitFor("111 of 300 match")
        try t.keys("Escape")
        screen = try t.waitFor("/ search by name or id")
        #expect(screen.contains("300 patients │"))
        // A bracketed paste is one edit: the whole name at once.
        try t.keys("/")
        try t.tmux(["set-buffer", "Patient 250"])
        try t.tmux(["paste-buffer", "-p", "-t", "e2e"])
        screen = try t.waitFor("1 of 300 match")
        #expect(screen.contains("◆ Patient 250  p250"))
        try t.keys("Enter")
        screen = try t.waitFor("Patient 250 selected")
        #expect(screen.contains("◆ Patient 250"))
        #expect(!screen.contains("Patients (300)"))
        try t.keys("q")
    }
}
