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
  title: Home oxygen therapy in Barcelona
  summary: >-
    Three patients on home oxygen, followed across primary care, the hospital, the
    home-therapy company and the payer. Knowledge gathered at home stays with the company,
    for weeks one GP does not know that her patient is on oxygen, and one review decision
    has no owner, so the oxygen goes on, paid by the day. A technician starts phoning the
    GP, and that new habit is later made official. The story is invented for teaching; the
    cost per therapy-day is an illustrative figure, not a real tariff.
  question: >-
    Each partner does its own job well. Where, between them, will value be lost, and who
    would notice?
  source: >-
    Shaped by Ariño & Andreu, "Building blocks for healthy alliance coordination",
    IESE Insight 36 (2018), and by published facts on long-term oxygen therapy
    (SEPAR / MSD Manual indications, Choosing Wisely 90-day reassessment).
  time-unit: days
  day-zero: 2024-01-08
  currency: EUR
  values:
    cost-per-therapy-day: 5.2
  emergent-routines:
    min-occurrences: 2
    min-patients: 2

partners:
  - id: primary
    name: Primary care
    kind: primary care centre (CAP)
    actors:
      - { id: dr-puig, name: Dr Puig, role: gp }
      - { id: dr-serra, name: Dr Serra, role: gp }
      - { id: nurse-anna, name: Anna, role: primary-nurse }
  - id: hospital
    name: Hospital Litoral
    kind: hospital
    actors:
      - { id: dr-vidal, name: Dr Vidal, role: pulmonologist }
      - { id: dr-roca, name: Dr Roca, role: ward-physician }
      - { id: lung-lab, name: Lung-function lab, role: lab }
  - id: company
    name: Oxigen Llar
    kind: home-therapy company
    actors:
      - { id: marc, name: Marc, role: technician }
      - { id: laia, name: Laia, role: company-nurse }
      - { id: nuria, name: Núria, role: coordinator }
  - id: payer
    name: CatSalut
    kind: payer
    actors:
      - { id: contracts, name: Contracts office, role: contract-manager }

patients:
  - id: joan
    name: Joan Ferrer
    profile: 60, COPD, still smoking; referred by his GP
    responsible: [primary]
  - id: maria
    name: Maria Soler
    profile: 72, COPD; oxygen started at discharge after a pneumonia
    responsible: [primary]
  - id: pere
    name: Pere Casals
    profile: 68, COPD and high blood pressure; followed at the lung clinic
    responsible: [primary]

activities:
  - { id: refer, label: referred the patient to the lung clinic }
  - { id: lung-tests, label: ran blood gases and lung-function tests }
  - { id: prescribe-o2, label: prescribed home oxygen }
  - { id: discharge-o2, label: discharged the patient on home oxygen }
  - { id: install, label: installed the oxygen equipment and trained the patient }
  - { id: nurse-visit, label: visited the patient at home }
  - { id: gp-visit, label: saw the patient in a routine visit }
  - { id: pay-invoice, label: paid the monthly invoice for the oxygen }
  - { id: phone-gp, label: phoned the GP about the patient }
  - { id: adherence-visit, label: saw the patient about oxygen use and smoking }
  - { id: review-o2, label: reviewed the oxygen prescription }
  - { id: adjust-flow, label: set the new flow on the concentrator }
  - { id: usage-audit, label: went through the hour-meter readings }
  - { id: stop-o2, label: stopped the oxygen therapy }
  - { id: remove-equipment, label: removed the oxygen equipment }
  - { id: agree-protocol, label: agreed a call-the-GP protocol }

