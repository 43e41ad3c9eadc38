/// PyTorch's `nn.Embedding`: each of a sample's `steps` tokens, a whole number in
/// [0, vocabulary), picks its row of the vocabulary × dimension table, so the sample becomes
/// steps × dimension. The tokens are checked before any pass reaches the kernel
/// (`Network.checkTokens`), so it reads them as row numbers. The backward pass adds each
/// position's output gradient into its token's row; the tokens themselves get none.
final class EmbeddingLayer: LayerKernel {
  let vocabulary: Int
  let dimension: Int
  let steps: Int
  let outputWidth: Int
  let parameterRange: Range<Int>
  let weightRange: Range<Int>
  private let table: UnsafeMutablePointer<Float>
  private let tableGradient: UnsafeMutablePointer<Float>
  private var outputs: BatchBuffer

  init(
    vocabulary: Int, dimension: Int, steps: Int, offset: Int, parameters: UnsafeMutablePointer<Float>,
    gradients: UnsafeMutablePointer<Float>
  ) {
    (self.vocabulary, self.dimension, self.steps) = (vocabulary, dimension, steps)
    outputWidth = steps * dimension
    parameterRange = offset..<offset + vocabulary * dimension
    weightRange = parameterRange
    table = parameters + offset
    tableGradient = gradients + offset
    outputs = BatchBuffer(width: outputWidth)
  }

  var output: UnsafeMutablePointer<Float> { outputs.pointer }

  func reserve(rows: Int) { outputs.reserve(rows: rows) }

  func initialize(using random: inout SeededGenerator) {
    // PyTorch's: N(0, 1), whatever the table's size.
    Initializer.normal(std: 1).fill(table, fanIn: vocabulary, fanOut: dimension, using: &random)
  }

  func forward(_ x: UnsafePointer<Float>, rows: Int, mode: ForwardMode, random: inout SeededGenerator) {
    let y = outputs.pointer
    for position in 0..<rows * steps {
      (y + position * dimension).update(from: table + Int(x[position]) * dimension, count: dimension)
    }
  }

  func backward(
    input: UnsafePointer<Float>, outputGradient g: UnsafeMutablePointer<Float>,
    inputGradient: UnsafeMutablePointer<Float>?, rows: Int
  ) {
    tableGradient.update(repeating: 0, count: vocabulary * dimension)
    for position in 0..<rows * steps {
      let (row, gradient) = (tableGradient + Int(input[position]) * dimension, g + position * dimension)
      for j in 0..<dimension { row[j] += gradient[j] }
    }
    // A token is a choice, not a quantity: nothing depends on it smoothly.
    inputGradient?.update(repeating: 0, count: rows * steps)
  }
}
