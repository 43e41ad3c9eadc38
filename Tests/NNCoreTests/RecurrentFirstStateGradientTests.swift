import Testing

@testable import NNCore

/// After `RecurrentDirection.backward`, its `step` scratch holds dL/dh_0, the gradient with respect
/// to each row's state after the direction's first step, everything through time included
/// (telemetry reads it for the gradient's norm through time). For a tanh rnn it gives the input
/// gradient at the first step's position: dL/dx = (dL/dh_0 ⊙ (1 − h_0²))·W_ih.
struct RecurrentFirstStateGradientTests {
  @Test(arguments: [false, true])
  func stepScratchHoldsTheFirstStatesGradient(_ reverse: Bool) {
    let (steps, features, units, rows) = (4, 2, 3, 2)
    let recurrent = Recurrent(.rnn(.tanh), units: units)
    let weights = units * (features + units)
    let parameters = FloatBuffer(count: weights + 2 * units)
    let gradients = FloatBuffer(count: weights + 2 * units)
    var random = SeededGenerator(seed: 3)
    func fill(_ buffer: FloatBuffer) {
      for i in 0..<buffer.count { buffer.pointer[i] = Float(random.nextUnit() * 2 - 1) }
    }
    fill(parameters)
    let direction = RecurrentDirection(
      reverse: reverse, recurrent: recurrent, steps: steps, features: features, weights: parameters.pointer,
      biases: parameters.pointer + weights, weightGradients: gradients.pointer,
      biasGradients: gradients.pointer + weights)
    direction.reserve(rows: rows)
    // Position-major, as the layer hands it over.
    let x = FloatBuffer(count: steps * rows * features)
    let outputGradient = FloatBuffer(count: steps * rows * units)
    fill(x)
    fill(outputGradient)
    let hidden = FloatBuffer(count: rows * units)
    direction.forward(x.pointer, rows: rows, hidden: hidden.pointer)
    let (next, cell, dh) = (
      FloatBuffer(count: rows * units), FloatBuffer(count: rows * units), FloatBuffer(count: rows * units)
    )
    let inputGradient = FloatBuffer(count: steps * rows * features)
    direction.backward(
      x.pointer, rows: rows,
      outputGradient: { step, into in
        into.update(from: outputGradient.pointer + step * rows * units, count: rows * units)
      },
      state: next.pointer, cell: cell.pointer, step: dh.pointer, inputGradient: inputGradient.pointer,
      accumulate: false)

    let first = direction.position(0)
    for r in 0..<rows {
      let h = direction.state(0, row: r, rows: rows)
      for f in 0..<features {
        var expected: Float = 0
        for k in 0..<units {
          expected += dh.pointer[r * units + k] * (1 - h[k] * h[k]) * parameters.pointer[k * features + f]
        }
        let got = inputGradient.pointer[(first * rows + r) * features + f]
        #expect(
          abs(got - expected) <= 1e-5 * max(1, abs(expected)), "row \(r), feature \(f): \(got) against \(expected)")
      }
    }
    // Through time: not only the output's gradient at the first step.
    let own = outputGradient.pointer
    #expect((0..<rows * units).contains { abs(dh.pointer[$0] - own[$0]) > 1e-3 })
  }
}
