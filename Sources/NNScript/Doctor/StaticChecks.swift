import Foundation
import NNCore

/// Findings about the setup: the output layer against the loss and the targets, the layer
/// stack, the data's scale, balance and order, before any training step; and after the run,
/// the data's size against the network's, which only the run can show to matter.
struct StaticChecks {
  let setup: DoctorSetup

  /// Regression targets further than this (in units of the activation's range) outside what
  /// a bounded output can produce are out of reach, not just near its edge.
  static let boundedOutputMargin: Float = 0.1
  /// Targets with |mean| or std beyond this are far from unit scale: the same bound as
  /// DatasetDescription.unscaledMoment uses for features.
  static let unscaledTargetMoment: Float = 10
  /// Parameters per training sample beyond which the net can memorise the data. Calibrated:
  /// the canonical digits net (64-128-bn-10 on 1150 rows) is at 8.6, a 256-wide one at 17,
  /// and the seeds' "50 samples into a 10,000-parameter net" at 200. Many more parameters
  /// than samples is common in nets that generalise (a 1024-wide layer on digits, 54 a
  /// sample, reaches 0.97), so the ratio alone warns of nothing: the run must show the net
  /// memorising (`memorisedGap`, `memorisedRise`).
  static let parametersPerSample: Double = 25
  /// The training accuracy this far above the validation accuracy at the end, and beyond
  /// twice the validation accuracy's sampling noise, is memorisation. The healthy scenarios
  /// end at most 0.08 apart (iris, whose 30 validation rows alone make 0.11 of noise), the
  /// digits nets of 54 and 63 parameters a sample within 0.01; the 80 moons of the
  /// too-little-data scenario end at 0.99 against 0.75.
  static let memorisedGap: Float = 0.1
  /// For a regression target, the validation loss ending this many times its best while the
  /// training loss went on falling is memorisation (RuntimeChecks.overfittingRise's bound).
  static let memorisedRise: Float = 1.25
  /// An initial loss beyond this multiple of ln(C) means the net starts confidently wrong
  /// (huge logits from unscaled inputs or a large-variance init). Calibrated: the first batch
  /// of 16 through a default-initialised 4-16-3 net on standardized iris scores 4.4× ln 3
  /// and trains well; a normal(10) init starts at hundreds of times.
  static let initialLossFactor: Float = 10

  /// Every finding about the setup; `initialLoss` is the loss of the untrained net on the
  /// training data (the run's first telemetry sample gives it), when known, and `run` the run
  /// trained with it, once there is one.
  func findings(initialLoss: Float? = nil, run: TrainingRun? = nil) -> [Finding] {
    let findings = outputFindings() + labelRange() + linearStack() + dataFindings() + unscaledTarget()
    return findings + afterRun(initialLoss: initialLoss, run: run)
  }

  /// The findings about the setup that need the run: the initial loss, and a net large
  /// enough to memorise its data that the run shows memorising.
  func afterRun(initialLoss: Float?, run: TrainingRun?) -> [Finding] {
    initialLossFinding(initialLoss) + (run.flatMap(tooLittleData).map { [$0] } ?? [])
  }

  // MARK: The output layer, the loss and the targets

