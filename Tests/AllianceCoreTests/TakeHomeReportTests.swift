@testable import AllianceCore
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

/// The take-home reports: the HTML page (well-formed, every text from the case escaped, the
/// JSON embedded, rendered by Chromium where installed) and the DOT network (accepted by
/// Graphviz where installed).
@Suite("Take-home reports: HTML and DOT")
struct TakeHomeReportTests {
    /// The built-in case with hostile text everywhere a case puts text.
    static func hostileModel() -> CaseModel {
        var m = BuiltinCase.model
        m.info.title = "</title><script>alert('t')</script> & \u{1B}[2J"
        m.info.summary = "<img src=x onerror=alert(1)> ]]> \u{0} \u{202E}rev"
        m.info.question = "\"quoted\" 'single' <b>bold</b> &amp;"
        m.info.currency = "<EUR>"
        m.partners[0].name = "<b onmouseover=\"alert(1)\">Primary</b>"
        m.partners[0].kind = "</td></tr></table><script>x()</script>"
        m.partners[1].actors[0].name = "Dr <i>Vidal</i> & co"
        m.patients[0].name = "Joan </script><script>alert(2)</script>"
        m.patients[0].profile = "<!-- comment --> <![CDATA[ x ]]>"
        m.activities[0].label = "referred <u>the</u> patient"
        m.timeline[0].note = "<style>body{display:none}</style>"
        m.timeline[0].question = "</li></ol><h1>injected</h1>"
        return m
    }

    /// Markup that would mean the hostile text became markup.
    static let forbidden = ["<script>alert", "<img", "<b onmouseover", "<b>bold", "<i>Vidal", "<u>the", "<style>body", "<h1>injected",
                            "<!-- comment", "<![CDATA[", "</script><script>", "\u{1B}", "\u{0}", "\u{202E}"]

    // MARK: well-formed

