// The optimisers' updates: each element on its own, so any vector width gives the same numbers.
#pragma STDC FP_CONTRACT OFF
#include "Kernels.h"

NN_CLONES void nn_sgd(float *restrict p, const float *restrict g, size_t count, float lr) {
  for (size_t i = 0; i < count; i++) p[i] -= lr * g[i];
}

NN_CLONES void nn_sgd_momentum(
    float *restrict p, const float *restrict g, float *restrict buffer, size_t count, float lr,
    float momentum, bool nesterov) {
  for (size_t i = 0; i < count; i++) {
    float gi = g[i];
    float b = nn_flushing_tiny(momentum * buffer[i] + gi);
    buffer[i] = b;
    p[i] = p[i] - lr * (nesterov ? gi + momentum * b : b);
  }
}

NN_CLONES void nn_scale(float *restrict p, size_t count, float factor) {
  for (size_t i = 0; i < count; i++) p[i] *= factor;
}

// PyTorch's Adam: p −= step_size · m / (√v · inverse_root + eps).
NN_CLONES void nn_adam(
    float *restrict p, const float *restrict g, float *restrict m, float *restrict v, size_t count,
    float step_size, float inverse_root, float beta2, float keep1, float keep2, float eps) {
  for (size_t i = 0; i < count; i++) {
    float gi = g[i];
    float mi = m[i];
    mi = nn_flushing_tiny(mi + keep1 * (gi - mi));
    float vi = nn_flushing_tiny(beta2 * v[i] + keep2 * gi * gi);
    m[i] = mi;
    v[i] = vi;
    p[i] = p[i] - step_size * (mi / (__builtin_elementwise_sqrt(vi) * inverse_root + eps));
  }
}

NN_CLONES void nn_rmsprop(
    float *restrict p, const float *restrict g, float *restrict square, float *restrict buffer,
    size_t count, float lr, float alpha,
    float eps, float momentum) {
  for (size_t i = 0; i < count; i++) {
    float gi = g[i];
    float s = nn_flushing_tiny(alpha * square[i] + (1 - alpha) * gi * gi);
    square[i] = s;
    float step = gi / (__builtin_elementwise_sqrt(s) + eps);
    if (buffer) {
      step = nn_flushing_tiny(momentum * buffer[i] + step);
      buffer[i] = step;
    }
    p[i] = p[i] - lr * step;
  }
}

NN_CLONES void nn_adagrad(
    float *restrict p, const float *restrict g, float *restrict sum, size_t count, float lr,
    float eps) {
  for (size_t i = 0; i < count; i++) {
    float gi = g[i];
    float s = sum[i] + gi * gi;
    sum[i] = s;
    p[i] = p[i] - lr * (gi / (__builtin_elementwise_sqrt(s) + eps));
  }
}
