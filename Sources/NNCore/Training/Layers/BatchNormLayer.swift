/// Batch normalisation over each feature: batch statistics while training (moving the running
/// ones), running statistics in evaluation. On a sequence or an image the features are its
/// channels, each normalised over every position of every row: channels last, a batch of
/// `rows` is `rows × positions` rows of `channels` features.
final class BatchNormLayer: LayerKernel {
  let channels: Int
  let positions: Int
  let momentum: Float
  let eps: Float
  let parameterRange: Range<Int>
  let weightRange: Range<Int>
  private let gamma: UnsafeMutablePointer<Float>
  private let beta: UnsafeMutablePointer<Float>
  private let gammaGradient: UnsafeMutablePointer<Float>
  private let betaGradient: UnsafeMutablePointer<Float>
  private let runningMean: UnsafeMutablePointer<Float>
  private let runningVariance: UnsafeMutablePointer<Float>
  private var outputs: BatchBuffer
  /// (x − mean)·invstd of the latest training batch, for the backward pass.
  private var normalized: BatchBuffer
  /// Per feature: the latest training batch's mean and 1/√(var + eps).
  private let mean: FloatBuffer
  private let invstd: FloatBuffer
  /// Per feature: the factor and offset of the current pass (eval: y = x·scale + shift;
  /// backward: scale = γ·invstd/n).
  private let scale: FloatBuffer
  private let shift: FloatBuffer

  init(
    channels features: Int, positions: Int, momentum: Float, eps: Float, offset: Int,
    parameters: UnsafeMutablePointer<Float>, gradients: UnsafeMutablePointer<Float>,
    statistics: UnsafeMutablePointer<Float>
  ) {
    channels = features
    self.positions = positions
    self.momentum = momentum
    self.eps = eps
    parameterRange = offset..<offset + 2 * features
    weightRange = offset..<offset + features
    gamma = parameters + offset
    beta = gamma + features
    gammaGradient = gradients + offset
    betaGradient = gammaGradient + features
    runningMean = statistics
    runningVariance = statistics + features
    outputs = BatchBuffer(width: positions * features)
    normalized = BatchBuffer(width: positions * features)
    mean = FloatBuffer(count: features)
    invstd = FloatBuffer(count: features)
    scale = FloatBuffer(count: features)
    shift = FloatBuffer(count: features)
  }

  var outputWidth: Int { positions * channels }

  var output: UnsafeMutablePointer<Float> { outputs.pointer }

  func reserve(rows: Int) {
    outputs.reserve(rows: rows)
    normalized.reserve(rows: rows)
  }

  func initialize(using random: inout SeededGenerator) {
    gamma.update(repeating: 1, count: channels)
    beta.update(repeating: 0, count: channels)
    runningMean.update(repeating: 0, count: channels)
    runningVariance.update(repeating: 1, count: channels)
  }

  func forward(_ x: UnsafePointer<Float>, rows batchRows: Int, mode: ForwardMode, random: inout SeededGenerator) {
    let (f, y, rows) = (channels, outputs.pointer, batchRows * positions)
    guard mode.training else {
      let (scale, shift) = (scale.pointer, shift.pointer)
      for j in 0..<f {
        scale[j] = gamma[j] / (runningVariance[j] + eps).squareRoot()
        shift[j] = beta[j] - runningMean[j] * scale[j]
      }
      for r in 0..<rows {
        let (xr, yr) = (x + r * f, y + r * f)
        for j in 0..<f { yr[j] = xr[j] * scale[j] + shift[j] }
      }
      return
    }
    let (mean, invstd) = (mean.pointer, invstd.pointer)
    let n = Float(rows)
    VectorMath.columnSums(x, rows: rows, columns: f, into: mean)
    for j in 0..<f { mean[j] /= n }
    invstd.update(repeating: 0, count: f)  // the sum of squared deviations, for now
    for r in 0..<rows {
      let xr = x + r * f
      for j in 0..<f {
        let d = xr[j] - mean[j]
        invstd[j] += d * d
      }
    }
    let keep = 1 - momentum
    for j in 0..<f {
      runningMean[j] = keep * runningMean[j] + momentum * mean[j]
      runningVariance[j] = keep * runningVariance[j] + momentum * (invstd[j] / (n - 1))
      invstd[j] = 1 / (invstd[j] / n + eps).squareRoot()
    }
    let xhat = normalized.pointer
    for r in 0..<rows {
      let (xr, hr, yr) = (x + r * f, xhat + r * f, y + r * f)
      for j in 0..<f {
        hr[j] = (xr[j] - mean[j]) * invstd[j]
        yr[j] = gamma[j] * hr[j] + beta[j]
      }
    }
  }

  func backward(
    input: UnsafePointer<Float>, outputGradient g: UnsafeMutablePointer<Float>,
    inputGradient: UnsafeMutablePointer<Float>?, rows batchRows: Int
  ) {
    let (f, xhat, rows) = (channels, normalized.pointer, batchRows * positions)
    betaGradient.update(repeating: 0, count: f)
    gammaGradient.update(repeating: 0, count: f)
    for r in 0..<rows {
      let (gr, hr) = (g + r * f, xhat + r * f)
      for j in 0..<f {
        betaGradient[j] += gr[j]
        gammaGradient[j] += gr[j] * hr[j]
      }
    }
    guard let dx = inputGradient else { return }
    // dx = γ·invstd/n · (n·g − Σg − x̂·Σ(g·x̂)), with the sums per feature.
    let n = Float(rows)
    let (scale, invstd) = (scale.pointer, invstd.pointer)
    for j in 0..<f { scale[j] = gamma[j] * invstd[j] / n }
    for r in 0..<rows {
      let (gr, hr, dr) = (g + r * f, xhat + r * f, dx + r * f)
      for j in 0..<f { dr[j] = scale[j] * (n * gr[j] - betaGradient[j] - hr[j] * gammaGradient[j]) }
    }
  }
}