    /// Parses a document as XML; returns the errors, the element names and the text of each
    /// `<script>` by id.
    final class Reader: NSObject, XMLParserDelegate {
        var errors: [String] = []
        var elements: [String] = []
        var scripts: [String: String] = [:]
        private var script: String?

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
            elements.append(name)
            if name == "script" { script = attributes["id"] ?? "" ; scripts[script!] = "" }
        }
        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            if name == "script" { script = nil }
        }
        func parser(_ parser: XMLParser, foundCharacters string: String) {
            if let s = script { scripts[s, default: ""] += string }
        }
        func parser(_ parser: XMLParser, parseErrorOccurred error: Error) {
            errors.append("line \(parser.lineNumber), column \(parser.columnNumber): \(error)")
        }
    }

    static func read(_ html: String) -> Reader {
        let reader = Reader()
        let parser = XMLParser(data: Data(html.utf8))
        parser.delegate = reader
        if !parser.parse(), reader.errors.isEmpty { reader.errors.append("the parser stopped: \(String(describing: parser.parserError))") }
        return reader
    }

    @Test func theBuiltInReportIsWellFormedXHTML() {
        let html = HTMLReport(state: Analysis(validated: BuiltinCase.model).state(at: 34)).render()
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\"><head><meta charset=\"utf-8\"/>"))
        let r = Self.read(html)
        #expect(r.errors == [])
        // Every part the report promises, and nothing that fetches or runs anything.
        for id in ["case", "timeline", "alerts", "debrief", "network", "alert-timeline", "unneeded-days", "unneeded-cost", "handoff-latency",
                   "handoff-matrix", "shared-knowledge"] {
            #expect(html.contains("id=\"\(id)\""), "\(id)")
        }
        #expect(Set(r.elements).isSubset(of: Self.allowedElements), "\(Set(r.elements).subtracting(Self.allowedElements))")
        #expect(r.elements.filter { $0 == "script" }.count == 2)
        #expect(!html.contains(" src=\"") && !html.contains("href=\"http") && !html.contains("url(http"))
        #expect(html.components(separatedBy: "http://").count - 1 == 1 + r.elements.filter { $0 == "svg" }.count)
        #expect(html.contains("@media print"))
        // Every step of the timeline, every alert.
        #expect(r.elements.filter { $0 == "li" }.count >= 34)
        #expect(html.components(separatedBy: "<article class=\"alert ").count - 1 == Analysis(validated: BuiltinCase.model).alerts.count)
        // Seven SVG figures: the alert timeline, five bar charts (the fifth: handover of work), the network.
        #expect(r.elements.filter { $0 == "svg" }.count == 7)
    }

    static let allowedElements: Set<String> = [
        "html", "head", "meta", "title", "style", "body", "header", "nav", "ul", "ol", "li", "a", "section", "h1", "h2", "h3", "p", "strong",
        "span", "table", "thead", "tbody", "tr", "th", "td", "article", "figure", "script",
        "svg", "defs", "pattern", "rect", "line", "text", "g", "circle", "marker", "path",
    ]

    /// The checker is not a rubber stamp: broken markup fails it.
    @Test func theCheckerRejectsBrokenMarkup() {
        #expect(!Self.read("<html><body><p>open</body></html>").errors.isEmpty)
        #expect(!Self.read("<html><body a=b></body></html>").errors.isEmpty)
        #expect(!Self.read("<html><body>&nbsp;</body></html>").errors.isEmpty)
        #expect(!Self.read("<html><body><b><i>x</b></i></body></html>").errors.isEmpty)
        #expect(Self.read("<html><body><p>fine &amp; <br/></p></body></html>").errors.isEmpty)
    }

    @Test func hostileTextIsEscapedEverywhere() throws {
        let state = Analysis(validated: Self.hostileModel()).state(at: 34)
        let html = HTMLReport(state: state).render()
        let r = Self.read(html)
        #expect(r.errors == [])
        #expect(Set(r.elements).isSubset(of: Self.allowedElements), "\(Set(r.elements).subtracting(Self.allowedElements))")
        #expect(r.elements.filter { $0 == "script" }.count == 2)
        for bad in Self.forbidden { #expect(!html.contains(bad), "\(bad.debugDescription)") }
        // The texts are there, escaped.
        #expect(html.contains("<title>&lt;/title&gt;&lt;script&gt;alert(&#39;t&#39;)&lt;/script&gt; &amp; \u{FFFD}[2J</title>"))
        #expect(html.contains("&lt;img src=x onerror=alert(1)&gt;"))
        #expect(html.contains("&lt;b onmouseover=&quot;alert(1)&quot;&gt;Primary&lt;/b&gt;"))
        #expect(html.contains("&lt;/li&gt;&lt;/ol&gt;&lt;h1&gt;injected&lt;/h1&gt;"))
        // The embedded JSON is the JSON report, whole, with < > & written as \u escapes.
        let json = try #require(r.scripts["alliance-data"])
        #expect(!json.contains("<") && !json.contains("&"))
        let decoded = try JSONDecoder().decode(AnalysisReport.self, from: Data(json.utf8))
        #expect(decoded == AnalysisReport(state))
        let debrief = try #require(r.scripts["alliance-debrief"])
        #expect(!debrief.contains("<") && !debrief.contains("&"))
        // In an attribute (the SVG's aria-label is ours; titles inside SVG carry case text).
        #expect(!html.contains("title=\"<"))
    }

    @Test func aVariantIsDrawnAsASecondSeriesAndSectionsGoWhereTheySay() {
        let state = Analysis(validated: BuiltinCase.model).state(at: 34)
        let base = DebriefData(state)
        let extra = HTMLReport.Section(id: "annotations", title: "The room's <notes>", place: .afterAlerts,
                                       body: .element("p", [:], .text("a remark & more")))
        let html = HTMLReport(state: state, comparison: DebriefComparison(baseline: base, variant: base, variantName: "with <all>"), sections: [extra]).render()
        #expect(Self.read(html).errors == [])
        #expect(html.contains("<section id=\"annotations\"><h2>The room&#39;s &lt;notes&gt;</h2><p>a remark &amp; more</p></section><section id=\"timeline\">"))
        #expect(html.contains("<a href=\"#annotations\">The room&#39;s &lt;notes&gt;</a>"))
        #expect(html.contains("with &lt;all&gt;"))
        #expect(html.contains("fill=\"url(#hatch)\""))
    }

    // MARK: Chromium

    static func executable(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    static func run(_ tool: String, _ arguments: [String], input: String? = nil) throws -> (status: Int32, stdout: String, stderr: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: tool)
        p.arguments = arguments
        let out = Pipe(), err = Pipe(), inp = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = inp
        try p.run()
        if let input { inp.fileHandleForWriting.write(Data(input.utf8)) }
        try inp.fileHandleForWriting.close()
        let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
    }

    /// Renders a page to a PNG with headless Chromium; its size in bytes.
    static func screenshot(_ chromium: String, _ html: String, in dir: URL, name: String) throws -> Int {
        let page = dir.appendingPathComponent("\(name).html"), png = dir.appendingPathComponent("\(name).png")
        try html.write(to: page, atomically: true, encoding: .utf8)
        let r = try run(chromium, ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--window-size=1000,1600",
                                   "--user-data-dir=\(dir.appendingPathComponent("profile-\(name)").path)", "--screenshot=\(png.path)", page.absoluteString])
        #expect(r.status == 0, "\(r.stderr)")
        let data = try Data(contentsOf: png)
        #expect(data.starts(with: [0x89, 0x50, 0x4E, 0x47]), "not a PNG")
        return data.count
    }

    /// Where Chromium is installed, the report renders to a PNG that is not blank: a blank
    /// page of the same size compresses to a few kilobytes; the report's text and charts do
    /// not (a PNG's size grows with what is drawn, and a blank page is one colour).
    @Test(.enabled(if: executable("chromium") != nil, "chromium is not installed"), .timeLimit(.minutes(2)))
    func chromiumRendersTheReportAndItIsNotBlank() throws {
        let chromium = try #require(Self.executable("chromium"))
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("alliance-chromium-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let html = HTMLReport(state: Analysis(validated: BuiltinCase.model).state(at: 34)).render()
        let blank = try Self.screenshot(chromium, "<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\"><head><title>blank</title></head><body></body></html>\n", in: dir, name: "blank")
        let report = try Self.screenshot(chromium, html, in: dir, name: "report")
        #expect(report > 10 * blank, "report \(report) bytes, blank page \(blank) bytes")
    }

    // MARK: DOT

    @Test func dotOfTheSmallCase() throws {
        let a = try DebriefDataTests.smallCase()
        #expect(DOTExport.render(DebriefData(a.state(at: 7)), title: a.model.info.title) == """
        digraph "alliance" {
          label="Test case: partner handoff network (step 7 of 7)";
          labelloc=t; fontname="Helvetica"; layout=circo; overlap=false;
          node [shape=ellipse, style=filled, fillcolor="#eef3f8", color="#2a4d73", fontname="Helvetica"];
          edge [fontname="Helvetica", fontsize=10];
          "a" [label="Alpha"];
          "b" [label="Beta"];
          "c" [label="Gamma"];
          "a" -> "b" [label="1 clean", status="clean", count=1, color="#1b7f3b", fontcolor="#1b7f3b", style="solid", penwidth=2];
          "a" -> "b" [label="1 late", status="late", count=1, color="#c26a00", fontcolor="#c26a00", style="dashed", penwidth=2];
          "a" -> "c" [label="2 omitted", status="omitted", count=2, color="#c0262d", fontcolor="#c0262d", style="bold,dashed", penwidth=3];
        }

        """)
    }

    @Test func dotQuotesAndEscapesIdsAndLabels() {
        #expect(DOTExport.quote("a\"b\\c") == "\"a\\\"b\\\\c\"")
        #expect(DOTExport.quote("line\nbreak\u{1B}") == "\"line break\u{FFFD}\"")
        let dot = DOTExport.render(DebriefData(Analysis(validated: Self.hostileModel()).state(at: 34)), title: "t\"}")
        #expect(dot.contains("label=\"<b onmouseover=\\\"alert(1)\\\">Primary</b>\""))
        #expect(dot.contains("label=\"t\\\"}: partner handoff network (step 34 of 34)\";"))
    }

    @Test(.enabled(if: executable("dot") != nil, "Graphviz (dot) is not installed"))
    func graphvizAcceptsTheDOT() throws {
        let dot = try #require(Self.executable("dot"))
        for model in [BuiltinCase.model, Self.hostileModel()] {
            let a = Analysis(validated: model)
            let r = try Self.run(dot, ["-Tsvg"], input: DOTExport.render(DebriefData(a.state(at: a.stepCount)), title: model.info.title))
            #expect(r.status == 0, "\(r.stderr)")
            #expect(r.stderr == "")
            #expect(r.stdout.contains("<svg"))
        }
        // And it would say so if it did not.
        #expect(try Self.run(dot, ["-Tsvg"], input: "digraph { \"a\" -> }").status != 0)
    }
}
