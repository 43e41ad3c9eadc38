// What every kernel file shares.
#ifndef KERNELS_H
#define KERNELS_H

#include "CKernels.h"

// Each function is compiled for AVX-512, AVX2 and baseline x86-64, the widest the CPU has chosen
// when the program loads (through an ELF indirect function, which Linux's loader resolves); arm64
// has NEON in every CPU, its baseline.
#if defined(__x86_64__) && defined(__ELF__)
#define NN_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define NN_CLONES
#endif

// Sixteen Float32 lanes, as SIMD16<Float>. They go to and from functions by pointer: by value,
// their registers would depend on the clone.
typedef float nn_lanes __attribute__((vector_size(64)));

static inline void nn_load(nn_lanes *v, const float *p) { __builtin_memcpy(v, p, sizeof *v); }

// The lanes added up in order from −0, as SIMD16<Float>.sum() does.
static inline float nn_lane_sum(const nn_lanes *v) {
  float sum = -0.0f;
  for (int k = 0; k < 16; k++) sum += (*v)[k];
  return sum;
}

// 0 for values below 1e-30 in magnitude, which would otherwise sink into subnormal numbers.
static inline float nn_flushing_tiny(float v) { return v > -1e-30f && v < 1e-30f ? 0.0f : v; }

#endif
