/// im2col and its adjoint: every window of a batch as one row of a patch matrix, so that a
/// convolution is a single matrix product.
extension SlidingWindow {
  /// Fills `patches` ((rows × output positions) × patchSize) with the windows of `rows`
  /// samples of `x`, zeros where a window reaches into the padding.
  func gatherPatches(_ x: UnsafePointer<Float>, rows: Int, into patches: UnsafeMutablePointer<Float>) {
    var out = patches
    let span = kernelWidth * channels
    for r in 0..<rows {
      let sample = x + r * inputCount
      forEachWindowRow { inputOffset, first, end in
        // The kernel row's columns inside the input, [first, end), are contiguous there.
        if first > 0 { out.update(repeating: 0, count: first * channels) }
        if let inputOffset {
          (out + first * channels).update(
            from: sample + (inputOffset + first * channels), count: (end - first) * channels)
        }
        if end < kernelWidth { (out + end * channels).update(repeating: 0, count: (kernelWidth - end) * channels) }
        out += span
      }
    }
  }

  /// Adds each row of `patches` back onto the input positions its window came from:
  /// `dx` (rows × inputCount) becomes the gradient of the input, given the patches' gradient.
  func scatterPatches(_ patches: UnsafePointer<Float>, rows: Int, into dx: UnsafeMutablePointer<Float>) {
    dx.update(repeating: 0, count: rows * inputCount)
    var source = patches
    let span = kernelWidth * channels
    for r in 0..<rows {
      let sample = dx + r * inputCount
      forEachWindowRow { inputOffset, first, end in
        if let inputOffset {
          VectorMath.add(
            source + first * channels, into: sample + (inputOffset + first * channels), count: (end - first) * channels)
        }
        source += span
      }
    }
  }

  /// Calls `body` for each kernel row of each window of one sample, in patch order, with
  /// the offset in the sample of the row's column 0 (nil when the row lies in the padding)
  /// and the kernel columns inside the input, [first, end).
  @inline(__always)
  private func forEachWindowRow(_ body: (_ inputOffset: Int?, _ first: Int, _ end: Int) -> Void) {
    for oh in 0..<outputHeight {
      for ow in 0..<outputWidth {
        let left = ow * stride - padLeft
        let (first, end) = (max(0, -left), min(kernelWidth, inputWidth - left))
        for kh in 0..<kernelHeight {
          let ih = oh * stride - padTop + kh
          let inside = ih >= 0 && ih < inputHeight && first < end
          if inside {
            body((ih * inputWidth + left) * channels, first, end)
          } else {
            body(nil, kernelWidth, kernelWidth)
          }
        }
      }
    }
  }
}