  private func outputFindings() -> [Finding] {
    guard let index = setup.outputLayer,
      case .dense(let units, let activation, let initializer, let bias) =
        setup.layers[index]
    else { return [] }
    let range = setup.range(ofLayer: index)
    let layer = setup.name(ofLayer: index)
    func dense(_ units: Int, _ activation: Activation) -> LayerConfig {
      .dense(units: units, activation: activation, initializer: initializer, bias: bias)
    }
    func mismatch(_ severity: Finding.Severity, _ cause: String, _ evidence: [String], _ fixes: [Fix]) -> [Finding] {
      // A loss or output that cannot fit the target is certain from the setup alone.
      [
        Finding(
          .outputMismatch, severity, cause: cause, evidence: evidence, fixes: fixes, range: range,
          strength: Strength.certain)
      ]
    }
    let loss = setup.loss
    guard let classes = setup.classCount else {
      // A regression target.
      if activation == .softmax {
        return mismatch(
          .error, "a softmax output makes its units sum to 1, so it cannot predict a regression value",
          ["\(layer) on the target '\(setup.dataset.targetName)'"],
          [setup.fix(layer: index, with: dense(units, .linear))])
      }
      if activation == .relu, let low = setup.trainingValues.min(), low < 0 {
        return mismatch(
          .warning, "a relu output cannot go below 0, but the target does",
          ["\(layer); the target goes down to \(doctorFormat(low))"],
          [setup.fix(layer: index, with: dense(units, .linear))])
      }
      if loss == .crossEntropy || loss == .binaryCrossEntropy {
        return mismatch(
          .error, "\(loss) is a classification loss, but the target is a regression value",
          ["loss \(loss) on the target '\(setup.dataset.targetName)'"], [setup.fix(option: "loss", "mse")])
      }
      return []
    }
    let classLayer = dense(classes, .softmax)
    if activation == .softmax && units == 1 {
      let fixes =
        classes == 2
        ? [setup.fix(layer: index, with: dense(1, .sigmoid)), setup.fix(layer: index, with: dense(2, .softmax))]
        : [setup.fix(layer: index, with: classLayer)]
      return mismatch(
        .error, "a softmax over 1 unit always outputs 1, so the network cannot learn anything",
        ["\(layer) for \(classes) classes"], fixes)
    }
    switch loss {
    case .mse, .mae, .huber:
      return mismatch(
        .warning, "\(loss) on class labels treats them as numbers; classes need cross-entropy",
        ["loss \(loss) with \(classes) classes, output \(layer)"],
        [setup.fix(layer: index, with: classLayer), setup.fix(option: "loss", "ce")])
    case .binaryCrossEntropy where activation == .softmax:
      return mismatch(
        .error, "binary cross-entropy on a softmax output scores each unit as a separate yes/no",
        ["loss bce with \(layer)"], [setup.fix(option: "loss", "ce")])
    case .crossEntropy where activation == .sigmoid:
      return mismatch(
        .warning, "cross-entropy expects logits, but the sigmoid squashes them into (0, 1)",
        ["loss ce with \(layer) for \(classes) classes"], [setup.fix(layer: index, with: dense(units, .softmax))])
    case .crossEntropy where activation != .softmax && activation != .linear,
      .binaryCrossEntropy where activation != .sigmoid && activation != .linear:
      return mismatch(
        .warning, "\(loss) expects logits, but a \(activation) output bends them",
        ["loss \(loss) with \(layer)"],
        [setup.fix(layer: index, with: loss == .crossEntropy ? dense(units, .softmax) : dense(units, .sigmoid))])
    default:
      return []
    }
  }

  private func labelRange() -> [Finding] {
    guard let index = setup.outputLayer,
      case .dense(let units, let activation, let initializer, let bias) =
        setup.layers[index]
    else { return [] }
    let range = setup.range(ofLayer: index)
    if let classes = setup.classCount {
      let oneSigmoid = units == 1 && classes == 2 && setup.loss != .crossEntropy
      guard classes > units, !oneSigmoid else { return [] }
      return [
        Finding(
          .labelRange, .error, cause: "there are more classes than output units, so some labels can never be predicted",
          evidence: ["\(classes) classes, \(setup.name(ofLayer: index)) has \(units)"],
          fixes: [
            setup.fix(
              layer: index, with: .dense(units: classes, activation: .softmax, initializer: initializer, bias: bias))
          ],
          range: range, strength: Strength.certain)
      ]
    }
    let bounds: (low: Float, high: Float)
    switch activation {
    case .sigmoid: bounds = (0, 1)
    case .tanh: bounds = (-1, 1)
    default: return []
    }
    let values = setup.trainingValues
    guard let low = values.min(), let high = values.max() else { return [] }
    let margin = Self.boundedOutputMargin * (bounds.high - bounds.low)
    guard low < bounds.low - margin || high > bounds.high + margin else { return [] }
    let outOfReach = values.filter { $0 < bounds.low - margin || $0 > bounds.high + margin }.count
    return [
      Finding(
        .labelRange, .error, cause: "the target goes beyond what a \(activation) output can produce",
        evidence: [
          "target from \(doctorFormat(low)) to \(doctorFormat(high)); \(activation) gives \(doctorFormat(bounds.low)) to \(doctorFormat(bounds.high))"
        ],
        fixes: [
          setup.fix(layer: index, with: .dense(units: units, activation: .linear, initializer: initializer, bias: bias))
        ], range: range, strength: Strength.certain * max(Double(outOfReach) / Double(values.count), 0.05))
    ]
  }

