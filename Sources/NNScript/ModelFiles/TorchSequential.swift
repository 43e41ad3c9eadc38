import NNCore

/// The PyTorch `nn.Sequential` a network is, module by module, as a user would write it:
/// `dense 16 relu` is `nn.Linear(4, 16)` then `nn.ReLU()` at the next index, so a model file
/// names each layer's tensors by the index of the module that holds them (`0.weight`, then
/// `2.weight` after the ReLU) and `load_state_dict` takes the file with `strict=True`. A layer
/// whose stock module returns something else (a recurrent module's tuple) is a TorchAdapter of
/// that module. The modules take feature maps as FeatureMaps says; TorchLayout orders the
/// tensors to match.
struct TorchSequential: CustomStringConvertible {
  /// Each module as Python writes it: `nn.Linear(4, 16)`.
  private(set) var modules: [String] = []
  /// For each layer of the network, the index of the module holding its parameters; nil for a
  /// layer without any.
  private(set) var parameterIndex: [Int?] = []
  /// The classes the modules are built from besides torch.nn's own, in the order first used.
  private(set) var adapters: [TorchAdapter] = []
  /// How the modules, and so the model's input, hold feature maps.
  let maps: FeatureMaps
  /// One sample as nnscript shapes it, channels last.
  let inputShape: SampleShape

  init(_ network: Network) {
    maps = FeatureMaps(network)
    inputShape = network.inputShape
    for (index, config) in network.layers.enumerated() {
      let input = index == 0 ? network.inputShape : network.outputShapes[index - 1]
      let layer = Self.modules(config, input: input, maps: maps)
      parameterIndex.append(layer.held.map { modules.count + $0 })
      modules += layer.modules
      if let adapter = layer.adapter, !adapters.contains(adapter) { adapters.append(adapter) }
    }
  }

  /// `nn.Sequential(nn.Linear(4, 16), nn.ReLU(), nn.Linear(16, 3), nn.Softmax(dim=1))`
  var description: String { "nn.Sequential(" + modules.joined(separator: ", ") + ")" }

  /// The model as one expression of torch.nn alone, which format 3 files held and readers may
  /// `eval`; nil when it needs adapters, which only `source` defines.
  var expression: String? { adapters.isEmpty ? description : nil }

  /// Python that defines the adapters, `model` (this nn.Sequential) and `inputs(rows)`, which
  /// takes nnscript's rows (N, features) to what the model reads; run with `exec` in a
  /// namespace holding `torch` and `nn`.
  var source: String {
    let dimensions = inputShape.dimensions.map(String.init).joined(separator: ", ")
    let (shaped, reads): (String, String)
    if inputShape.isFlat {
      (shaped, reads) = ("rows", "as they are")
    } else if maps == .channelsFirst {
      let order = ([inputShape.channels] + inputShape.spatial).map(String.init).joined(separator: ", ")
      (shaped, reads) = ("rows.reshape(-1, \(dimensions)).movedim(-1, 1)", "channels first: (N, \(order))")
    } else {
      (shaped, reads) = ("rows.reshape(-1, \(dimensions))", "(N, \(dimensions))")
    }
    let inputs = """
      def inputs(rows):
          \"\"\"nnscript's rows, (N, \(inputShape.count)) channels last, as the model reads them: \(reads).\"\"\"
          return \(shaped)
      """
    return (adapters.map(\.definition) + ["model = \(description)", inputs]).joined(separator: "\n\n\n") + "\n"
  }

