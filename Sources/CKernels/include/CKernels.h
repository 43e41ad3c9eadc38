// The element-wise loops of NNCore's training, in C so that each is compiled several times over
// (AVX-512, AVX2 and baseline x86-64) and the widest the running CPU has is picked when the
// program loads: a build runs on any x86-64 or arm64 CPU and is still fast on a recent one.
// Each element goes through the same operations in the same order at any vector width, sums
// included (they keep sixteen partial sums whatever the CPU), and no multiply is fused with an
// add (the files turn FP_CONTRACT off), so the numbers are the same bit for bit on every CPU. No two
// pointers of a call overlap, but for an activation's source and output, which may be one.
#ifndef CKERNELS_H
#define CKERNELS_H

#include <stdbool.h>
#include <stddef.h>

// Reductions over Float32 vectors, each in sixteen partial sums added up in lane order at the
// end (as SIMD16<Float>.sum() does), then the elements past the last multiple of sixteen.
float nn_sum_of_squares(const float *x, size_t count);
float nn_squared_distance(const float *x, const float *y, size_t count);
/// Whether no element is infinite or NaN.
bool nn_all_finite(const float *x, size_t count);
/// The sum of each column of a row-major rows × columns matrix (rows ≥ 1) into sums.
void nn_column_sums(const float *x, size_t rows, size_t columns, float *sums);
/// to[i] += from[i].
void nn_add(const float *from, float *to, size_t count);

// Activations forward: output[r, j] = f(source[r, j] + bias[j]) (bias may be null), keeping
// source + bias in input when it is not null. source may be output itself.
void nn_relu_forward(
    const float *source, const float *bias, float *output, float *input, size_t rows, size_t columns);
void nn_leaky_relu_forward(
    const float *source, const float *bias, float *output, float *input, size_t rows, size_t columns,
    float alpha);
void nn_linear_forward(
    const float *source, const float *bias, float *output, float *input, size_t rows, size_t columns);

// Activations backward: g ← g ⊙ f′, from the output a = f(z).
void nn_relu_backward(float *g, const float *a, size_t count);
void nn_leaky_relu_backward(float *g, const float *a, size_t count, float alpha);
void nn_elu_backward(float *g, const float *a, size_t count);
void nn_selu_backward(float *g, const float *a, size_t count, float scale, float alpha);
void nn_sigmoid_backward(float *g, const float *a, size_t count);
void nn_tanh_backward(float *g, const float *a, size_t count);

// Optimiser updates over count parameters (a multiple of four, the buffers' zero padding
// included). State that decays geometrically is flushed to zero below 1e-30 in magnitude, so it
// never sinks into subnormal numbers, which cost the CPU a hundred cycles per operation.
void nn_sgd(float *p, const float *g, size_t count, float lr);
void nn_sgd_momentum(
    float *p, const float *g, float *buffer, size_t count, float lr, float momentum, bool nesterov);
void nn_scale(float *p, size_t count, float factor);
void nn_adam(
    float *p, const float *g, float *m, float *v, size_t count, float step_size, float inverse_root,
    float beta2, float keep1, float keep2, float eps);
/// buffer is null without momentum.
void nn_rmsprop(
    float *p, const float *g, float *square, float *buffer, size_t count, float lr, float alpha,
    float eps, float momentum);
void nn_adagrad(float *p, const float *g, float *sum, size_t count, float lr, float eps);

// Global average pooling of rows samples of positions × channels.
void nn_global_average_forward(
    const float *x, float *y, size_t rows, size_t positions, size_t channels);
void nn_global_average_backward(
    const float *g, float *dx, size_t rows, size_t positions, size_t channels);

// One step of a recurrent cell over a batch of rows (Recurrent.c), with the biases added here.
// gates holds the step's x·W_ihᵀ (plus h·W_hhᵀ for an lstm), rows × gates·units, and is
// overwritten with the gates' values: an lstm's i, f, g, o, a gru's r, z, n; a gru's b is its
// h·W_hhᵀ, kept apart as its n gate scales it (null at the first step, where the previous state
// is zero). The caches hold per row what else the backward pass reads: an lstm's c and tanh c, a
// gru's W_hn h + b_hn. The previous step's cache (lstm) or state (gru) is null at the first step.
// Backward overwrites the gates with the gradient with respect to their pre-activations (a
// gru's on the input side; db the hidden side's); an lstm replaces dc (dL/dc from the step
// after) with dL/dc of the previous step, and a gru writes the part of dL/dh of the previous
// step that bypasses W_hh. An rnn has no gates: z is x·W_ihᵀ + h·W_hhᵀ.
void nn_rnn_forward(
    const float *z, const float *bias_ih, const float *bias_hh, float *h, size_t rows, size_t units,
    bool relu);
void nn_rnn_backward(const float *dh, const float *h, float *da, size_t count, bool relu);
void nn_lstm_forward(
    float *gates, const float *bias_ih, const float *bias_hh, const float *previous_cache,
    float *cache, float *h, size_t rows, size_t units);
void nn_lstm_backward(
    const float *dh, float *gates, const float *cache, const float *previous_cache, float *dc,
    size_t rows, size_t units);
void nn_gru_forward(
    float *gates, const float *b, const float *bias_ih, const float *bias_hh, const float *previous,
    float *cache, float *h, size_t rows, size_t units);
void nn_gru_backward(
    const float *dh, float *gates, const float *cache, const float *previous, float *db,
    float *previous_gradient, size_t rows, size_t units);

// A hint to the CPU that the thread is spinning on a flag another thread will set
// (StepWorker's wait): it frees the core's shared resources for that thread a moment.
static inline void nn_spin_pause(void) {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#elif defined(__aarch64__)
  __asm__ __volatile__("yield");
#endif
}

#endif
