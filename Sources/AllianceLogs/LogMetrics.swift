/// What to compute on a log (see `LogMetrics.compute`).
public struct LogMetricsOptions: Sendable, Equatable {
    /// The fall factor of indirect succession.
    public var beta: Double
    /// The largest distance counted by indirect succession; nil: none, as PM4Py.
    public var depthCap: Int?
    /// The n of the n-gram routines.
    public var ngramSizes: [Int]
    /// The n-grams kept per n (and the routineness's "most frequent"); also the number of
    /// pairs listed in text, Markdown and HTML (JSON carries every pair).
    public var topK: Int

    public init(beta: Double = 0.5, depthCap: Int? = nil, ngramSizes: [Int] = [2, 3, 4], topK: Int = 10) {
        self.beta = beta
        self.depthCap = depthCap
        self.ngramSizes = ngramSizes
        self.topK = topK
    }
}

/// The social-network metrics of one kind of performer (partners or resources).
public struct PerformerMetrics: Sendable, Equatable {
    public var performer: LogPerformer
    /// The performers, as the log's name table.
    public var names: [String]
    public var eventsWithoutPerformer: Int
    public var handover: PairMetric
    public var handoverCases: PairMetric
    public var handoverIndirect: PairMetric
    public var workingTogether: PairMetric
}

/// Every process-mining metric of a log, computed once for the reports.
///
/// ```swift
/// let metrics = LogMetrics.compute(log)
/// print(LogMetricsReport.text(metrics))
/// ```
public struct LogMetrics: Sendable, Equatable {
    public var source: String
    public var events: Int
    public var cases: Int
    public var options: LogMetricsOptions
    /// Partners then resources; a kind the log does not carry at all (no value on any
    /// event) is left out and named in `absent`.
    public var performers: [PerformerMetrics]
    public var absent: [LogPerformer]
    /// One per n of `options.ngramSizes`.
    public var routines: [Routines]

    public static func compute(_ log: EventLog, options: LogMetricsOptions = LogMetricsOptions()) -> LogMetrics {
        let order = log.caseOrder()
        var performers: [PerformerMetrics] = []
        var absent: [LogPerformer] = []
        for performer in LogPerformer.allCases {
            let names = performer.names(of: log)
            guard !names.isEmpty else {
                absent.append(performer)
                continue
            }
            let handover = HandoverOfWork.direct(log, by: performer, order: order)
            performers.append(PerformerMetrics(
                performer: performer, names: names, eventsWithoutPerformer: handover.eventsWithoutPerformer,
                handover: handover,
                handoverCases: HandoverOfWork.directCases(log, by: performer, order: order),
                handoverIndirect: HandoverOfWork.indirect(
                    log, by: performer, beta: options.beta, depthCap: options.depthCap, order: order),
                workingTogether: WorkingTogether.compute(log, by: performer, order: order)))
        }
        let routines = options.ngramSizes.map { Routines.compute(log, n: $0, k: options.topK, order: order) }
        return LogMetrics(
            source: log.source, events: log.count, cases: log.cases.count, options: options,
            performers: performers, absent: absent, routines: routines)
    }
}
