// One step of a recurrent cell over a whole batch, forward and backward. The gates' sigmoid and
// tanh are computed here in plain arithmetic (Cephes' single-precision polynomials) rather than
// by calls to libm, which would keep the loops scalar: a recurrent layer's steps spend most of
// their time in them otherwise. Like every kernel here, each element goes through the same
// operations at any vector width, so the numbers are the same on every CPU.
#pragma STDC FP_CONTRACT OFF
#include "Kernels.h"

// Round to the nearest integer by adding and taking away 1.5·2²³ (|x| < 2²²): floorf and
// rintf are calls on baseline x86-64, which has no rounding instruction.
static inline float nn_round(float x) {
  const float magic = 12582912.0f;
  return (x + magic) - magic;
}

static inline float nn_bits_to_float(int bits) {
  float f;
  __builtin_memcpy(&f, &bits, sizeof f);
  return f;
}

// e^x to within about 2 ulp, as Cephes' expf: x = n·ln 2 + r with |r| ≤ ln 2 / 2, a degree-6
// polynomial in r, scaled by 2^n through the exponent bits. x is clamped to [−87, 88], where 2^n
// is a normal number and e^x finite; a NaN stays NaN (both comparisons are false).
static inline float nn_exp(float x) {
  x = x > 88.0f ? 88.0f : x;
  x = x < -87.0f ? -87.0f : x;
  float n = nn_round(x * 1.44269504088896341f);
  // ln 2 in two parts, so that n times the first is exact.
  float r = (x - n * 0.693359375f) - n * -2.12194440e-4f;
  float p = 1.9875691500e-4f;
  p = p * r + 1.3981999507e-3f;
  p = p * r + 8.3334519073e-3f;
  p = p * r + 4.1665795894e-2f;
  p = p * r + 1.6666665459e-1f;
  p = p * r + 5.0000001201e-1f;
  p = (p * (r * r) + r) + 1.0f;
  return p * nn_bits_to_float(((int)n + 127) << 23);
}

static inline float nn_sigmoid(float x) { return 1.0f / (1.0f + nn_exp(-x)); }

// tanh as Cephes' tanhf: an odd polynomial below 0.625 in magnitude, 1 − 2/(e^{2|x|} + 1) above
// (|x| clamped to 9, past which tanh is 1 in Float32), with x's sign.
static inline float nn_tanh(float x) {
  float magnitude = x < 0 ? -x : x;
  float z = x * x;
  float p = -5.70498872745e-3f;
  p = p * z + 2.06390887954e-2f;
  p = p * z - 5.37397155531e-2f;
  p = p * z + 1.33314422036e-1f;
  p = p * z - 3.33332819422e-1f;
  float small = (p * z) * x + x;
  float clamped = magnitude > 9.0f ? 9.0f : magnitude;
  float large = 1.0f - 2.0f / (nn_exp(clamped + clamped) + 1.0f);
  large = x < 0 ? -large : large;
  return magnitude < 0.625f ? small : large;
}

// The activations of a block of gates from their pre-activations without the biases, in place:
// simple loops over contiguous values, each with few constants live, so that they stay in
// registers.
static inline void nn_sigmoid_gates(
    float *restrict z, const float *restrict bias_ih, const float *restrict bias_hh, size_t count) {
  for (size_t j = 0; j < count; j++) z[j] = nn_sigmoid((z[j] + bias_ih[j]) + bias_hh[j]);
}

static inline void nn_tanh_gates(
    float *restrict z, const float *restrict bias_ih, const float *restrict bias_hh, size_t count) {
  for (size_t j = 0; j < count; j++) z[j] = nn_tanh((z[j] + bias_ih[j]) + bias_hh[j]);
}

// tanh c and h = o ⊙ tanh c. The pointers are the parameters of a function of their own, as
// restrict: c and tanh c are rows of one buffer, which would otherwise make the loop check at
// run time that they do not overlap, and fall back to scalar code.
static inline void nn_lstm_state(
    const float *restrict c, float *restrict tc, const float *restrict o, float *restrict h,
    size_t n) {
  for (size_t j = 0; j < n; j++) {
    tc[j] = nn_tanh(c[j]);
    h[j] = o[j] * tc[j];
  }
}

// A gru's n gate, in place of its x·W_inᵀ (for restrict, as above).
static inline void nn_gru_candidate(
    float *restrict candidate, const float *restrict reset, const float *restrict hn,
    const float *restrict bias_ih, size_t n) {
  for (size_t j = 0; j < n; j++) {
    candidate[j] = nn_tanh((candidate[j] + bias_ih[j]) + reset[j] * hn[j]);
  }
}

NN_CLONES void nn_rnn_forward(
    const float *restrict z, const float *restrict bias_ih, const float *restrict bias_hh,
    float *restrict h, size_t rows, size_t units, bool relu) {
  for (size_t r = 0; r < rows; r++) {
    const float *zr = z + r * units;
    float *hr = h + r * units;
    if (relu) {
      for (size_t j = 0; j < units; j++) {
        float v = (zr[j] + bias_ih[j]) + bias_hh[j];
        hr[j] = 0.0f >= v ? 0.0f : v;
      }
    } else {
      for (size_t j = 0; j < units; j++) hr[j] = nn_tanh((zr[j] + bias_ih[j]) + bias_hh[j]);
    }
  }
}

NN_CLONES void nn_rnn_backward(
    const float *restrict dh, const float *restrict h, float *restrict da, size_t count, bool relu) {
  for (size_t i = 0; i < count; i++) {
    float derivative = relu ? (h[i] > 0 ? 1.0f : 0.0f) : 1.0f - h[i] * h[i];
    da[i] = dh[i] * derivative;
  }
}

