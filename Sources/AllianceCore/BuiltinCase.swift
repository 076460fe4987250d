/// The built-in case, compiled into the binary so `alliance` needs no file.
public enum BuiltinCase {
    /// How the built-in case is named in messages.
    public static let name = "the built-in case"

    /// The decoded built-in case. Its text is checked by the test suite, so decoding cannot fail at run time.
    public static let model: CaseModel = {
        do {
            return try CaseFileDecoder().decode(yaml: yaml, path: "<built-in case>")
        } catch {
            fatalError("the built-in case does not decode:\n\(error)")
        }
    }()

    /// The case file text, as `alliance example` prints it.
    public static let yaml = #"""
alliance-case: 1
case:
  title: Placeholder
  day-zero: 2024-01-08
partners:
  - id: a
    name: A
    actors: [{ id: x, name: X, role: r }]
patients:
  - { id: p, name: P }
activities:
  - { id: act, label: acts }
timeline:
  - { day: 0, patient: p, actor: x, activity: act }
"""#
}
