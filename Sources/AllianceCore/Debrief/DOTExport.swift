/// `alliance report --format dot`: the partner handoff network for Graphviz. A node per
/// partner (its id, labelled with its name), an edge per ordered pair and handoff status
/// with the count, coloured and styled by status (clean solid green, late dashed orange,
/// omitted bold dashed red, pending dotted grey), and the emergent routines as purple
/// dotted edges marked `emergent` (and `★`). Every id and label is a quoted, escaped string.
///
/// ```sh
/// alliance report --format dot | dot -Tsvg > network.svg
/// ```
public enum DOTExport {
    public static func render(_ d: DebriefData, title: String) -> String {
        var out = ["digraph \"alliance\" {"]
        out.append("  label=\(quote("\(title): partner handoff network (step \(d.step) of \(d.steps))"));")
        out.append("  labelloc=t; fontname=\"Helvetica\"; layout=circo; overlap=false;")
        out.append("  node [shape=ellipse, style=filled, fillcolor=\"#eef3f8\", color=\"#2a4d73\", fontname=\"Helvetica\"];")
        out.append("  edge [fontname=\"Helvetica\", fontsize=10];")
        for p in d.partners {
            out.append("  \(quote(p.id)) [label=\(quote(p.name))];")
        }
        for (f, t, counts) in d.handoffPairs {
            for status in HandoffStatus.worstFirst.reversed() where counts[status: status] > 0 {
                let c = counts[status: status]
                let (color, style) = attributes(status)
                out.append("  \(quote(d.partners[f].id)) -> \(quote(d.partners[t].id)) [label=\(quote("\(c) \(status.rawValue)")), status=\(quote(status.rawValue)), count=\(c), color=\(quote(color)), fontcolor=\(quote(color)), style=\(quote(style)), penwidth=\(1 + min(4, c))];")
            }
        }
        for e in d.matrix.emergent {
            out.append("  \(quote(e.from)) -> \(quote(e.to)) [label=\(quote("★ emergent (\(e.status.rawValue)): \(e.occurrences)×, \(Plural.count(e.patients, "patient"))")), tooltip=\(quote(e.description)), emergent=true, status=\(quote(e.status.rawValue)), count=\(e.occurrences), color=\"#7b3fa0\", fontcolor=\"#7b3fa0\", style=\"dotted\", penwidth=2];")
        }
        out.append("}")
        return out.joined(separator: "\n") + "\n"
    }

    static func attributes(_ s: HandoffStatus) -> (color: String, style: String) {
        switch s {
        case .clean: ("#1b7f3b", "solid")
        case .late: ("#c26a00", "dashed")
        case .omitted: ("#c0262d", "bold,dashed")
        case .pending: ("#6b6b6b", "dotted")
        }
    }

    /// A DOT double-quoted string: backslashes and quotes escaped, line breaks as `\n`,
    /// control characters and bidirectional overrides removed (`TextSanitizer`).
    public static func quote(_ s: String) -> String {
        var out = "\""
        for ch in TextSanitizer.singleLine(s) {
            switch ch {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            default: out.append(ch)
            }
        }
        return out + "\""
    }
}