NN_CLONES void nn_lstm_forward(
    float *restrict gates, const float *restrict bias_ih, const float *restrict bias_hh,
    const float *restrict previous_cache, float *restrict cache, float *restrict h, size_t rows,
    size_t n) {
  for (size_t r = 0; r < rows; r++) {
    float *i = gates + r * 4 * n, *f = i + n, *g = i + 2 * n, *o = i + 3 * n;
    float *c = cache + r * 2 * n, *tc = c + n, *hr = h + r * n;
    // i and f, then g, then o.
    nn_sigmoid_gates(i, bias_ih, bias_hh, 2 * n);
    nn_tanh_gates(g, bias_ih + 2 * n, bias_hh + 2 * n, n);
    nn_sigmoid_gates(o, bias_ih + 3 * n, bias_hh + 3 * n, n);
    if (previous_cache) {
      const float *previous = previous_cache + r * 2 * n;
      for (size_t j = 0; j < n; j++) c[j] = f[j] * previous[j] + i[j] * g[j];
    } else {
      for (size_t j = 0; j < n; j++) c[j] = i[j] * g[j];
    }
    nn_lstm_state(c, tc, o, hr, n);
  }
}

// One row of an lstm's backward step, each gate's block a restrict pointer of its own (as for
// nn_lstm_state): the gates' values are read and their gradients written in their place.
static inline void nn_lstm_row_backward(
    const float *restrict dh, float *restrict i, float *restrict f, float *restrict g,
    float *restrict o, const float *restrict tc, const float *restrict previous,
    float *restrict dc, size_t n) {
  for (size_t j = 0; j < n; j++) {
    float ij = i[j], fj = f[j], gj = g[j], oj = o[j], tcj = tc[j];
    float dcj = dc[j] + dh[j] * oj * (1 - tcj * tcj);
    i[j] = dcj * gj * ij * (1 - ij);
    f[j] = previous ? dcj * previous[j] * fj * (1 - fj) : 0.0f;
    g[j] = dcj * ij * (1 - gj * gj);
    o[j] = dh[j] * tcj * oj * (1 - oj);
    dc[j] = dcj * fj;
  }
}

NN_CLONES void nn_lstm_backward(
    const float *restrict dh, float *restrict gates, const float *restrict cache,
    const float *restrict previous_cache, float *restrict dc, size_t rows, size_t n) {
  for (size_t r = 0; r < rows; r++) {
    float *gr = gates + r * 4 * n;
    nn_lstm_row_backward(
        dh + r * n, gr, gr + n, gr + 2 * n, gr + 3 * n, cache + r * 2 * n + n,
        previous_cache ? previous_cache + r * 2 * n : NULL, dc + r * n, n);
  }
}

NN_CLONES void nn_gru_forward(
    float *restrict gates, const float *restrict b, const float *restrict bias_ih,
    const float *restrict bias_hh, const float *restrict previous, float *restrict cache,
    float *restrict h, size_t rows, size_t n) {
  for (size_t r = 0; r < rows; r++) {
    float *reset = gates + r * 3 * n, *update = reset + n, *candidate = reset + 2 * n;
    float *hn = cache + r * n, *hr = h + r * n;
    if (b) {
      const float *br = b + r * 3 * n;
      for (size_t j = 0; j < 2 * n; j++) {
        reset[j] = nn_sigmoid((reset[j] + bias_ih[j]) + (br[j] + bias_hh[j]));
      }
      for (size_t j = 0; j < n; j++) hn[j] = br[2 * n + j] + bias_hh[2 * n + j];
    } else {
      nn_sigmoid_gates(reset, bias_ih, bias_hh, 2 * n);
      for (size_t j = 0; j < n; j++) hn[j] = bias_hh[2 * n + j];
    }
    nn_gru_candidate(candidate, reset, hn, bias_ih + 2 * n, n);
    if (previous) {
      const float *pr = previous + r * n;
      for (size_t j = 0; j < n; j++) hr[j] = (1 - update[j]) * candidate[j] + update[j] * pr[j];
    } else {
      for (size_t j = 0; j < n; j++) hr[j] = (1 - update[j]) * candidate[j];
    }
  }
}

// One row of a gru's backward step (restrict pointers as for nn_lstm_row_backward).
static inline void nn_gru_row_backward(
    const float *restrict dh, float *restrict reset, float *restrict update,
    float *restrict candidate, const float *restrict hn, const float *restrict previous,
    float *restrict db_reset, float *restrict db_update, float *restrict db_candidate,
    float *restrict previous_gradient, size_t n) {
  for (size_t j = 0; j < n; j++) {
    float rj = reset[j], zj = update[j], nj = candidate[j];
    float dn = dh[j] * (1 - zj) * (1 - nj * nj);
    float dr = dn * hn[j] * rj * (1 - rj);
    float dz = dh[j] * ((previous ? previous[j] : 0.0f) - nj) * zj * (1 - zj);
    reset[j] = dr;
    update[j] = dz;
    candidate[j] = dn;
    db_reset[j] = dr;
    db_update[j] = dz;
    db_candidate[j] = dn * rj;
    previous_gradient[j] = dh[j] * zj;
  }
}

NN_CLONES void nn_gru_backward(
    const float *restrict dh, float *restrict gates, const float *restrict cache,
    const float *restrict previous, float *restrict db, float *restrict previous_gradient,
    size_t rows, size_t n) {
  for (size_t r = 0; r < rows; r++) {
    float *gr = gates + r * 3 * n, *dbr = db + r * 3 * n;
    nn_gru_row_backward(
        dh + r * n, gr, gr + n, gr + 2 * n, cache + r * n, previous ? previous + r * n : NULL, dbr,
        dbr + n, dbr + 2 * n, previous_gradient + r * n, n);
  }
}
