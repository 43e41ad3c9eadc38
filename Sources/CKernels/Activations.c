// The activations whose loops are plain arithmetic; those that call exp, erf or tanh stay in
// Swift, where the call keeps the loop scalar on any CPU.
#pragma STDC FP_CONTRACT OFF
#include "Kernels.h"

// The element loop of a forward pass, with f (of z) inlined into each clone. It works in place
// on output, which then holds no other pointer's elements, so the loops need no check that
// their pointers overlap other than the compiler's own against bias and input.
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
      for (size_t j = 0; j < columns; j++) {                                     \
        zr[j] = o[j] + bias[j];                                                  \
        float z = zr[j];                                                         \
        o[j] = f;                                                                \
      }                                                                          \
    } else {                                                                     \
      for (size_t j = 0; j < columns; j++) {                                     \
        float z = o[j] + bias[j];                                                \
        o[j] = f;                                                                \
      }                                                                          \
    }                                                                            \
  }

// max(z, 0) as Swift's max(z, 0) computes it: 0 >= z ? 0 : z (NaN stays NaN).
NN_CLONES void nn_relu_forward(
    const float *source, const float *bias, float *output, float *input, size_t rows, size_t columns) {
  NN_FORWARD(0.0f >= z ? 0.0f : z)
}

NN_CLONES void nn_leaky_relu_forward(
    const float *source, const float *bias, float *output, float *input, size_t rows, size_t columns,
    float alpha) {
  NN_FORWARD(z > 0 ? z : alpha * z)
}

NN_CLONES void nn_linear_forward(
    const float *source, const float *bias, float *output, float *input, size_t rows, size_t columns) {
  NN_FORWARD(z)
}

NN_CLONES void nn_relu_backward(float *g, const float *a, size_t count) {
  for (size_t i = 0; i < count; i++) {
    float gi = g[i], ai = a[i];
    g[i] = ai > 0 ? gi : 0.0f;
  }
}

NN_CLONES void nn_leaky_relu_backward(float *g, const float *a, size_t count, float alpha) {
  for (size_t i = 0; i < count; i++) {
    float gi = g[i], ai = a[i];
    g[i] = ai > 0 ? gi : alpha * gi;
  }
}

NN_CLONES void nn_elu_backward(float *g, const float *a, size_t count) {
  for (size_t i = 0; i < count; i++) {
    float gi = g[i], ai = a[i];
    g[i] = ai > 0 ? gi : gi * (ai + 1);
  }
}

NN_CLONES void nn_selu_backward(float *g, const float *a, size_t count, float scale, float alpha) {
  for (size_t i = 0; i < count; i++) {
    float gi = g[i], ai = a[i];
    g[i] = ai > 0 ? gi * scale : gi * (ai + alpha);
  }
}

NN_CLONES void nn_sigmoid_backward(float *g, const float *a, size_t count) {
  for (size_t i = 0; i < count; i++) {
    float gi = g[i], ai = a[i];
    g[i] = gi * (ai * (1 - ai));
  }
}

NN_CLONES void nn_tanh_backward(float *g, const float *a, size_t count) {
  for (size_t i = 0; i < count; i++) {
    float gi = g[i], ai = a[i];
    g[i] = gi * (1 - ai * ai);
  }
}
