import CAllocatorTuning

/// A process-wide setting of the C allocator for programs that load big cases. The core never
/// calls it: the `alliance` command does, first thing, and so do the benchmarks, so that their
/// figures are the command's.
///
/// Why: loading a case builds a large YAML tree, frees it, then builds the analysis. With
/// glibc's defaults the freed memory is handed back to the kernel and the analysis faults the
/// same pages in again, one by one; on a 300,000-step case that made the analysis 3.5 times
/// slower per step than on a 100,000-step one. A top pad of 256 MB makes the heap grow in big
/// steps and keeps what it has: address space, not resident memory (untouched pages cost
/// nothing). `ALLIANCE_MALLOC_DEFAULTS=1` leaves the allocator as it is (to measure the
/// difference).
public enum AllocatorTuning {
    public static let topPadBytes = 256 << 20

    /// Applies the setting unless the environment opts out; whether it was applied.
    @discardableResult
    public static func apply(environment: [String: String]) -> Bool {
        guard environment["ALLIANCE_MALLOC_DEFAULTS"] != "1" else { return false }
        return alliance_tune_allocator(topPadBytes) == 1
    }
}
