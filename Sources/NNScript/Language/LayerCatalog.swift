/// The layers a net literal may name and the arguments each takes.
public struct LayerSpec: Sendable {
  /// The layer's word in a net literal (`dense`, `conv2d`, `relu`).
  public let name: String
  /// Its usage and meaning, in a line for help.
  public let summary: String
  /// Positional slots in order; the first `required` of them must be given.
  public let positional: [Slot]
  /// How many of the positional slots, from the first, must be given.
  let required: Int
  /// The `name: value` options it takes (`init:`, `stride:`).
  public let options: [Slot]

  /// The option slot called `name` (no colon), or nil when the layer has none.
  public func option(_ name: String) -> Slot? { options.first { $0.name == name } }
}

/// One argument slot of a layer and the values it takes.
public struct Slot: Sendable {
  /// The values a slot accepts.
  public enum Kind: Sendable {
    /// A whole number ≥ 1 (units, filters).
    case count
    /// A number in [0, 1).
    case fraction
    /// Any number.
    case number
    /// `true` or `false`.
    case bool
    /// A word of the vocabulary (`relu`).
    case word(Vocabulary)
  }

  /// An option's label, or what help calls a positional slot (`units`).
  public let name: String
  /// The values it accepts.
  public let kind: Kind

  init(_ name: String, _ kind: Kind) {
    self.name = name
    self.kind = kind
  }
}

/// The layers a net literal may name: the structural ones, then each activation as a layer of
/// its own.
///
/// Public, with what help needs of each layer, so that a host's help (the command-line tool's
/// `:help`) explains the layers from the table the checker reads.
public enum LayerCatalog {
  /// Every layer, in the order help lists them. An activation layer takes its word's parameters
  /// as positional numbers (`leaky_relu 0.1`).
  public static let layers: [LayerSpec] =
    [
      LayerSpec(
        name: "dense", summary: "fully connected layer: dense UNITS [activation] [init: I] [bias: false]",
        positional: [Slot("units", .count), Slot("activation", .word(Vocabularies.activations))],
        required: 1,
        options: [Slot("init", .word(Vocabularies.initializers)), Slot("bias", .bool)]),
      LayerSpec(
        name: "bn", summary: "batch normalisation: bn [momentum: 0.1] [eps: 1e-5]",
        positional: [], required: 0,
        options: [Slot("momentum", .fraction), Slot("eps", .number)]),
      LayerSpec(
        name: "dropout", summary: "dropout RATE: zeroes that fraction of units while training",
        positional: [Slot("rate", .fraction)], required: 1, options: []),
      LayerSpec(
        name: "conv1d",
        summary:
          "convolution along a sequence: conv1d FILTERS KERNEL [activation] [stride: S] [pad: valid|same] [init: I]",
        positional: convolutionPositional, required: 2, options: convolutionOptions),
      LayerSpec(
        name: "conv2d",
        summary:
          "convolution over an image, KERNEL × KERNEL: conv2d FILTERS KERNEL [activation] [stride: S] [pad: valid|same] [init: I]",
        positional: convolutionPositional, required: 2, options: convolutionOptions),
      LayerSpec(
        name: "maxpool", summary: "max pooling: maxpool SIZE, the largest of each SIZE-wide window, at stride SIZE",
        positional: [Slot("size", .count)], required: 1, options: []),
      LayerSpec(
        name: "avgpool", summary: "average pooling: avgpool SIZE, the mean of each SIZE-wide window, at stride SIZE",
        positional: [Slot("size", .count)], required: 1, options: []),
      LayerSpec(
        name: "gap", summary: "global average pooling: the mean of each channel over all positions",
        positional: [], required: 0, options: []),
      LayerSpec(
        name: "flatten", summary: "flatten: an image or a sequence as one vector, for dense layers",
        positional: [], required: 0, options: []),
      LayerSpec(
        name: "rnn",
        summary:
          "recurrent layer over a sequence: rnn UNITS tanh|relu [seq: true] [bidirectional: true] [dropout: P]",
        positional: [Slot("units", .count), Slot("activation", .word(rnnActivations))], required: 1,
        options: recurrentOptions),
      LayerSpec(
        name: "lstm",
        summary: "long short-term memory over a sequence: lstm UNITS [seq: true] [bidirectional: true] [dropout: P]",
        positional: [Slot("units", .count)], required: 1, options: recurrentOptions),
      LayerSpec(
        name: "gru",
        summary: "gated recurrent unit over a sequence: gru UNITS [seq: true] [bidirectional: true] [dropout: P]",
        positional: [Slot("units", .count)], required: 1, options: recurrentOptions),
      LayerSpec(
        name: "embedding",
        summary:
          "a learned vector per token: embedding VOCAB DIM, T tokens (whole numbers 0 to VOCAB − 1) become T × DIM; the first layer",
        positional: [Slot("vocabulary", .count), Slot("dimension", .count)], required: 2, options: []),
    ]
    + Vocabularies.activations.words.map { word in
      LayerSpec(
        name: word.name, summary: "activation: \(word.summary)",
        positional: word.parameters.map { Slot($0, .number) }, required: 0, options: [])
    }

  /// The layer called `name`, or nil when there is none.
  public static func spec(_ name: String) -> LayerSpec? { layers.first { $0.name == name } }
  /// Every layer's name, in catalog order.
  public static var names: [String] { layers.map(\.name) }
}

extension LayerCatalog {
  static let convolutionPositional = [
    Slot("filters", .count), Slot("kernel", .count), Slot("activation", .word(Vocabularies.activations)),
  ]
  static let convolutionOptions = [
    Slot("stride", .count), Slot("pad", .word(paddings)), Slot("init", .word(Vocabularies.initializers)),
  ]
  /// `seq: true` hands on every step's state (steps × units, for another recurrent layer), not
  /// the last; `bidirectional: true` adds a reverse pass, its states after the forward ones;
  /// `dropout: P` zeroes that fraction of what it hands on while training.
  static let recurrentOptions = [Slot("seq", .bool), Slot("bidirectional", .bool), Slot("dropout", .fraction)]
  static let rnnActivations = Vocabulary(
    kind: "rnn activation",
    words: [
      Word("tanh", "h = tanh(W_ih x + W_hh h + b), as PyTorch's default"),
      Word("relu", "h = max(0, W_ih x + W_hh h + b)"),
    ])
  static let paddings = Vocabulary(
    kind: "padding",
    words: [
      Word("valid", "no padding: the windows stay inside the input"),
      Word("same", "zeros around the input, so each dimension keeps its size (divided by the stride)"),
    ])
}
