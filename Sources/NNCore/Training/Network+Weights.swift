extension Network {
  /// Per layer, where its weights sit in the flat parameters: a dense layer's weight matrix or
  /// a convolution's kernels, a recurrent layer's weight_ih and weight_hh, an embedding's
  /// table, never biases nor bn's scale. The one definition of "the weights" that the L1
  /// penalty covers and the doctor measures growth on; nil for other layers.
  var weightRanges: [Range<Int>?] {
    zip(layers, kernels).map { layer, kernel in
      switch layer {
      case .dense, .convolution, .recurrent, .embedding: kernel.weightRange
      case .batchNorm, .dropout, .activation, .pooling, .globalAveragePooling, .flatten: nil
      }
    }
  }

  /// Per layer, how many weights `weightRanges` gives it (biases aside); nil for layers
  /// without weights.
  public var weightCounts: [Int?] { weightRanges.map { $0?.count } }
}
