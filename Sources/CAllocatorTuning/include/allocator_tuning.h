#ifndef ALLIANCE_ALLOCATOR_TUNING_H
#define ALLIANCE_ALLOCATOR_TUNING_H

/// Grows the C heap in large steps (glibc's M_TOP_PAD) so that a program which frees a big
/// structure and then builds another (a parsed case file, then its analysis) reuses the
/// pages it already has instead of giving them back and faulting them in again.
/// Returns 1 when the allocator took the setting, 0 otherwise.
int alliance_tune_allocator(long top_pad_bytes);

#endif
