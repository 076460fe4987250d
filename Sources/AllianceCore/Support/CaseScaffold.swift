/// The starting case `alliance new` writes: every section of the format with one line of
/// comment, and a tiny story (a clinic, a hospital, a home care service, two patients) that
/// already raises one alert of each kind. `partners` and `patients` add placeholders beyond
/// the story's three partners and two patients (their steps raise nothing).
public enum CaseScaffold {
    public static let minimumPartners = 3, minimumPatients = 2
    public static let maximumPartners = 50, maximumPatients = 500

    public static func text(partners: Int = 3, patients: Int = 2) -> String {
        let p = min(max(partners, minimumPartners), maximumPartners)
        let x = min(max(patients, minimumPatients), maximumPatients)
        var out = head
        for k in stride(from: 4, through: p, by: 1) {
            out += "  - id: partner-\(k)\n    name: Partner \(k)\n    actors:\n      - { id: person-\(k), name: Person \(k), role: role-\(k) }\n"
        }
        out += "\n" + patientsSection + "\n"
        for j in stride(from: 3, through: x, by: 1) {
            out += "  - { id: patient-\(j), name: Patient \(j), responsible: [clinic] }\n"
        }
        out += "\n" + middle + "\n"
        // The story's steps, then each further patient's journey (referred, assessed, the
        // assessment sent on time, the plan confirmed), all in time order.
        var steps = storySteps
        for j in stride(from: 3, through: x, by: 1) {
            let d = 19 + 2 * j
            steps.append((d, "  - { day: \(d), patient: patient-\(j), actor: dr-lee, activity: refer, produces: [{ knowledge: referral, value: needs an assessment }], sends: [{ knowledge: referral, to: hospital }] }"))
            steps.append((d + 1, "  - { day: \(d + 1), patient: patient-\(j), actor: dr-khan, activity: assess, produces: [{ knowledge: assessment, value: no help needed yet }], sends: [{ knowledge: assessment, to: homecare }] }"))
            steps.append((d + 1, "  - { day: \(d + 1), patient: patient-\(j), actor: dr-khan, activity: confirm }"))
        }
        let ordered = steps.enumerated().sorted { ($0.element.0, $0.offset) < ($1.element.0, $1.offset) }.map(\.element.1)
        out += ordered.joined(separator: "\n") + "\n"
        return out
    }

    static let head = """
# A new case for Alliance Dashboard. Check it with `alliance check FILE`, watch it with
# `alliance open FILE --watch` while you edit. Reference: docs/case-format.md.
alliance-case: 1

# The case: title, the question for the room, the calendar, money and thresholds.
case:
  title: A new care network
  summary: >-
    A clinic refers patients to a hospital, which assesses them; a home care service
    starts care and visits. Replace this story with yours.
  question: Where, between the partners, will knowledge get lost?
  day-zero: 2025-01-06
  time-zone: Europe/Madrid
  currency: EUR
  values:
    cost-per-care-day: 40
  emergent-routines: { min-occurrences: 2, min-patients: 2 }

# Partners: the organisations, and their people with the roles the design names.
partners:
  - id: clinic
    name: Community clinic
    actors:
      - { id: dr-lee, name: Dr Lee, role: gp }
  - id: hospital
    name: City hospital
    actors:
      - { id: dr-khan, name: Dr Khan, role: specialist }
  - id: homecare
    name: Home care service
    actors:
      - { id: sam, name: Sam, role: nurse }

"""

    static let patientsSection = """
# Patients: whose journeys are followed, and who answers for their overall care.
patients:
  - { id: ana, name: Ana Ruiz, profile: "71, heart failure", responsible: [clinic] }
  - { id: ben, name: Ben Ortiz, profile: "64, after a fall", responsible: [clinic] }
"""