knowledge:
  - id: referral
    label: referral letter
    needed-by:
      - { partner: hospital, for: [lung-tests] }
  - id: blood-gas
    label: blood-gas result
    needed-by:
      - { partner: hospital, for: [prescribe-o2, discharge-o2, review-o2, stop-o2] }
  - id: rx
    label: oxygen prescription
    needed-by:
      - { partner: company, for: [install, nurse-visit, adjust-flow, remove-equipment] }
  - id: report
    label: hospital report
    needed-by:
      - { partner: primary, for: [gp-visit, adherence-visit, refer] }
  - id: hour-meter
    label: hour-meter reading
    share-within: 14
    needed-by:
      - { partner: primary, for: [gp-visit, adherence-visit, refer] }
  - id: home-obs
    label: home observation
    share-within: 14
    needed-by:
      - { partner: primary, for: [gp-visit, adherence-visit, refer] }
  - id: service-record
    label: service start or stop record
    needed-by:
      - { partner: payer, for: [pay-invoice] }
  - id: gp-note
    label: GP's note for the review

therapies:
  - id: oxygen
    label: home oxygen therapy
    starts-on: [install]
    ends-on: [remove-equipment]
    awareness: rx
    aware-within: 14
    cost-per-day: cost-per-therapy-day

routines:
  - id: referral-pathway
    name: Referral to the lung clinic
    steps:
      - { role: gp, activity: refer }
      - { role: lab, activity: lung-tests, within: 30 }
  - id: first-home-visit
    name: First home visit within 30 days of installation
    steps:
      - { role: technician, activity: install }
      - { role: company-nurse, activity: nurse-visit, within: 30 }
  - id: review-90
    name: The hospital reviews every home oxygen therapy within 90 days
    steps:
      - { role: technician, activity: install }
      - { role: pulmonologist, activity: [review-o2, stop-o2], within: 90 }
  - id: shared-follow-up
    name: After the first home visit, the GP goes on with the usual follow-up
    steps:
      - { role: company-nurse, activity: nurse-visit }
      - { role: gp, activity: gp-visit }
  - id: tech-calls-gp
    name: The technician calls the GP when use is under 15 h/day or the picture changes
    in-force: false
    steps:
      - { role: technician, activity: phone-gp }
      - { role: gp, activity: adherence-visit, within: 7 }

handoffs:
  - id: referral-to-hospital
    from: primary
    to: hospital
    knowledge: referral
    trigger: [refer]
    within: 7
  - id: rx-to-company
    from: hospital
    to: company
    knowledge: rx
    trigger: [prescribe-o2, discharge-o2, review-o2, stop-o2]
    within: 1
  - id: report-to-gp
    from: hospital
    to: primary
    knowledge: report
    trigger: [prescribe-o2, discharge-o2, review-o2, stop-o2]
    within: 14
  - id: service-to-payer
    from: company
    to: payer
    knowledge: service-record
    trigger: [install, remove-equipment]
    within: 7

decisions:
  - id: review-prescription
    label: review the oxygen prescription
    opens-on: [prescribe-o2]
    owner: pulmonologist
    due-within: 90
    closes-on: [review-o2, stop-o2]
  - id: review-discharge-o2
    label: review the oxygen started at discharge
    opens-on: [discharge-o2]
    due-within: 90
    closes-on: [review-o2, stop-o2]
    overdue-days-unneeded: true

# What the room can try: press m in the dashboard, or `alliance report --with ID`.
mechanisms:
  - id: shared-record
    name: A shared care record
    sentence: >-
      What the company's nurse sees at home goes into a record the GP reads: home
      observations reach primary care within 2 days.
    changes:
      - share: { knowledge: home-obs, within: 2 }
  - id: use-report
    name: The technician reports use to the GP
    sentence: >-
      After every home visit the company sends the hour-meter reading to the GP within a
      week, so use under the prescribed hours is seen where the patient is followed.
    changes:
      - add-handoff: { id: use-to-gp, from: company, to: primary, knowledge: hour-meter, trigger: [nurse-visit], within: 7 }
  - id: named-reviewer
    name: Every prescription names its reviewer
    sentence: >-
      Oxygen started at discharge names who reviews it, the pulmonologist, who then
      decides by the review date.
    changes:
      - owner: { decision: review-discharge-o2, role: pulmonologist }
  - id: call-protocol
    name: The call-the-GP protocol from day 0
    sentence: >-
      The protocol the partners agreed at the end is in force from the start: the
      technician calls the GP, and the GP sees the patient within a week.
    changes:
      - in-force: { routine: tech-calls-gp }