  /// Dense layers with only dropout or bn (both affine at evaluation) between them compose
  /// into one linear map.
  private func linearStack() -> [Finding] {
    var findings: [Finding] = []
    var linearDense: Int?
    for (index, layer) in setup.layers.enumerated() {
      switch layer {
      case .dense(_, let activation, _, _):
        if let previous = linearDense {
          findings.append(
            Finding(
              .linearStack, .warning,
              cause: "two dense layers with no activation between them compute a single linear map",
              evidence: ["\(setup.name(ofLayer: previous)) feeds \(setup.name(ofLayer: index)) directly"],
              fixes: [fixWithActivation(previous)], range: setup.range(ofLayer: previous),
              // The composition is linear whatever the weights: the setup alone shows it.
              strength: Strength.certain))
        }
        linearDense = activation == .linear ? index : nil
      case .activation, .convolution, .pooling, .globalAveragePooling, .recurrent, .embedding:
        linearDense = nil
      case .batchNorm, .dropout, .flatten:
        break
      }
    }
    return findings
  }

  private func fixWithActivation(_ index: Int) -> Fix {
    guard case .dense(let units, _, let initializer, let bias) = setup.layers[index] else {
      preconditionFailure("a linear stack starts with a dense layer")
    }
    return setup.fix(layer: index, with: .dense(units: units, activation: .relu, initializer: initializer, bias: bias))
  }

  // MARK: The data

  /// unscaled-input, class-imbalance and unshuffled, from what `describe` warns about.
  private func dataFindings() -> [Finding] {
    var findings: [Finding] = []
    let description = DatasetDescription(setup.dataset, rowChecks: false)
    for warning in description.warnings {
      switch warning.code {
      // An embedding's tokens are row numbers, not quantities: scaling them would make them no tokens.
      case Finding.Code.unscaledInput.rawValue where !readsTokens:
        findings.append(
          Finding(
            .unscaledInput, .warning,
            cause: "the input features are far from zero mean and unit scale, which slows or stalls training",
            evidence: [Self.stripAdvice(warning.message)],
            fixes: [Fix("data = standardize(data)"), Fix("data = minmax(data)")], strength: Self.strength(of: warning)))
      case Finding.Code.classImbalance.rawValue where setup.config.classWeights == nil:
        let counts = description.classCounts ?? []
        findings.append(
          Finding(
            .classImbalance, .warning,
            cause: "one class far outnumbers another, so the net can score well by ignoring the rare one",
            evidence: [
              Self.stripAdvice(warning.message),
              counts.map { "\($0.name) \($0.count)" }.joined(separator: ", "),
            ],
            fixes: [setup.fix(option: "weights", "balanced"), Fix("data = balance(data)")],
            strength: Self.strength(of: warning)))
      default:
        break
      }
    }
    if let unshuffled = unshuffled() { findings.append(unshuffled) }
    return findings
  }

  private static func strength(of warning: DatasetDescription.Warning) -> Double {
    Strength.above(warning.measure, warning.threshold, coverage: warning.coverage)
  }

  /// "…, far from zero: standardize(data) or minmax(data)" → "…, far from zero": the fix
  /// is listed apart.
  private static func stripAdvice(_ message: String) -> String {
    message.range(of: ": ", options: .backwards).map { String(message[..<$0.lowerBound]) } ?? message
  }

  /// Training rows grouped by label (each class in one run) and fed in that order.
  private func unshuffled() -> Finding? {
    let labels = setup.trainingLabels
    guard !setup.config.shuffle, labels.count > 1 else { return nil }
    let changes = zip(labels, labels.dropFirst()).filter { $0 != $1 }.count
    let classes = Set(labels).count
    guard classes > 1, changes == classes - 1 else { return nil }
    // Runs as long as a batch fill whole batches with one class; the longer, the more of them.
    let run = Double(labels.count) / Double(classes)
    return Finding(
      .unshuffled, .warning,
      cause: "the training rows are sorted by label and not shuffled, so each batch holds one class",
      evidence: ["\(labels.count) training rows in \(classes) runs of one label each, shuffle: false"],
      fixes: [setup.fix(option: "shuffle", "true")], range: setup.optionRanges["shuffle"],
      strength: Strength.above(run, Double(setup.config.batchSize)))
  }