  /// The modules of one layer, the index among them of the one holding its parameters, and the
  /// adapter it is built from.
  private static func modules(_ config: LayerConfig, input: SampleShape, maps: FeatureMaps) -> (
    modules: [String], held: Int?, adapter: TorchAdapter?
  ) {
    let dimensions = "\(max(input.spatial.count, 1))d"
    switch config {
    case .dense(let units, let activation, _, let bias):
      return (["nn.Linear(\(input.count), \(units)\(bias ? "" : ", bias=False"))"] + module(activation), 0, nil)
    case .batchNorm(let momentum, let eps):
      // PyTorch's defaults are nnscript's (eps 1e-5, momentum 0.1), and its momentum means the same.
      var arguments = ["\(input.channels)"]
      if eps != 1e-5 { arguments.append("eps=\(eps)") }
      if momentum != 0.1 { arguments.append("momentum=\(momentum)") }
      return (["nn.BatchNorm\(dimensions)(\(arguments.joined(separator: ", ")))"], 0, nil)
    case .dropout(let rate):
      // Element-wise, as nnscript's is (not Dropout2d's whole channels).
      return (["nn.Dropout(p=\(rate))"], nil, nil)
    case .activation(let activation):
      return (module(activation), nil, nil)
    case .convolution(let c):
      let (pad, padding) = convolutionPadding(c, input: input)
      var arguments = ["\(input.channels)", "\(c.filters)", "\(c.kernel)"]
      if c.stride != 1 { arguments.append("stride=\(c.stride)") }
      if let padding { arguments.append("padding=\(padding)") }
      let conv = "nn.Conv\(dimensions)(\(arguments.joined(separator: ", ")))"
      return ((pad.map { [$0] } ?? []) + [conv] + module(c.activation), pad == nil ? 0 : 1, nil)
    case .pooling(let p):
      return (["nn.\(p.kind == .max ? "Max" : "Avg")Pool\(dimensions)(\(p.size))"], nil, nil)
    case .globalAveragePooling:
      return (["nn.AdaptiveAvgPool\(dimensions)(1)", "nn.Flatten()"], nil, nil)
    case .flatten:
      // Among steps-first maps, flattened in the order TorchLayout gives the next layer.
      if maps == .channelsLast, ChannelsFirst(positions: input.positions, channels: input.channels) != nil {
        let adapter = TorchAdapter.flattenChannelsFirst
        return (["\(adapter.name)()"], nil, adapter)
      }
      return (["nn.Flatten()"], nil, nil)
    case .recurrent(let r):
      // The stock module's constructor, its tensors those ModelFile writes.
      var arguments = ["\(input.channels)", "\(r.units)", "batch_first=True"]
      if r.bidirectional { arguments.append("bidirectional=True") }
      if case .rnn(.relu) = r.cell { arguments.append("nonlinearity='relu'") }
      let adapter = TorchAdapter.recurrent(r, maps: maps)
      // PyTorch's own dropout= acts only between the layers of a stack: nnscript's follows the layer.
      let dropout = r.dropout > 0 ? ["nn.Dropout(p=\(r.dropout))"] : []
      return (["\(adapter.name)(\(arguments.joined(separator: ", ")))"] + dropout, 0, adapter)
    case .embedding(let vocabulary, let dimension):
      let adapter = TorchAdapter.tokens(maps: maps)
      return (["\(adapter.name)(\(vocabulary), \(dimension))"], 0, adapter)
    }
  }

  /// How a convolution pads: `padding=` when both sides of each dimension get the same zeros;
  /// otherwise (`pad: same` with an even kernel, or a stride that leaves an odd remainder) a
  /// padding module before it, as nnscript puts the odd zero after, where PyTorch's own
  /// `padding=` cannot.
  private static func convolutionPadding(_ c: Convolution, input: SampleShape) -> (
    module: String?, argument: String?
  ) {
    guard c.padding == .same else { return (nil, nil) }
    // As SlidingWindow pads: what the windows reach beyond the input, half before it.
    let sides = input.spatial.map { size -> (before: Int, after: Int) in
      let output = (size + c.stride - 1) / c.stride
      let total = max((output - 1) * c.stride + c.kernel - size, 0)
      return (total / 2, total - total / 2)
    }
    if sides.allSatisfy({ $0.before == $0.after }) {
      let before = sides.map(\.before)
      if before.allSatisfy({ $0 == 0 }) { return (nil, nil) }
      return (nil, before.count == 1 ? "\(before[0])" : "(\(before.map(String.init).joined(separator: ", ")))")
    }
    // PyTorch's padding modules take the last dimension first: (left, right, top, bottom).
    let amounts = sides.reversed().flatMap { [$0.before, $0.after] }.map(String.init).joined(separator: ", ")
    return (sides.count == 1 ? "nn.ConstantPad1d((\(amounts)), 0.0)" : "nn.ZeroPad2d((\(amounts)))", nil)
  }

  /// The module of an activation; none for the identity.
  private static func module(_ activation: Activation) -> [String] {
    switch activation {
    case .relu: ["nn.ReLU()"]
    case .leakyReLU(let alpha): ["nn.LeakyReLU(\(alpha))"]
    case .elu: ["nn.ELU()"]
    case .selu: ["nn.SELU()"]
    case .gelu: ["nn.GELU()"]
    case .sigmoid: ["nn.Sigmoid()"]
    case .tanh: ["nn.Tanh()"]
    // Over each row of (N, classes): softmax only ever follows a flat vector.
    case .softmax: ["nn.Softmax(dim=1)"]
    // PyTorch's defaults, beta 1 and threshold 20, are nnscript's.
    case .softplus: ["nn.Softplus()"]
    case .swish: ["nn.SiLU()"]
    case .linear: []
    }
  }
}
