import CKernels
import Foundation

/// The loops behind `Activation`. The switch on the activation sits outside each loop so the
/// loop bodies are plain arithmetic; those that are nothing else run in CKernels, vectorised for
/// the CPU at hand, and those that call exp, erf or tanh stay here, scalar on any CPU.
enum ActivationKernels {
  static let seluScale: Float = 1.050_700_987_355_480_5
  static let seluAlpha: Float = 1.673_263_242_354_377_3

  /// output[r, j] = f(source[r, j] + bias[j]), keeping source + bias in `input` when it is given
  /// (for the activations whose derivative needs it). `source` may be `output` itself.
  static func forward(
    _ activation: Activation, source: UnsafePointer<Float>, bias: UnsafePointer<Float>?,
    output: UnsafeMutablePointer<Float>, input: UnsafeMutablePointer<Float>?, rows: Int, columns: Int
  ) {
    let args = (source, bias, output, input, rows, columns)
    switch activation {
    case .relu: nn_relu_forward(source, bias, output, input, rows, columns)
    case .leakyReLU(let alpha): nn_leaky_relu_forward(source, bias, output, input, rows, columns, alpha)
    case .elu: map(args) { $0 > 0 ? $0 : expm1($0) }
    case .selu:
      let (scale, alpha) = (seluScale, seluScale * seluAlpha)
      map(args) { $0 > 0 ? scale * $0 : alpha * expm1($0) }
    case .gelu: map(args) { 0.5 * $0 * (1 + erf($0 * 0.707_106_78)) }
    case .sigmoid: map(args) { 1 / (1 + exp(-$0)) }
    case .tanh: map(args) { tanh($0) }
    case .softplus: map(args) { $0 > 20 ? $0 : log1p(exp($0)) }
    case .swish: map(args) { $0 / (1 + exp(-$0)) }
    case .linear: nn_linear_forward(source, bias, output, input, rows, columns)
    case .softmax:
      nn_linear_forward(source, bias, output, input, rows, columns)
      for r in 0..<rows { softmaxRow(output + r * columns, columns) }
    }
  }

  /// gradient ← gradient ⊙ f′, from the output f(z) or, where needed, the input z.
  static func backward(
    _ activation: Activation, input z: UnsafePointer<Float>?, output a: UnsafePointer<Float>,
    gradient g: UnsafeMutablePointer<Float>, rows: Int, columns: Int
  ) {
    let n = rows * columns
    switch activation {
    case .relu: nn_relu_backward(g, a, n)
    case .leakyReLU(let alpha): nn_leaky_relu_backward(g, a, n, alpha)
    case .elu: nn_elu_backward(g, a, n)
    case .selu: nn_selu_backward(g, a, n, seluScale, seluScale * seluAlpha)
    case .sigmoid: nn_sigmoid_backward(g, a, n)
    case .tanh: nn_tanh_backward(g, a, n)
    case .gelu:
      let z = z!
      for i in 0..<n {
        let cdf = 0.5 * (1 + erf(z[i] * 0.707_106_78))
        let pdf = exp(-0.5 * z[i] * z[i]) * 0.398_942_28
        g[i] = g[i] * (cdf + z[i] * pdf)
      }
    case .softplus:
      let z = z!
      for i in 0..<n { g[i] = z[i] > 20 ? g[i] : g[i] / (1 + exp(-z[i])) }
    case .swish:
      let z = z!
      for i in 0..<n {
        let s = 1 / (1 + exp(-z[i]))
        g[i] = g[i] * (s * (1 + z[i] * (1 - s)))
      }
    case .linear: break
    case .softmax:
      for r in 0..<rows {
        let (ar, gr) = (a + r * columns, g + r * columns)
        var dot: Float = 0
        for j in 0..<columns { dot += gr[j] * ar[j] }
        for j in 0..<columns { gr[j] = ar[j] * (gr[j] - dot) }
      }
    }
  }

  /// A numerically stable softmax of one row, in place.
  static func softmaxRow(_ x: UnsafeMutablePointer<Float>, _ count: Int) {
    var top = -Float.infinity
    for j in 0..<count { top = Swift.max(top, x[j]) }
    var sum: Float = 0
    for j in 0..<count {
      x[j] = exp(x[j] - top)
      sum += x[j]
    }
    let scale = 1 / sum
    for j in 0..<count { x[j] *= scale }
  }

  private typealias MapArguments = (
    source: UnsafePointer<Float>, bias: UnsafePointer<Float>?, output: UnsafeMutablePointer<Float>,
    input: UnsafeMutablePointer<Float>?, rows: Int, columns: Int
  )

  /// The element loop for `forward`, specialised on `f` by inlining.
  @inline(__always)
  private static func map(_ args: MapArguments, _ f: (Float) -> Float) {
    let (source, output, columns) = (args.source, args.output, args.columns)
    guard let bias = args.bias else {
      let n = args.rows * columns
      if let input = args.input { input.update(from: source, count: n) }
      for i in 0..<n { output[i] = f(source[i]) }
      return
    }
    for r in 0..<args.rows {
      let (s, o) = (source + r * columns, output + r * columns)
      if let input = args.input {
        let z = input + r * columns
        for j in 0..<columns {
          z[j] = s[j] + bias[j]
          o[j] = f(z[j])
        }
      } else {
        for j in 0..<columns { o[j] = f(s[j] + bias[j]) }
      }
    }
  }
}