timeline:
  # Act 1: three ways onto oxygen
  - day: 1
    patient: joan
    actor: dr-puig
    activity: refer
    produces:
      - { knowledge: referral, value: "Breathless on exertion, SpO2 87% at rest, smoker (40 pack-years)" }
    sends:
      - { knowledge: referral, to: [hospital] }

  - day: 2
    patient: maria
    actor: lung-lab
    activity: lung-tests
    produces:
      - { knowledge: blood-gas, value: "PaO2 54 mmHg on room air, taken during the exacerbation" }
    note: Maria is in the ward with a pneumonia. Her blood gas is taken while she is still acutely ill.

  - day: 3
    patient: maria
    actor: dr-roca
    activity: discharge-o2
    produces:
      - { knowledge: rx, value: "2 L/min, 16 h/day; review in 3 months" }
      - { knowledge: report, value: "Discharge: COPD exacerbation with pneumonia. Home oxygen started; review in 3 months." }
    sends:
      - { knowledge: rx, to: [company, primary] }
      - { knowledge: report, to: [primary] }
    note: >-
      The discharge letter says "review in 3 months" but names nobody. Oxygen started after
      an acute episode often stops being needed within weeks.
    question: Who in this room would have booked Maria's review? Who thinks someone else would?

  - day: 4
    patient: maria
    actor: marc
    activity: install
    produces:
      - { knowledge: service-record, value: "Concentrator installed; service from day 4" }
    sends:
      - { knowledge: service-record, to: [payer] }

  - day: 7
    patient: joan
    actor: lung-lab
    activity: lung-tests
    produces:
      - { knowledge: blood-gas, value: "PaO2 52 mmHg, SaO2 86% on room air, stable" }

  - day: 9
    patient: joan
    actor: dr-vidal
    activity: prescribe-o2
    produces:
      - { knowledge: rx, value: "2 L/min, at least 15 h/day; review within 90 days (Dr Vidal)" }
      - { knowledge: report, value: "Chronic respiratory failure, PaO2 52 mmHg. Oxygen 2 L/min, at least 15 h/day. Dr Vidal reviews at 90 days." }
    sends:
      - { knowledge: rx, to: [company, primary] }
      - { knowledge: report, to: [primary] }
    note: >-
      This is how the design says it should work: the prescription goes to the company
      through the information system, the report goes to the GP, and the review has a
      named owner.
    question: In your experience, how often does the GP get this report before seeing the patient again?

  - day: 10
    patient: joan
    actor: marc
    activity: install
    produces:
      - { knowledge: service-record, value: "Concentrator and portable unit installed; service from day 10" }
    sends:
      - { knowledge: service-record, to: [payer] }

  - day: 14
    patient: pere
    actor: lung-lab
    activity: lung-tests
    produces:
      - { knowledge: blood-gas, value: "PaO2 53 mmHg on room air, stable" }

  # Act 2: what the home knows
  - day: 16
    patient: joan
    actor: laia
    activity: nurse-visit
    produces:
      - { knowledge: hour-meter, value: "9 h/day (prescribed at least 15)" }
      - { knowledge: home-obs, value: "Still smokes about 10 a day; SpO2 91% on 2 L/min" }
    note: >-
      Laia reads the hour meter: 9 hours a day, not 15. Joan still smokes, next to the
      oxygen. Nothing in the design sends this to anyone.
    question: Who needs to know this, and how would it reach them today?

  - day: 17
    patient: pere
    actor: dr-vidal
    activity: prescribe-o2
    produces:
      - { knowledge: rx, value: "2 L/min, at least 15 h/day; review within 90 days (Dr Vidal)" }
    sends:
      - { knowledge: rx, to: [company] }
    note: The prescription goes to the company as usual. The report for Dr Serra is never written.

  - day: 18
    patient: pere
    actor: marc
    activity: install
    produces:
      - { knowledge: service-record, value: "Concentrator installed; service from day 18" }
    sends:
      - { knowledge: service-record, to: [payer] }

  - day: 24
    patient: pere
    actor: dr-serra
    activity: gp-visit
    note: Dr Serra sees Pere for his blood pressure. She does not know he has been on oxygen for a week.
    question: What could go wrong in a visit like this when the GP does not know about the oxygen?

  - day: 31
    patient: maria
    actor: laia
    activity: nurse-visit
    produces:
      - { knowledge: hour-meter, value: "1.5 h/day" }
      - { knowledge: home-obs, value: "SpO2 95% on room air at rest; walks to the market without oxygen" }
    note: Maria barely uses the oxygen and her saturation is normal without it. Only the company knows.

  - day: 32
    patient: pere
    actor: contracts
    activity: pay-invoice
    note: CatSalut pays for Pere's oxygen. The payer knows he is on oxygen; his GP still does not.

  - day: 36
    patient: joan
    actor: dr-puig
    activity: gp-visit
    note: >-
      Dr Puig has the hospital report but not the hour meter or the smoking. He renews
      Joan's inhalers and believes the oxygen is going fine.
    question: What would Dr Puig have done differently with Laia's reading in front of him?

  # Act 3: a phone call nobody designed
  - day: 38
    patient: joan
    actor: marc
    activity: phone-gp
    sends:
      - { knowledge: hour-meter, to: [primary] }
      - { knowledge: home-obs, to: [primary] }
    note: >-
      Servicing the concentrator, Marc smells smoke and sees the low hour count. No protocol
      asks him to, but he phones Dr Puig.
    question: Is this phone call part of Marc's job? Who would know it happened?

  - day: 42
    patient: joan
    actor: dr-puig
    activity: adherence-visit
    produces:
      - { knowledge: gp-note, value: "Uses 9 h/day, still smokes. Agreed goal 16 h/day; joined the stop-smoking group." }
    sends:
      - { knowledge: gp-note, to: [hospital] }
      - { knowledge: hour-meter, to: [hospital] }
      - { knowledge: home-obs, to: [hospital] }

  - day: 46
    patient: pere
    actor: laia
    activity: nurse-visit
    produces:
      - { knowledge: hour-meter, value: "16 h/day" }
      - { knowledge: home-obs, value: "Ankle swelling, more breathless; SpO2 86% on 2 L/min" }

  - day: 49
    patient: pere
    actor: marc
    activity: phone-gp
    sends:
      - { knowledge: rx, to: [primary] }
      - { knowledge: hour-meter, to: [primary] }
      - { knowledge: home-obs, to: [primary] }
    note: >-
      Laia is worried about Pere's swollen ankles. Marc knows the health centre, so he calls
      Dr Serra, who learns only now that Pere is on oxygen. The same kind of call has now
      happened for two patients.
    question: A habit is forming. Should it stay informal, or be written down? What would be lost either way?

  - day: 50
    patient: pere
    actor: dr-serra
    activity: refer
    produces:
      - { knowledge: referral, value: "Early review please: ankle swelling, SpO2 86% on 2 L/min (home nurse)" }
    sends:
      - { knowledge: referral, to: [hospital] }
      - { knowledge: hour-meter, to: [hospital] }
      - { knowledge: home-obs, to: [hospital] }

  - day: 53
    patient: pere
    actor: lung-lab
    activity: lung-tests
    produces:
      - { knowledge: blood-gas, value: "PaO2 50 mmHg on room air; haematocrit 56%" }

  - day: 56
    patient: pere
    actor: dr-vidal
    activity: review-o2
    consumes: [hour-meter, home-obs]
    produces:
      - { knowledge: rx, value: "2.5 L/min, at least 18 h/day" }
      - { knowledge: report, value: "Early review: signs of right heart strain, PaO2 50 mmHg. Oxygen raised to 2.5 L/min, at least 18 h/day; diuretic started." }
    sends:
      - { knowledge: rx, to: [company, primary] }
      - { knowledge: report, to: [primary] }
    note: >-
      The first report Dr Serra receives about Pere's oxygen is this one, on day 56, and
      only because of the phone call. The report due by day 31 was never written.
    question: What made this report get written when the first one was not?

  - day: 57
    patient: pere
    actor: marc
    activity: adjust-flow

  # Act 4: the review nobody owned
  - day: 91
    patient: joan
    actor: lung-lab
    activity: lung-tests
    produces:
      - { knowledge: blood-gas, value: "PaO2 53 mmHg on room air, stable" }

  - at: 2024-04-11T09:00:00Z
    patient: maria
    event: Her oxygen review was due yesterday; nobody has booked it
    note: >-
      Nothing happened yesterday, and that is the point. The discharge letter said "review in 3
      months" but named nobody, so no one's diary has Maria in it.
    question: Who, in this room, would have noticed today? How?

  - day: 95
    patient: joan
    actor: dr-vidal
    activity: review-o2
    consumes: [gp-note, hour-meter]
    produces:
      - { knowledge: rx, value: "Continue 2 L/min, at least 16 h/day; next review in 6 months" }
      - { knowledge: report, value: "90-day review: PaO2 53 mmHg, oxygen still indicated. Low use and smoking noted; continue." }
    sends:
      - { knowledge: rx, to: [company, primary] }
      - { knowledge: report, to: [primary] }
    note: >-
      Joan's review happens on time, with the GP's note. Maria's review was due two days ago,
      and nobody noticed.
    question: Joan's review had an owner and Maria's did not. What else was different?

  - day: 100
    patient: maria
    actor: dr-puig
    activity: gp-visit
    note: >-
      Dr Puig sees Maria for a cold. The oxygen is the hospital's business, he assumes; they
      said "review in 3 months".
    question: The hospital thinks the GP will ask for the review, and the GP thinks the hospital will do it. How would either side find out?

  - day: 127
    patient: maria
    actor: nuria
    activity: usage-audit
    consumes: [hour-meter]
    note: Núria's quarterly report shows Maria at 1.5 h/day since February. She asks Marc to call the GP.

  - day: 129
    patient: maria
    actor: marc
    activity: phone-gp
    sends:
      - { knowledge: hour-meter, to: [primary] }
      - { knowledge: home-obs, to: [primary] }

  - day: 130
    patient: maria
    actor: dr-puig
    activity: refer
    produces:
      - { knowledge: referral, value: "Please re-evaluate oxygen: SpO2 95% on room air, uses 1.5 h/day" }
    sends:
      - { knowledge: referral, to: [hospital] }
      - { knowledge: hour-meter, to: [hospital] }
      - { knowledge: home-obs, to: [hospital] }

  - day: 136
    patient: maria
    actor: lung-lab
    activity: lung-tests
    produces:
      - { knowledge: blood-gas, value: "PaO2 76 mmHg on room air" }

  - day: 140
    patient: maria
    actor: dr-vidal
    activity: stop-o2
    consumes: [hour-meter, home-obs]
    produces:
      - { knowledge: rx, value: "Stop oxygen; remove the equipment" }
      - { knowledge: report, value: "Re-evaluation: PaO2 76 mmHg on room air. Oxygen no longer indicated; stopped." }
    sends:
      - { knowledge: rx, to: [company, primary] }
      - { knowledge: report, to: [primary] }
    note: >-
      Maria's oxygen is stopped on day 140; her review was due by day 93. The 46 days in
      between cost 239.20 EUR at 5.20 EUR a day, for one patient, with no benefit to her.
    question: How many Marias are there in your area right now? How would you find them?

  - day: 141
    patient: maria
    actor: marc
    activity: remove-equipment
    produces:
      - { knowledge: service-record, value: "Equipment removed; service ends day 141" }
    sends:
      - { knowledge: service-record, to: [payer] }

  # Act 5: making the new routine official
  - day: 149
    actors: [nuria, dr-puig]
    activity: agree-protocol
    formalizes: tech-calls-gp
    note: >-
      At a meeting of the partners, Núria for Oxigen Llar and Dr Puig for the health centre
      agree: the technician calls the GP when use is under 15 h/day or the clinical picture
      changes, and the GP sees the patient within a week. What Marc started on his own is
      now part of the design.
    question: What does writing it down gain, and what could it cost?
"""#
}
