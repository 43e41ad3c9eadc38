// Reductions and sums over Float32 vectors.
#pragma STDC FP_CONTRACT OFF
#include "Kernels.h"

NN_CLONES float nn_sum_of_squares(const float *x, size_t count) {
  nn_lanes partial = {0};
  size_t i = 0;
  for (; i + 16 <= count; i += 16) {
    nn_lanes v;
    nn_load(&v, x + i);
    partial += v * v;
  }
  float sum = nn_lane_sum(&partial);
  for (; i < count; i++) sum += x[i] * x[i];
  return sum;
}

NN_CLONES float nn_squared_distance(const float *x, const float *y, size_t count) {
  nn_lanes partial = {0};
  size_t i = 0;
  for (; i + 16 <= count; i += 16) {
    nn_lanes a, b;
    nn_load(&a, x + i);
    nn_load(&b, y + i);
    nn_lanes d = a - b;
    partial += d * d;
  }
  float sum = nn_lane_sum(&partial);
  for (; i < count; i++) {
    float d = x[i] - y[i];
    sum += d * d;
  }
  return sum;
}

// x − x is 0 for finite x and NaN otherwise; summing keeps the loop branch-free.
NN_CLONES bool nn_all_finite(const float *x, size_t count) {
  nn_lanes partial = {0};
  size_t i = 0;
  for (; i + 16 <= count; i += 16) {
    nn_lanes v;
    nn_load(&v, x + i);
    partial += v - v;
  }
  float sum = nn_lane_sum(&partial);
  for (; i < count; i++) sum += x[i] - x[i];
  return sum == 0;
}

NN_CLONES void nn_column_sums(const float *x, size_t rows, size_t columns, float *sums) {
  for (size_t j = 0; j < columns; j++) sums[j] = x[j];
  for (size_t r = 1; r < rows; r++) {
    const float *row = x + r * columns;
    for (size_t j = 0; j < columns; j++) sums[j] += row[j];
  }
}

NN_CLONES void nn_add(const float *from, float *to, size_t count) {
  for (size_t i = 0; i < count; i++) to[i] += from[i];
}