  private func unscaledTarget() -> [Finding] {
    let values = setup.trainingValues
    guard !values.isEmpty else { return [] }
    let (center, spread) = (mean(values), standardDeviation(values))
    guard abs(center) > Self.unscaledTargetMoment || spread > Self.unscaledTargetMoment else { return [] }
    return [
      Finding(
        .unscaledTarget, .warning,
        cause: "the regression target is far from unit scale, so the loss and gradients start huge",
        evidence: [
          "target '\(setup.dataset.targetName)' has mean \(doctorFormat(center)), std \(doctorFormat(spread))"
        ],
        fixes: [Fix("data = standardize(data, true)")],
        strength: Strength.above(Double(max(abs(center), spread)), Double(Self.unscaledTargetMoment)))
    ]
  }

  /// too-little-data: more parameters a sample than `parametersPerSample`, and a run that
  /// shows the net memorising, so a smaller net or a penalty can be expected to help.
  private func tooLittleData(_ run: TrainingRun) -> Finding? {
    let samples = setup.trainingRows.count
    let ratio = Double(setup.parameterCount) / Double(max(samples, 1))
    guard ratio > Self.parametersPerSample, let memorised = memorisation(in: run) else { return nil }
    return Finding(
      .tooLittleData, .warning,
      cause: "the network has far more parameters than there are training samples, and it memorises them",
      evidence: [
        "\(setup.parameterCount) parameters for \(samples) training samples (\(Int(ratio)) per sample)", memorised,
      ],
      fixes: [smallerNet(), setup.fix(option: "l2", "1e-3"), setup.fix(option: "early", "10")].compactMap { $0 },
      strength: Strength.above(ratio, Self.parametersPerSample))
  }

  /// What shows the net memorising its training rows, from the epoch whose weights the run
  /// kept: accuracy far above the validation accuracy, or for a regression target, a
  /// validation loss risen from its best while the training loss fell.
  private func memorisation(in run: TrainingRun) -> String? {
    guard let kept = run.final ?? run.history.last else { return nil }
    if let training = kept.accuracy, let validation = kept.validationAccuracy {
      let n = Float(max(setup.validationRows.count, 1))
      let noise = 2 * (validation * (1 - validation) / n).squareRoot()
      guard training - validation > max(Self.memorisedGap, noise) else { return nil }
      return "training accuracy \(doctorFormat(training)), validation accuracy \(doctorFormat(validation))"
    }
    guard setup.classCount == nil else { return nil }
    let history = run.history.prefix(kept.epoch)
    let validation = history.compactMap(\.validationLoss)
    guard validation.count == history.count, let best = validation.min(), let final = validation.last else {
      return nil
    }
    let bestEpoch = validation.firstIndex(of: best)!
    guard final > Self.memorisedRise * best, kept.loss < history[bestEpoch].loss else { return nil }
    return
      "validation loss \(doctorFormat(best)) at epoch \(bestEpoch + 1), \(doctorFormat(final)) at the end; training loss \(doctorFormat(history[bestEpoch].loss)) → \(doctorFormat(kept.loss))"
  }

  /// One hidden layer of 16 before the user's output layer.
  private func smallerNet() -> Fix? {
    guard let output = setup.outputLayer else { return nil }
    return setup.fix(network: [.dense(units: 16, activation: .relu), setup.layers[output]])
  }

  /// initial-loss, when the untrained network's loss is known and far above chance.
  private func initialLossFinding(_ loss: Float?) -> [Finding] {
    guard let loss else { return [] }
    return initialLossFinding(loss).map { [$0] } ?? []
  }

  private func initialLossFinding(_ loss: Float) -> Finding? {
    let expected: Float
    switch (setup.loss, setup.classCount) {
    case (.crossEntropy, let classes?): expected = Float(log(Double(classes)))
    case (.binaryCrossEntropy, _): expected = Float(log(2.0))
    default: return nil
    }
    guard !(loss <= Self.initialLossFactor * expected) else { return nil }
    let strength = Strength.above(Double(loss), Double(Self.initialLossFactor * expected))
    return Finding(
      .initialLoss, .warning,
      cause: "the untrained network is confidently wrong: its first loss is far above chance",
      evidence: [
        "initial loss \(doctorFormat(loss)); chance is ln(\(setup.classCount ?? 2)) = \(doctorFormat(expected))"
      ],
      fixes: [setup.defaultInitializers(), readsTokens ? nil : Fix("data = standardize(data)")].compactMap { $0 },
      strength: strength)
  }

  /// Whether the first layer is an embedding, whose inputs are tokens.
  private var readsTokens: Bool {
    if case .embedding = setup.layers.first { true } else { false }
  }
}
