import AllianceCore
import Testing

@Suite("Annotations journal: lines and replay")
struct AnnotationJournalTests {
    static func bytes(_ lines: [String], trailingNewline: Bool = true) -> [UInt8] {
        Array((lines.joined(separator: "\n") + (trailingNewline ? "\n" : "")).utf8)
    }

    let a1 = Annotation(id: "a1", step: 3, patient: "maria", text: "The GP never saw it", created: "2026-11-29T08:15:02Z")
    let a2 = Annotation(id: "a2", step: 12, partner: "oxigen", text: "Café 👍", created: "2026-11-29T08:20:00Z")

    @Test func linesAreOneJSONObjectEachWithSortedKeys() {
        #expect(String(decoding: AnnotationJournal.line(.add(a1)), as: UTF8.self)
            == #"{"created":"2026-11-29T08:15:02Z","id":"a1","op":"add","patient":"maria","step":3,"text":"The GP never saw it"}"# + "\n")
        #expect(String(decoding: AnnotationJournal.line(.edit(id: "a1", text: "x \"y\"\n", at: "T")), as: UTF8.self)
            == #"{"edited":"T","id":"a1","op":"edit","text":"x \"y\"\n"}"# + "\n")
        #expect(String(decoding: AnnotationJournal.line(.delete(id: "a1", at: "T2")), as: UTF8.self)
            == #"{"deleted":"T2","id":"a1","op":"delete"}"# + "\n")
        for change in [AnnotationChange.add(a1), .add(a2), .edit(id: "a2", text: "new", at: "t"), .delete(id: "a1", at: "t")] {
            #expect(AnnotationJournal.parse(AnnotationJournal.line(change).dropLast()) == change)
        }
    }

    @Test func replayOfAddEditDelete() {
        let journal = [AnnotationChange.add(a1), .add(a2), .edit(id: "a1", text: "The GP saw it late", at: "2026-11-29T08:30:00Z"),
                       .delete(id: "a2", at: "2026-11-29T08:31:00Z")].flatMap(AnnotationJournal.line)
        let r = AnnotationJournal.replay(journal)
        var edited = a1
        edited.text = "The GP saw it late"
        edited.edited = "2026-11-29T08:30:00Z"
        #expect(r.annotations == [edited])
        #expect(r.problems == [])
        #expect(r.endsMidLine == false)
    }

    @Test func aTornLastLineIsReportedAndSkippedAndNothingBeforeItIsLost() {
        var journal = AnnotationJournal.line(.add(a1)) + AnnotationJournal.line(.add(a2))
        let third = AnnotationJournal.line(.edit(id: "a1", text: "half written", at: "t"))
        journal += third.prefix(third.count / 2)  // the crash happened here
        let r = AnnotationJournal.replay(journal)
        #expect(r.annotations == [a1, a2])
        #expect(r.problems == [JournalProblem(line: 3, kind: .torn)])
        #expect(r.problems[0].description == "line 3 was cut short (the program stopped while writing it) and is skipped")
        #expect(r.endsMidLine)
    }

    @Test func malformedMiddleLinesAreReportedNotFatal() {
        let journal = Self.bytes([
            String(decoding: AnnotationJournal.line(.add(a1)).dropLast(), as: UTF8.self),
            "{not json",
            #"{"op":"rename","id":"a1"}"#,
            #"{"op":"add","id":"a3","text":"no step","created":"t"}"#,
            "",
            #"{"op":"edit","id":"ghost","text":"x","edited":"t"}"#,
            String(decoding: AnnotationJournal.line(.add(a2)).dropLast(), as: UTF8.self),
        ])
        let r = AnnotationJournal.replay(journal)
        #expect(r.annotations == [a1, a2])
        #expect(r.problems == [JournalProblem(line: 2, kind: .malformed), JournalProblem(line: 3, kind: .malformed),
                               JournalProblem(line: 4, kind: .malformed), JournalProblem(line: 6, kind: .unknownAnnotation)])
        #expect(!r.endsMidLine)
    }

    /// A flush failed and the store wrote the same lines again: the same result.
    @Test func changesWrittenTwiceReplayAsOnce() {
        let once = [AnnotationChange.add(a1), .edit(id: "a1", text: "v2", at: "t"), .add(a2), .delete(id: "a2", at: "t")].flatMap(AnnotationJournal.line)
        let r1 = AnnotationJournal.replay(once), r2 = AnnotationJournal.replay(once + [0x0A] + once)
        #expect(r2.annotations == r1.annotations)
        #expect(r2.problems == [])
        #expect(r1.annotations.map(\.text) == ["v2"])
    }

    /// A line cut short, then a newline and more lines after it (the store's retry): only the cut line is lost.
    @Test func aTornLineInTheMiddleOnlyLosesItself() {
        let cut = AnnotationJournal.line(.add(a1))
        let journal = Array(cut.prefix(20)) + [0x0A] + AnnotationJournal.line(.add(a1)) + AnnotationJournal.line(.add(a2))
        let r = AnnotationJournal.replay(journal)
        #expect(r.annotations == [a1, a2])
        #expect(r.problems == [JournalProblem(line: 1, kind: .malformed)])
    }

    @Test func emptyJournal() {
        let r = AnnotationJournal.replay([])
        #expect(r.annotations == [] && r.problems == [] && !r.endsMidLine)
    }

    @Test func isoTimesAndCleaning() {
        #expect(Annotation.isoTime(unixSeconds: 0) == "1970-01-01T00:00:00Z")
        #expect(Annotation.isoTime(unixSeconds: 1_796_026_502.9) == "2026-11-30T08:15:02Z")
        #expect(Annotation.isoTime(unixSeconds: 951_782_400) == "2000-02-29T00:00:00Z")
        #expect(Annotation.clockTime("2026-11-29T08:15:02Z") == "08:15")
        #expect(Annotation.cleanText("  one\ntwo\tthree\u{7}\u{202E}four  ") == "one two threefour")
    }
}
