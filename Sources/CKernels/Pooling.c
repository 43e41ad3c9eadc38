// Global average pooling over channels-last samples.
#pragma STDC FP_CONTRACT OFF
#include "Kernels.h"

NN_CLONES void nn_global_average_forward(
    const float *restrict x, float *restrict y, size_t rows, size_t positions, size_t channels) {
  float scale = 1 / (float)positions;
  for (size_t r = 0; r < rows; r++) {
    const float *sample = x + r * positions * channels;
    float *yr = y + r * channels;
    for (size_t j = 0; j < channels; j++) yr[j] = sample[j];
    for (size_t p = 1; p < positions; p++) {
      const float *xp = sample + p * channels;
      for (size_t j = 0; j < channels; j++) yr[j] += xp[j];
    }
    for (size_t j = 0; j < channels; j++) yr[j] *= scale;
  }
}

NN_CLONES void nn_global_average_backward(
    const float *restrict g, float *restrict dx, size_t rows, size_t positions, size_t channels) {
  float scale = 1 / (float)positions;
  for (size_t r = 0; r < rows; r++) {
    const float *gr = g + r * channels;
    float *sample = dx + r * positions * channels;
    for (size_t p = 0; p < positions; p++) {
      float *dp = sample + p * channels;
      for (size_t j = 0; j < channels; j++) dp[j] = gr[j] * scale;
    }
  }
}
