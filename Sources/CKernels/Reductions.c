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

NN_CLONES void nn_column_sums(
    const float *restrict x, size_t rows, size_t columns, float *restrict sums) {
  for (size_t j = 0; j < columns; j++) sums[j] = x[j];
  // Four rows a pass, added to each sum in row order: a quarter of the loads and stores of
  // the sums, for the narrow matrices (a convolution's filters) where they are most of the work.
  size_t r = 1;
  for (; r + 4 <= rows; r += 4) {
    const float *a = x + r * columns, *b = a + columns, *c = b + columns, *d = c + columns;
    for (size_t j = 0; j < columns; j++) sums[j] = sums[j] + a[j] + b[j] + c[j] + d[j];
  }
  for (; r < rows; r++) {
    const float *row = x + r * columns;
    for (size_t j = 0; j < columns; j++) sums[j] += row[j];
  }
}

NN_CLONES void nn_add(const float *restrict from, float *restrict to, size_t count) {
  for (size_t i = 0; i < count; i++) to[i] += from[i];
}
