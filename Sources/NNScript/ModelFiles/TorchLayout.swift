import NNCore

/// Where a model file's tensors differ from how the network stores them, so that a file loads
/// straight into the equivalent PyTorch `nn.Sequential`. nnscript keeps feature maps channels
/// last and a convolution's filter as one row over (kernel row, kernel column, channel);
/// PyTorch keeps both channels first. So in the file:
/// - a conv2d weight is [out, in, kh, kw] and a conv1d weight [out, in, k];
/// - a layer reading a flattened feature map (the dense after `flatten`, and a bn between
///   them) has its per-input values in PyTorch's flatten order (c, h, w) or (c, l);
/// - everything else is as stored: a dense layer on plain features (or after `gap`), batch
///   norm per channel, every bias.
struct TorchLayout {
  private struct Layer {
    /// How each row of the layer's per-input values (a weight row, a bn vector) is reordered;
    /// nil when it is not.
    var order: ChannelsFirst?
    /// A convolution's kernel size per spatial dimension, which its weight's shape ends with.
    var kernel: [Int]?
  }

  private let layers: [Layer]

  init(_ network: Network) {
    // The order of the flat vector flowing through the layers: set by a flatten of a feature
    // map, kept by the layers that act on each value alone, used up by the next dense.
    var flattened: ChannelsFirst?
    var layers: [Layer] = []
    for (index, config) in network.layers.enumerated() {
      let input = index == 0 ? network.inputShape : network.outputShapes[index - 1]
      switch config {
      case .convolution(let c):
        let kernel = [Int](repeating: c.kernel, count: c.dimensions)
        layers.append(Layer(order: ChannelsFirst(positions: c.kernelArea, channels: input.channels), kernel: kernel))
      case .flatten:
        if !input.isFlat { flattened = ChannelsFirst(positions: input.positions, channels: input.channels) }
        layers.append(Layer())
      case .batchNorm, .dropout, .activation:
        // On a feature map, batch norm is per channel; `flattened` is nil there.
        layers.append(Layer(order: flattened))
      case .dense:
        layers.append(Layer(order: flattened))
        flattened = nil
      case .pooling, .globalAveragePooling, .recurrent, .embedding:
        layers.append(Layer())
        flattened = nil
      }
    }
    self.layers = layers
  }

  /// Whether every tensor is as the network stores it: no convolution, and no flatten of a
  /// feature map of more than one channel.
  var isNative: Bool { layers.allSatisfy { $0.order == nil && $0.kernel == nil } }

  /// The shape in the file of the weight that layer `index` stores as `rows` × `columns`.
  func weightShape(ofLayer index: Int, rows: Int, columns: Int) -> [Int] {
    guard let kernel = layers[index].kernel else { return [rows, columns] }
    return [rows, columns / kernel.reduce(1, *)] + kernel
  }

  /// A weight's values or a bn vector of layer `index`, from the network's order to the file's.
  func torch(_ values: [Float], ofLayer index: Int) -> [Float] {
    layers[index].order?.torch(values) ?? values
  }

  /// A weight's values or a bn vector of layer `index`, from the file's order to the network's.
  func native(_ values: [Float], ofLayer index: Int) -> [Float] {
    layers[index].order?.native(values) ?? values
  }
}

/// Blocks of `positions` × `channels` values: nnscript stores each position's channels
/// together (channels last), PyTorch each channel's positions (channels first).
struct ChannelsFirst: Equatable {
  let positions: Int
  let channels: Int

  /// nil when both orders are the same: one position, or one channel.
  init?(positions: Int, channels: Int) {
    guard positions > 1, channels > 1 else { return nil }
    (self.positions, self.channels) = (positions, channels)
  }

  /// `values`, whole blocks in nnscript's order, in PyTorch's.
  func torch(_ values: [Float]) -> [Float] { reordered(values, toTorch: true) }

  /// `values`, whole blocks in PyTorch's order, in nnscript's.
  func native(_ values: [Float]) -> [Float] { reordered(values, toTorch: false) }

  private func reordered(_ values: [Float], toTorch: Bool) -> [Float] {
    let block = positions * channels
    precondition(block > 0 && values.count % block == 0, "whole blocks of positions × channels")
    var out = [Float](repeating: 0, count: values.count)
    for start in stride(from: 0, to: values.count, by: block) {
      for position in 0..<positions {
        for channel in 0..<channels {
          let (native, torch) = (start + position * channels + channel, start + channel * positions + position)
          if toTorch { out[torch] = values[native] } else { out[native] = values[torch] }
        }
      }
    }
    return out
  }
}
