// OpenBLAS's C interface (Debian's libopenblas-dev), for matrix products in NNCore.
#include <cblas.h>

// The thread count is a process-wide setting of OpenBLAS.
void openblas_set_num_threads(int num_threads);
int openblas_get_num_threads(void);
