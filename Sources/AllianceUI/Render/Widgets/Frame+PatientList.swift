import AllianceCore

/// The patient list (`P`, `/`): the sort orders, the search line, then one row per patient in
/// view: name (and id), alerts active / raised so far, last activity, and that activity's
/// partner. Only the rows in view are laid out: a frame costs the same with 10 patients or
/// 10,000 (the rows themselves are worked out by the reducer, once per query, sort or step).
extension Frame {
    func patientListOverlay(_ c: inout Canvas) {
        let list = app.patientList
        let r = PatientListLayout.rect(app.size)
        c.fill(r, with: Cell(" "))
        let inner = Rect(x: r.x + 2, y: r.y + 1, width: r.width - 4, height: r.height - 2)
        let total = model.patients.count
        c.box(r, title: "Patients (\(Plural.grouped(total)))", right: Line("Esc close", .key, [], atomic: true), focused: true)
        let sep = " \(glyphs.separator) "

        // The sort orders, the current one marked; how many match.
        var sortLine = Line([Span("sort ", .muted), Span("Tab", .key, [.bold]), Span(": ", .muted)])
        for (i, s) in PatientSort.allCases.enumerated() {
            if i > 0 { sortLine.append(Span("  ")) }
            let on = s == list.sort
            sortLine.append(Span(on ? "\(glyphs.focus) \(s.label)" : s.label, on ? .selected : .muted, on ? [.bold] : [], atomic: true))
        }
        let count = list.query.text.isEmpty ? Plural.grouped(total, "patient") : "\(Plural.grouped(list.rows.count)) of \(Plural.grouped(total)) match"
        let countLine = Line(count, .title, [.bold], atomic: true)
        let sortEnd = c.draw(sortLine, x: inner.x, y: inner.y, maxX: inner.maxX)
        if sortEnd + 2 + countLine.width <= inner.maxX { c.draw(countLine, x: inner.maxX - countLine.width, y: inner.y, maxX: inner.maxX) }

        searchLine(&c, list, x: inner.x, y: inner.y + 1, maxX: inner.maxX)

        // Columns: marker, patient, alerts, last activity, partner.
        let alertsW = 11
        let partnerW = min(14, max(7, (0..<model.partners.count).map { DisplayWidth.of(short(partner: $0)) }.max() ?? 7)) + 1
        let rest = max(20, inner.width - 2 - alertsW - partnerW)
        let nameW = max(12, rest * 45 / 100), lastW = rest - nameW
        func pad(_ s: String, _ w: Int) -> String { TextFit.pad(s, w, ellipsis: glyphs.ellipsis) }
        let head = Line([Span("  "), Span(pad("patient", nameW - 1) + " ", .muted, [.underline]), Span(pad("now/raised", alertsW - 1) + " ", .muted, [.underline]),
                         Span(pad("last activity", lastW - 1) + " ", .muted, [.underline]), Span(pad("partner", partnerW - 1), .muted, [.underline])])
        c.draw(head, x: inner.x, y: inner.y + 2, maxX: inner.maxX)

        let top = inner.y + PatientListLayout.headLines
        let height = inner.maxY - top
        guard !list.rows.isEmpty else {
            let message = total == 0 ? "This case has no patients." : "No patient's name or id contains \"\(list.query.text)\". Backspace edits, Esc clears."
            for (i, line) in Line(message, .muted).wrapped(inner.width, maxLines: max(1, height), ellipsis: glyphs.ellipsis).enumerated() {
                c.draw(line, x: inner.x, y: top + i, maxX: inner.maxX)
            }
            return
        }
        let first = min(list.top, max(0, list.rows.count - 1))
        for (i, row) in list.rows[first..<min(list.rows.count, first + height)].enumerated() {
            let x = Int(row)
            let selected = first + i == list.cursor
            var line = Line([Span(selected ? "\(glyphs.focus) " : "  ", .focus, [.bold], atomic: true)])
            // The name, and the id when it says something else.
            let name = analysis.patientName(x), id = TextSanitizer.singleLine(model.patients[x].id)
            let nameText = pad(name, nameW - 1)
            line.append(Span(nameText, selected ? .selected : .normal, [.bold]))
            if id != name, DisplayWidth.of(name) + 2 + DisplayWidth.of(id) <= nameW - 1 {
                // The id in the padding the name left.
                line.spans[line.spans.count - 1].text = name + "  "
                line.append(Span(pad(id, nameW - 1 - DisplayWidth.of(name) - 2), .muted))
            }
            line.append(Span(" "))
            // Alerts: active now (with the worst one's glyph) / raised so far.
            let tally = state.alertTally(patient: x)
            let raised = state.alertsRaised(patient: x)
            var alerts = Line()
            if let b = badge(tally) { alerts.append(b) } else { alerts.append(Span("0", .muted, [], atomic: true)) }
            alerts.append(Span("/\(raised)", .muted, [], atomic: true))
            line.append(contentsOf: alerts, width: alertsW)
            // Last activity: its day and activity, and the partner that did it.
            if let s = state.lastActionStep(patient: x) {
                let what = analysis.activity(ofStep: s).map { model.activities[$0].id } ?? ""
                line.append(Span("day \(day(analysis.time(ofStep: s)))", .normal, [], atomic: true))
                line.append(Span(" " + pad(what, max(1, lastW - 1 - DisplayWidth.of("day \(day(analysis.time(ofStep: s)))") - 1)) + " "))
                if let p = analysis.partner(ofStep: s) {
                    line.append(Span(pad(short(partner: p), partnerW - 1), Role.accent(p), [.bold]))
                }
            } else {
                line.append(Span(pad("not started", lastW - 1) + " ", .muted))
                line.append(Span(glyphs.dash, .muted))
            }
            c.draw(line, x: inner.x, y: top + i, maxX: inner.maxX)
        }
        if list.rows.count > height || first > 0 {
            let last = min(list.rows.count, first + height)
            c.draw(Line(" \(first + 1)-\(last) of \(list.rows.count)\(sep)\(glyphs.keyLabel("↑ ↓ PgUp PgDn")) move\(sep)Enter select ", .muted),
                   x: r.x + 2, y: r.maxY - 1, maxX: r.maxX - 1)
        }
    }