    static let middle = """
# Activities: every verb phrase a step may perform.
activities:
  - { id: refer, label: referred the patient to the hospital }
  - { id: assess, label: assessed the patient }
  - { id: confirm, label: confirmed the care plan }
  - { id: send-assessment, label: sent the assessment }
  - { id: start, label: started home care }
  - { id: visit, label: visited the patient at home }
  - { id: call-clinic, label: phoned the clinic about the patient }
  - { id: review, label: reviewed the home care }
  - { id: agree, label: agreed how to work together }

# Knowledge: what partners know, and who needs it for which activities.
knowledge:
  - id: referral
    label: referral letter
    needed-by: [{ partner: hospital, for: [assess] }]
  - id: assessment
    label: assessment
    needed-by: [{ partner: homecare, for: [start] }]
  - id: observation
    label: home observation
    needed-by: [{ partner: clinic, for: [review] }]
    share-within: 3
  - id: visit-report
    label: visit report
    needed-by: [{ partner: clinic, for: [review] }]
  - id: care-record
    label: home care record

# Therapies: treatments that start and end, cost per day, and must be known to the responsible.
therapies:
  - id: homecare
    label: home care
    starts-on: [start]
    ends-on: []
    awareness: care-record
    aware-within: 7
    cost-per-day: cost-per-care-day

# Routines: the designed sequences of steps (in-force: false = proposed, adopted by `formalizes`).
routines:
  - id: first-visit
    name: A nurse visits within a week of starting home care
    steps:
      - { role: nurse, activity: start }
      - { role: nurse, activity: visit, within: 7 }
  - id: nurse-calls-clinic
    name: After a visit, the nurse phones the clinic
    in-force: false
    steps:
      - { role: nurse, activity: visit }
      - { role: nurse, activity: call-clinic, within: 2 }

# Handoffs: what must pass from one partner to another, when, and how fast.
handoffs:
  - { id: assessment-out, from: hospital, to: homecare, knowledge: assessment, trigger: [assess], within: 2 }
  - { id: visit-report-out, from: homecare, to: clinic, knowledge: visit-report, trigger: [visit], within: 3 }

# Decisions: obligations with an owner (a role) and a due window; no owner is meaningful.
decisions:
  - { id: care-plan, label: confirm the care plan, opens-on: [assess], owner: specialist, due-within: 5, closes-on: [confirm] }
  - { id: care-review, label: review the home care, opens-on: [start], due-within: 30, closes-on: [review], overdue-days-unneeded: true }

# Timeline: what happened, in time order: actions, joint actions and events.
timeline:
"""

    static let storySteps: [(Int, String)] = [
        (1, #"  - { day: 1, patient: ana, actor: dr-lee, activity: refer, produces: [{ knowledge: referral, value: breathless at rest }], sends: [{ knowledge: referral, to: hospital }] }"#),
        (2, #"  - { day: 2, patient: ben, actor: dr-lee, activity: refer, produces: [{ knowledge: referral, value: two falls this month }], sends: [{ knowledge: referral, to: hospital }] }"#),
        (3, #"  - { day: 3, patient: ana, actor: dr-khan, activity: assess, produces: [{ knowledge: assessment, value: needs daily help }] }"#),
        (4, #"  - { day: 4, patient: ana, actor: dr-khan, activity: confirm }"#),
        (4, #"  - { day: 4, patient: ben, actor: dr-khan, activity: assess, produces: [{ knowledge: assessment, value: needs a walking frame }], note: The hospital keeps Ben's assessment to itself. }"#),
        (6, #"  - { day: 6, patient: ana, actor: dr-khan, activity: send-assessment, sends: [{ knowledge: assessment, to: homecare }] }"#),
        (7, #"  - { day: 7, patient: ana, actor: sam, activity: start, produces: [{ knowledge: care-record, value: care from day 7 }], sends: [{ knowledge: care-record, to: clinic }] }"#),
        (8, #"  - { day: 8, patient: ben, actor: sam, activity: start, produces: [{ knowledge: care-record, value: care from day 8 }], question: What does Sam not know about Ben? }"#),
        (9, #"  - { day: 9, patient: ana, actor: sam, activity: visit, produces: [{ knowledge: observation, value: ankles swollen }, { knowledge: visit-report, value: weight up 2 kg }], sends: [{ knowledge: visit-report, to: clinic }] }"#),
        (10, #"  - { day: 10, patient: ana, actor: sam, activity: call-clinic, contacts: [clinic] }"#),
        (18, #"  - { day: 18, patient: ben, actor: sam, activity: visit, produces: [{ knowledge: visit-report, value: steady on his feet }], sends: [{ knowledge: visit-report, to: clinic }] }"#),
        (19, #"  - { day: 19, patient: ben, actor: sam, activity: call-clinic, contacts: [clinic], pause: true }"#),
        (39, #"  - { day: 39, patient: ben, event: "Ben's home care review was due yesterday; nobody owns it" }"#),
        (40, #"  - { day: 40, id: ana-review, patient: ana, actor: dr-lee, activity: review }"#),
        (41, #"  - { day: 41, actors: [sam, dr-lee], activity: agree, formalizes: nurse-calls-clinic, question: Should this habit become the rule? }"#),
    ]
}
