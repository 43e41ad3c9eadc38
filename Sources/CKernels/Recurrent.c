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

// The activations of a block of gates, from pre-activations without their biases: simple loops
// over contiguous values, each with few constants live, so that they stay in registers.
static inline void nn_sigmoid_block(
    const float *restrict z, const float *restrict bias_ih, const float *restrict bias_hh,
    float *restrict out, size_t count) {
  for (size_t j = 0; j < count; j++) out[j] = nn_sigmoid((z[j] + bias_ih[j]) + bias_hh[j]);
}

static inline void nn_tanh_block(
    const float *restrict z, const float *restrict bias_ih, const float *restrict bias_hh,
    float *restrict out, size_t count) {
  for (size_t j = 0; j < count; j++) out[j] = nn_tanh((z[j] + bias_ih[j]) + bias_hh[j]);
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
      nn_tanh_block(zr, bias_ih, bias_hh, hr, units);
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
    const float *restrict z, const float *restrict bias_ih, const float *restrict bias_hh,
    const float *restrict previous_cache, float *restrict cache, float *restrict h, size_t rows,
    size_t n) {
  for (size_t r = 0; r < rows; r++) {
    const float *zr = z + r * 4 * n;
    float *cr = cache + r * 6 * n, *hr = h + r * n;
    // i and f, then g, then o.
    nn_sigmoid_block(zr, bias_ih, bias_hh, cr, 2 * n);
    nn_tanh_block(zr + 2 * n, bias_ih + 2 * n, bias_hh + 2 * n, cr + 2 * n, n);
    nn_sigmoid_block(zr + 3 * n, bias_ih + 3 * n, bias_hh + 3 * n, cr + 3 * n, n);
    const float *i = cr, *f = cr + n, *g = cr + 2 * n, *o = cr + 3 * n;
    float *c = cr + 4 * n, *tc = cr + 5 * n;
    if (previous_cache) {
      const float *previous = previous_cache + r * 6 * n + 4 * n;
      for (size_t j = 0; j < n; j++) c[j] = f[j] * previous[j] + i[j] * g[j];
    } else {
      for (size_t j = 0; j < n; j++) c[j] = i[j] * g[j];
    }
    for (size_t j = 0; j < n; j++) tc[j] = nn_tanh(c[j]);
    for (size_t j = 0; j < n; j++) hr[j] = o[j] * tc[j];
  }
}

NN_CLONES void nn_lstm_backward(
    const float *restrict dh, const float *restrict cache, const float *restrict previous_cache,
    float *restrict dc, float *restrict da, size_t rows, size_t n) {
  for (size_t r = 0; r < rows; r++) {
    const float *cr = cache + r * 6 * n, *dhr = dh + r * n;
    const float *previous = previous_cache ? previous_cache + r * 6 * n + 4 * n : NULL;
    float *dcr = dc + r * n, *dar = da + r * 4 * n;
    for (size_t j = 0; j < n; j++) {
      float i = cr[j], f = cr[n + j], g = cr[2 * n + j], o = cr[3 * n + j], tc = cr[5 * n + j];
      float dcj = dcr[j] + dhr[j] * o * (1 - tc * tc);
      dar[j] = dcj * g * i * (1 - i);
      dar[n + j] = previous ? dcj * previous[j] * f * (1 - f) : 0.0f;
      dar[2 * n + j] = dcj * i * (1 - g * g);
      dar[3 * n + j] = dhr[j] * tc * o * (1 - o);
      dcr[j] = dcj * f;
    }
  }
}

NN_CLONES void nn_gru_forward(
    const float *restrict a, const float *restrict b, const float *restrict bias_ih,
    const float *restrict bias_hh, const float *restrict previous, float *restrict cache,
    float *restrict h, size_t rows, size_t n) {
  for (size_t r = 0; r < rows; r++) {
    const float *ar = a + r * 3 * n;
    float *cr = cache + r * 4 * n, *hr = h + r * n;
    float *reset = cr, *update = cr + n, *candidate = cr + 2 * n, *hn = cr + 3 * n;
    if (b) {
      const float *br = b + r * 3 * n;
      for (size_t j = 0; j < 2 * n; j++) {
        cr[j] = nn_sigmoid((ar[j] + bias_ih[j]) + (br[j] + bias_hh[j]));
      }
      for (size_t j = 0; j < n; j++) hn[j] = br[2 * n + j] + bias_hh[2 * n + j];
    } else {
      nn_sigmoid_block(ar, bias_ih, bias_hh, cr, 2 * n);
      for (size_t j = 0; j < n; j++) hn[j] = bias_hh[2 * n + j];
    }
    for (size_t j = 0; j < n; j++) {
      candidate[j] = nn_tanh((ar[2 * n + j] + bias_ih[2 * n + j]) + reset[j] * hn[j]);
    }
    if (previous) {
      const float *pr = previous + r * n;
      for (size_t j = 0; j < n; j++) hr[j] = (1 - update[j]) * candidate[j] + update[j] * pr[j];
    } else {
      for (size_t j = 0; j < n; j++) hr[j] = (1 - update[j]) * candidate[j];
    }
  }
}

NN_CLONES void nn_gru_backward(
    const float *restrict dh, const float *restrict cache, const float *restrict previous,
    float *restrict da, float *restrict db, float *restrict previous_gradient, size_t rows,
    size_t n) {
  for (size_t r = 0; r < rows; r++) {
    const float *cr = cache + r * 4 * n, *dhr = dh + r * n;
    const float *pr = previous ? previous + r * n : NULL;
    float *dar = da + r * 3 * n, *dbr = db + r * 3 * n, *dpr = previous_gradient + r * n;
    for (size_t j = 0; j < n; j++) {
      float reset = cr[j], update = cr[n + j], candidate = cr[2 * n + j], hn = cr[3 * n + j];
      float dn = dhr[j] * (1 - update) * (1 - candidate * candidate);
      float dr = dn * hn * reset * (1 - reset);
      float dz = dhr[j] * ((pr ? pr[j] : 0.0f) - candidate) * update * (1 - update);
      dar[j] = dr;
      dar[n + j] = dz;
      dar[2 * n + j] = dn;
      dbr[j] = dr;
      dbr[n + j] = dz;
      dbr[2 * n + j] = dn * reset;
      dpr[j] = dhr[j] * update;
    }
  }
}
