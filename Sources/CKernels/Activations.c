// The activations whose loops are plain arithmetic; those that call exp, erf or tanh stay in
// Swift, where the call keeps the loop scalar on any CPU.
#pragma STDC FP_CONTRACT OFF
#include "Kernels.h"

// The element loop of a forward pass, with f (of z) inlined into each clone. It works in place
// on output, so that output, bias and input never overlap. A row is one vector at a time, not
// several interleaved: rows are often as short as a convolution's 32 filters.
#define NN_FORWARD(f)                                                            \
  size_t n = rows * columns;                                                     \
  if (source != output) __builtin_memmove(output, source, n * sizeof(float));    \
  if (!bias) {                                                                   \
    if (input) __builtin_memcpy(input, output, n * sizeof(float));               \
    for (size_t i = 0; i < n; i++) {                                             \
      float z = output[i];                                                       \
      output[i] = f;                                                             \
    }                                                                            \
    return;                                                                      \
  }                                                                              \
  for (size_t r = 0; r < rows; r++) {                                            \
    float *o = output + r * columns;                                             \
    if (input) {                                                                 \
      float *zr = input + r * columns;                                           \
      _Pragma("clang loop interleave_count(1)")                                  \
      for (size_t j = 0; j < columns; j++) {                                     \
        zr[j] = o[j] + bias[j];                                                  \
        float z = zr[j];                                                         \
        o[j] = f;                                                                \
      }                                                                          \
    } else {                                                                     \
      _Pragma("clang loop interleave_count(1)")                                  \
      for (size_t j = 0; j < columns; j++) {                                     \
        float z = o[j] + bias[j];                                                \
        o[j] = f;                                                                \
      }                                                                          \
    }                                                                            \
  }

// max(z, 0) as Swift's max(z, 0) computes it: 0 >= z ? 0 : z (NaN stays NaN).
NN_CLONES void nn_relu_forward(
    const float *source, const float *restrict bias, float *restrict output, float *restrict input,
    size_t rows, size_t columns) {
  NN_FORWARD(0.0f >= z ? 0.0f : z)
}

NN_CLONES void nn_leaky_relu_forward(
    const float *source, const float *restrict bias, float *restrict output, float *restrict input,
    size_t rows, size_t columns, float alpha) {
  NN_FORWARD(z > 0 ? z : alpha * z)
}

NN_CLONES void nn_linear_forward(
    const float *source, const float *restrict bias, float *restrict output, float *restrict input,
    size_t rows, size_t columns) {
  NN_FORWARD(z)
}

NN_CLONES void nn_relu_backward(float *restrict g, const float *restrict a, size_t count) {
  for (size_t i = 0; i < count; i++) {
    float gi = g[i], ai = a[i];
    g[i] = ai > 0 ? gi : 0.0f;
  }
}

NN_CLONES void nn_leaky_relu_backward(
    float *restrict g, const float *restrict a, size_t count, float alpha) {
  for (size_t i = 0; i < count; i++) {
    float gi = g[i], ai = a[i];
    g[i] = ai > 0 ? gi : alpha * gi;
  }
}

NN_CLONES void nn_elu_backward(float *restrict g, const float *restrict a, size_t count) {
  for (size_t i = 0; i < count; i++) {
    float gi = g[i], ai = a[i];
    g[i] = ai > 0 ? gi : gi * (ai + 1);
  }
}

NN_CLONES void nn_selu_backward(
    float *restrict g, const float *restrict a, size_t count, float scale, float alpha) {
  for (size_t i = 0; i < count; i++) {
    float gi = g[i], ai = a[i];
    g[i] = ai > 0 ? gi * scale : gi * (ai + alpha);
  }
}

NN_CLONES void nn_sigmoid_backward(float *restrict g, const float *restrict a, size_t count) {
  for (size_t i = 0; i < count; i++) {
    float gi = g[i], ai = a[i];
    g[i] = gi * (ai * (1 - ai));
  }
}

NN_CLONES void nn_tanh_backward(float *restrict g, const float *restrict a, size_t count) {
  for (size_t i = 0; i < count; i++) {
    float gi = g[i], ai = a[i];
    g[i] = gi * (1 - ai * ai);
  }
}
