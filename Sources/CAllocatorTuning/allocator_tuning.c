#include "allocator_tuning.h"
#include <malloc.h>

int alliance_tune_allocator(long top_pad_bytes) {
#if defined(M_TOP_PAD)
    if (top_pad_bytes <= 0) return 0;
    return mallopt(M_TOP_PAD, (int)(top_pad_bytes > 0x7fffffffL ? 0x7fffffffL : top_pad_bytes)) == 1;
#else
    (void)top_pad_bytes;
    return 0;
#endif
}
