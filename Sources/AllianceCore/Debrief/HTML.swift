import Foundation

/// A fragment of XHTML-compatible markup, built only through functions that escape every
/// text and attribute value: text from a case can never become markup.
///
/// ```swift
/// let cell = HTML.element("td", ["class": "n"], .text(partner.name))
/// ```
/// The markup is also well-formed XML (every element closed, attributes quoted, only the
/// XML entities), so `XMLParser` reads the whole report.
public struct HTML: Sendable, Equatable {
    /// The markup itself; only this file's builders create it.
    public private(set) var markup: String

    private init(raw: String) { markup = raw }

    public static let empty = HTML(raw: "")

    /// Text, escaped (and cleaned of control characters and bidirectional overrides).
    public static func text(_ s: String) -> HTML { HTML(raw: escape(s)) }

    /// An element with escaped attribute values (in the order given) and children.
    public static func element(_ name: String, _ attributes: KeyValuePairs<String, String> = [:], _ children: HTML...) -> HTML {
        element(name, Array(attributes).map { ($0.key, $0.value) }, children)
    }

    public static func element(_ name: String, _ attributes: [(String, String)], _ children: [HTML]) -> HTML {
        var s = "<" + name
        for (k, v) in attributes { s += " \(k)=\"\(escape(v))\"" }
        if children.isEmpty, voidElements.contains(name) || svgLeaves.contains(name) { return HTML(raw: s + "/>") }
        s += ">"
        for c in children { s += c.markup }
        return HTML(raw: s + "</\(name)>")
    }

    /// Fragments one after another.
    public static func join(_ parts: [HTML], separator: String = "") -> HTML {
        HTML(raw: parts.map(\.markup).joined(separator: separator))
    }
    public static func + (a: HTML, b: HTML) -> HTML { HTML(raw: a.markup + b.markup) }

    /// Markup the report itself writes (its style sheet, the document's frame): never text
    /// from a case. Internal on purpose.
    static func trusted(_ s: String) -> HTML { HTML(raw: s) }

    /// A JSON document inside `<script type="application/json">`: `<`, `>` and `&` (which
    /// occur only inside JSON strings) are written as `\u003c`, `\u003e`, `\u0026`, so
    /// neither `</script>` nor an entity can appear, and the JSON stays the same value
    /// (bidirectional controls and line separators are written as `\u` escapes too).
    static func jsonScript(id: String, _ json: String) -> HTML {
        var out = ""
        out.reserveCapacity(json.utf8.count)
        for ch in json.unicodeScalars {
            switch ch {
            case "<": out += "\\u003c"
            case ">": out += "\\u003e"
            case "&": out += "\\u0026"
            // Invisible controls (bidirectional overrides, line separators) stay the same
            // JSON value, written out so a reader of the file sees them.
            case _ where TextSanitizer.isBidiControl(ch) || ch == "\u{2028}" || ch == "\u{2029}":
                out += String(format: "\\u%04x", ch.value)
            default: out.unicodeScalars.append(ch)
            }
        }
        return HTML(raw: "<script type=\"application/json\" id=\"\(escape(id))\">" + out + "</script>")
    }

    private static let voidElements: Set<String> = ["meta", "br", "hr", "img", "link", "col"]
    private static let svgLeaves: Set<String> = ["rect", "line", "circle", "path", "polygon", "polyline", "ellipse"]

    /// Escapes text for element content and double- or single-quoted attributes.
    public static func escape(_ s: String) -> String {
        var out = ""
        for u in TextSanitizer.multiLine(s).unicodeScalars {
            switch u {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\u{FFFE}", "\u{FFFF}": out += "\u{FFFD}"  // not characters in XML
            default: out.unicodeScalars.append(u)
            }
        }
        return out
    }
}