    /// `/ ann▌` while typing (the cursor in reverse video), the search when there is one, else how to start one.
    private func searchLine(_ c: inout Canvas, _ list: PatientListState, x: Int, y: Int, maxX: Int) {
        var x = c.put("/ ", x: x, y: y, maxX: maxX, role: .key, attributes: [.bold])
        let input = list.query
        guard list.typing else {
            if input.text.isEmpty {
                c.draw(Line("search by name or id", .muted), x: x, y: y, maxX: maxX)
            } else {
                x = c.draw(Line(input.text, .normal, [.bold]), x: x, y: y, maxX: maxX)
                c.draw(Line("  (/ new search, Esc clears)", .muted), x: x, y: y, maxX: maxX)
            }
            return
        }
        let hint = "Enter select \(glyphs.separator) Esc clear"
        let hintWidth = DisplayWidth.of(hint)
        let right = maxX - x - hintWidth - 2 >= 12 ? maxX - hintWidth - 2 : maxX
        if right < maxX { c.put(hint, x: maxX - hintWidth, y: y, maxX: maxX, role: .muted) }
        // The text scrolled so the cursor stays in view.
        let chars = input.characters
        let widths = chars.map { max(1, DisplayWidth.of(String($0))) }
        var start = 0
        while start < input.cursor, widths[start..<input.cursor].reduce(0, +) + 1 > right - x { start += 1 }
        var i = start
        while i <= chars.count {
            let atCursor = i == input.cursor
            let text = i < chars.count ? String(chars[i]) : " "
            let cw = i < chars.count ? widths[i] : 1
            guard x + cw <= right else { break }
            x = c.put(text, x: x, y: y, maxX: right, role: atCursor ? .new : .normal, attributes: atCursor ? [.reverse, .bold] : [.bold])
            i += 1
        }
    }
}

extension Line {
    /// Appends `other`'s spans, padded with spaces to `width` columns (never cut: a wider one overflows).
    mutating func append(contentsOf other: Line, width: Int) {
        spans += other.spans
        let pad = width - other.width
        if pad > 0 { spans.append(Span(String(repeating: " ", count: pad))) }
    }
}
