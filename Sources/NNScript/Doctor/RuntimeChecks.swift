import Foundation
import NNCore

/// Findings from a finished run: its stop reason, its per-epoch history and the telemetry
/// sampled every few steps.
struct RuntimeChecks {
  let setup: DoctorSetup
  let run: TrainingRun

  /// First/last layer gradient-norm ratio above this is exploding (AUTOTRAINER, ICSE 2021).
  static let explodingRatio: Float = 70
  /// The global gradient norm growing by this factor (three orders of magnitude) between the
  /// first and last quarter of the run is exploding too.
  static let explodingGrowth: Float = 1e3
  /// Below this first/last ratio, with the first layer's norm below `vanishingNorm`, early
  /// layers get no gradient (AUTOTRAINER).
  static let vanishingRatio: Float = 1e-3
  static let vanishingNorm: Float = 1e-4
  /// A relu layer with at least this fraction of units inactive on whole batches is dying
  /// (AUTOTRAINER's 70%, taken over units rather than gradient entries).
  static let deadUnits: Float = 0.7
  /// More than this fraction of a hidden sigmoid/tanh layer's outputs at |z| ≥ 5 is
  /// saturated (DeepDiagnosis, ICSE 2022).
  static let saturatedOutputs: Float = 0.5
  /// Update/weight ratios outside [1e-5, 1e-1] mean a bad learning rate (DeepDiagnosis); the
  /// healthy rule of thumb is about 1e-3.
  static let highUpdateRatio: Float = 1e-1
  static let lowUpdateRatio: Float = 1e-5
  /// A final training loss this many times its best epoch's has diverged.
  static let divergence: Float = 1.5
  /// A slow run improves its loss by less than this fraction overall.
  static let slowImprovement: Float = 0.1
  /// Peaks/troughs of at least this much accuracy in at least `oscillatingShare` of the
  /// epochs are oscillation (AUTOTRAINER). For regression, the same relative to the loss.
  static let oscillationAmplitude: Float = 0.03
  static let oscillatingShare: Float = 0.2
  /// Oscillation and plateaus need this many epochs to be told from noise.
  static let minimumEpochs = 10
  /// A plateau is at least this share of the run (and 5 epochs) improving by less than 1%,
  /// followed by a drop of more than 10%.
  static let plateauShare = 0.25
  /// A stall below this share of the first epoch's loss is the tail of convergence, not a
  /// plateau: a healthy run creeping from 0.001 to 0.0007 is not stuck (calibrated on the
  /// healthy blobs scenario, which fired without it).
  static let plateauFloor: Float = 0.1
  /// Overfitting: the final validation loss this many times its best, and at least
  /// `overfittingGap` above it, with the best at least 3 epochs before the end. Calibrated
  /// so the healthy suite (30 epochs of digits, iris, wine…) stays quiet.
  static let overfittingRise: Float = 1.25
  static let overfittingGap: Float = 0.05
  /// Underfitting: the training loss still above this share of chance level (ln C for
  /// classes, the target's variance for regression) and flat over the last third.
  static let underfittingShare: Float = 0.5
  static let flatImprovement: Float = 0.05
  /// The converged band: within this share of the run's total improvement around the final loss.
  static let convergedBand: Float = 0.05

  private var samples: [TelemetrySample] { run.telemetry.samples }
  /// The second half of the samples, where a lasting condition shows (the first steps of any
  /// run look odd).
  private var laterSamples: ArraySlice<TelemetrySample> { samples.suffix(max(1, samples.count / 2)) }
  private var losses: [Float] { run.history.map(\.loss) }
  private var startRate: Float? { samples.first?.learningRate ?? run.history.first?.learningRate }

  func findings() -> [Finding] {
    if let nan = nanLoss() { return [nan] }
    let checks: [() -> Finding?] = [
      lrTooHigh, exploding, dyingReLU, vanishing, saturated, lrTooLow, noSignal, overfitting, underfitting,
      oscillation, plateau,
    ]
    let findings = checks.compactMap { $0() }
    // An unstable loss that happens to end flat has not converged.
    let unstable: Set<Finding.Code> = [.lrTooHigh, .explodingGradients, .oscillation]
    guard !findings.contains(where: { unstable.contains($0.code) }), let converged = converged() else {
      return findings
    }
    return findings + [converged]
  }

  // MARK: Failures

  private func nanLoss() -> Finding? {
    guard case .nonFiniteLoss(let epoch, let step, let layer, _) = run.stopReason else { return nil }
    var evidence = ["the loss became non-finite at epoch \(epoch), step \(step)"]
    if let layer { evidence.append("non-finite values first appeared in \(setup.name(ofLayer: layer))") }
    if let first = samples.first?.gradientNorm, let last = samples.last?.gradientNorm, samples.count > 1 {
      evidence.append("gradient norm went from \(doctorFormat(first)) to \(doctorFormat(last))")
    }
    return Finding(
      .nanLoss, .error, cause: "the loss became NaN or infinite, so training stopped", evidence: evidence,
      fixes: lowerRate() + [setup.fix(option: "clip", "1.0")], range: layer.flatMap(setup.range(ofLayer:)))
  }

  private func lowerRate(by factor: Float = 10) -> [Fix] {
    startRate.map { [setup.fix(option: "lr", doctorFormat($0 / factor))] } ?? []
  }

  private func lrTooHigh() -> Finding? {
    var evidence: [String] = []
    if let best = losses.min(), let final = losses.last, final > Self.divergence * best {
      let bestEpoch = losses.firstIndex(of: best)! + 1
      evidence.append("training loss rose from \(doctorFormat(best)) (epoch \(bestEpoch)) to \(doctorFormat(final))")
    }
    if let (layer, ratio) = largestUpdateRatio(), ratio > Self.highUpdateRatio {
      evidence.append("update/weight ratio \(doctorFormat(ratio)) in \(setup.name(ofLayer: layer)) (healthy ≈ 1e-3)")
    }
    guard !evidence.isEmpty else { return nil }
    if let rate = startRate { evidence.append("lr \(doctorFormat(rate))") }
    return Finding(
      .lrTooHigh, .warning, cause: "the learning rate is too high: each step overshoots",
      evidence: evidence, fixes: lowerRate() + [schedule()], range: setup.optionRanges["lr"])
  }

  private func schedule() -> Fix {
    let rate = startRate.map { doctorFormat($0 / 10) } ?? "1e-3"
    return setup.fix(option: "lr", "exp(\(rate), 0.5, 10)")
  }

  private func lrTooLow() -> Finding? {
    guard let (layer, ratio) = largestUpdateRatio(), ratio < Self.lowUpdateRatio, let first = losses.first,
      let final = losses.last, first - final < Self.slowImprovement * first
    else { return nil }
    return Finding(
      .lrTooLow, .warning, cause: "the learning rate is too low: the weights barely move",
      evidence: [
        "largest update/weight ratio \(doctorFormat(ratio)), in \(setup.name(ofLayer: layer)) (healthy ≈ 1e-3)",
        "loss only went from \(doctorFormat(first)) to \(doctorFormat(final))",
      ],
      fixes: startRate.map { [setup.fix(option: "lr", doctorFormat($0 * 100))] } ?? [],
      range: setup.optionRanges["lr"])
  }

  /// Per layer, the median update/weight ratio over the later samples; the largest.
  private func largestUpdateRatio() -> (layer: Int, ratio: Float)? {
    layerMedians(\.updateRatio).max { $0.value < $1.value }.map { ($0.layer, $0.value) }
  }

  /// Per layer, the median of `measure` over the later samples, for layers that report it.
  private func layerMedians(_ measure: KeyPath<LayerTelemetry, Float?>) -> [(layer: Int, value: Float)] {
    var byLayer: [Int: [Float]] = [:]
    for sample in laterSamples {
      for layer in sample.layers {
        if let value = layer[keyPath: measure], value.isFinite { byLayer[layer.layer, default: []].append(value) }
      }
    }
    return byLayer.keys.sorted().compactMap { layer in median(byLayer[layer]!).map { (layer, $0) } }
  }

  // MARK: Gradients and activations

  /// Per sample, the first and last layers' gradient norms; samples where the last layer got
  /// no gradient (a batch the net already gets exactly right) say nothing about the ratio.
  private var firstAndLast: [(first: Float, last: Float)] {
    samples.compactMap { sample in
      let norms = sample.layers.compactMap(\.gradientNorm)
      guard norms.count >= 2, norms.allSatisfy(\.isFinite), norms.last! > 0 else { return nil }
      return (norms.first!, norms.last!)
    }
  }

  private func exploding() -> Finding? {
    var evidence: [String] = []
    let pairs = firstAndLast
    if let ratio = median(pairs.map { $0.first / $0.last }), ratio > Self.explodingRatio {
      evidence.append("first/last layer gradient ratio \(doctorFormat(ratio)) (above \(Int(Self.explodingRatio)))")
    }
    let norms = samples.map(\.gradientNorm).filter(\.isFinite)
    let quarter = max(1, norms.count / 4)
    if norms.count >= 4, let early = median(Array(norms.prefix(quarter))),
      let late = median(Array(norms.suffix(quarter))),
      late > Self.explodingGrowth * early
    {
      evidence.append("gradient norm grew from \(doctorFormat(early)) to \(doctorFormat(late))")
    }
    guard !evidence.isEmpty else { return nil }
    return Finding(
      .explodingGradients, .warning, cause: "the gradients explode, so updates are erratic",
      evidence: evidence, fixes: [setup.fix(option: "clip", "1.0")] + lowerRate())
  }

  private func vanishing() -> Finding? {
    let pairs = firstAndLast
    guard let ratio = median(pairs.map { $0.first / $0.last }),
      let first = median(pairs.map(\.first)), ratio < Self.vanishingRatio, first < Self.vanishingNorm
    else { return nil }
    let squashing = setup.layers.indices.filter { index in
      guard index != setup.outputLayer else { return false }
      return Self.activation(of: setup.layers[index]).map { $0 == .sigmoid || $0 == .tanh } ?? false
    }
    return Finding(
      .vanishingGradients, .warning, cause: "the early layers get almost no gradient, so they do not learn",
      evidence: [
        "first/last layer gradient ratio \(doctorFormat(ratio)), first layer norm \(doctorFormat(first))",
        squashing.isEmpty ? nil : "\(squashing.count) sigmoid/tanh hidden layers",
      ].compactMap { $0 },
      fixes: squashing.prefix(3).map { setup.fix(layer: $0, with: Self.replacing(setup.layers[$0], with: .relu)) },
      range: squashing.first.flatMap(setup.range(ofLayer:)))
  }

  private func dyingReLU() -> Finding? {
    let hidden = layerMedians(\.inactiveUnits).filter { entry in
      entry.layer != setup.layers.count - 1 && Self.activation(of: setup.layers[entry.layer]) == .relu
    }
    guard let worst = hidden.max(by: { $0.value < $1.value }), worst.value >= Self.deadUnits else { return nil }
    return Finding(
      .dyingReLU, .warning, cause: "most relu units output zero for every sample, so they no longer learn",
      evidence: [
        "\(Int((worst.value * 100).rounded()))% of the units of \(setup.name(ofLayer: worst.layer)) are inactive"
      ],
      fixes: [setup.fix(layer: worst.layer, with: Self.replacing(setup.layers[worst.layer], with: .leakyReLU()))]
        + lowerRate(),
      range: setup.range(ofLayer: worst.layer))
  }

  private func saturated() -> Finding? {
    let hidden = layerMedians(\.saturatedOutputs).filter { $0.layer != setup.layers.count - 1 }
    guard let worst = hidden.max(by: { $0.value < $1.value }), worst.value > Self.saturatedOutputs else { return nil }
    return Finding(
      .saturatedUnits, .warning,
      cause: "most sigmoid/tanh units sit in their flat tails, where the gradient is nearly 0",
      evidence: [
        "\(Int((worst.value * 100).rounded()))% of the outputs of \(setup.name(ofLayer: worst.layer)) have |z| ≥ 5"
      ],
      fixes: [setup.fix(layer: worst.layer, with: Self.replacing(setup.layers[worst.layer], with: .relu)), Fix("bn")],
      range: setup.range(ofLayer: worst.layer))
  }

  static func activation(of layer: LayerConfig) -> Activation? {
    switch layer {
    case .dense(_, let activation, _, _), .activation(let activation): activation
    case .batchNorm, .dropout: nil
    }
  }

  /// The layer with another activation; a dense layer's initializer goes back to the default.
  static func replacing(_ layer: LayerConfig, with activation: Activation) -> LayerConfig {
    switch layer {
    case .dense(let units, _, _, let bias): .dense(units: units, activation: activation, bias: bias)
    default: .activation(activation)
    }
  }

  // MARK: Learning curves

  private func noSignal() -> Finding? {
    guard case .classes(let labels, let names) = setup.dataset.targets, !setup.validationRows.isEmpty else {
      return nil
    }
    var counts = [Int](repeating: 0, count: names.count)
    for row in setup.validationRows { counts[Int(labels[row])] += 1 }
    let n = Float(setup.validationRows.count)
    let chance = Float(counts.max()!) / n
    let tolerance = 2 * (chance * (1 - chance) / n).squareRoot()
    let later = run.history.suffix(max(1, run.history.count / 2))
    guard let validation = median(later.compactMap(\.validationAccuracy)),
      let training = run.history.last?.accuracy, validation <= chance + tolerance,
      training >= chance + Self.slowImprovement
    else { return nil }
    return Finding(
      .noSignal, .warning,
      cause: "the validation accuracy stays at chance while training improves: the labels look unrelated to the inputs",
      evidence: [
        "validation accuracy \(doctorFormat(validation)), chance \(doctorFormat(chance))",
        "training accuracy \(doctorFormat(training))",
      ],
      fixes: [Fix("describe(data)")])
  }

  private func overfitting() -> Finding? {
    if case .earlyStopping = run.stopReason { return nil }
    let validation = run.history.compactMap(\.validationLoss)
    guard validation.count == run.history.count, let best = validation.min(), let final = validation.last else {
      return nil
    }
    let bestEpoch = validation.firstIndex(of: best)! + 1
    let trainAtBest = losses[bestEpoch - 1]
    guard bestEpoch <= run.history.count - 3, final > Self.overfittingRise * best, final - best > Self.overfittingGap,
      losses.last! < trainAtBest
    else { return nil }
    return Finding(
      .overfitting, .warning,
      cause: "the validation loss rises while the training loss falls: the net memorises the training data",
      evidence: [
        "validation loss best \(doctorFormat(best)) at epoch \(bestEpoch), \(doctorFormat(final)) at the end",
        "training loss \(doctorFormat(trainAtBest)) → \(doctorFormat(losses.last!))",
      ],
      fixes: [setup.fix(option: "early", "5"), setup.fix(option: "l2", "1e-3"), setup.dropoutAfterLastHiddenLayer(0.3)])
  }

  /// What a net that learned nothing scores: ln C for classes, the target's variance for mse.
  private var chanceLoss: Float? {
    switch setup.loss {
    case .crossEntropy: setup.classCount.map { Float(log(Double($0))) }
    case .binaryCrossEntropy: Float(log(2.0))
    case .mse:
      setup.trainingValues.isEmpty
        ? nil : standardDeviation(setup.trainingValues) * standardDeviation(setup.trainingValues)
    default: nil
    }
  }

  /// The relative improvement of the training loss over the last third of the run.
  private var recentImprovement: Float? {
    guard losses.count >= 3 else { return nil }
    let start = losses[losses.count - max(2, losses.count / 3)]
    return (start - losses.last!) / start
  }

  private func underfitting() -> Finding? {
    guard let chance = chanceLoss, let final = losses.last, let recent = recentImprovement,
      final > Self.underfittingShare * chance, recent < Self.flatImprovement
    else { return nil }
    var evidence = [
      "training loss \(doctorFormat(final)) after \(losses.count) epochs; chance level \(doctorFormat(chance))"
    ]
    if let validation = run.history.last?.validationLoss {
      evidence.append("validation loss \(doctorFormat(validation))")
    }
    evidence.append("improved \(doctorFormat(recent * 100))% over the last \(max(2, losses.count / 3)) epochs")
    let narrowest = narrowestHidden()
    return Finding(
      .underfitting, .warning, cause: "both losses stay high and flat: the network has too little capacity",
      evidence: evidence,
      fixes: narrowest.map { [setup.fix(layer: $0.index, with: $0.wider)] } ?? [],
      range: narrowest.flatMap { setup.range(ofLayer: $0.index) })
  }

  /// The narrowest hidden dense layer, and it at least 4 times wider (64 at least).
  private func narrowestHidden() -> (index: Int, wider: LayerConfig)? {
    let hidden = setup.layers.indices.compactMap { index -> (Int, Int)? in
      guard index != setup.outputLayer, case .dense(let units, _, _, _) = setup.layers[index] else { return nil }
      return (index, units)
    }
    guard let (index, units) = hidden.min(by: { $0.1 < $1.1 }),
      case .dense(_, let activation, let initializer, let bias) = setup.layers[index]
    else { return nil }
    return (index, .dense(units: max(64, 4 * units), activation: activation, initializer: initializer, bias: bias))
  }

  private func oscillation() -> Finding? {
    let accuracies = run.history.compactMap(\.accuracy)
    let series = accuracies.count == run.history.count ? accuracies : losses
    guard series.count >= Self.minimumEpochs else { return nil }
    let relative = accuracies.count != run.history.count
    var turns = 0
    for i in 1..<series.count - 1 {
      let amplitude = Self.oscillationAmplitude * (relative ? abs(series[i]) : 1)
      let (up, down) = (series[i] - series[i - 1], series[i] - series[i + 1])
      if (up >= amplitude && down >= amplitude) || (up <= -amplitude && down <= -amplitude) { turns += 1 }
    }
    guard Float(turns) >= Self.oscillatingShare * Float(series.count) else { return nil }
    return Finding(
      .oscillation, .warning, cause: "the training curve goes up and down instead of settling",
      evidence: [
        "\(turns) of \(series.count) epochs are peaks or troughs of \(relative ? "the loss" : "the accuracy")"
      ],
      fixes: lowerRate(by: 3) + [setup.fix(option: "batch", String(setup.config.batchSize * 4))],
      range: setup.optionRanges["lr"])
  }

  /// The longest stretch where the best loss so far improved by less than 1%, when the loss
  /// fell by more than 10% after it (a plateau at the end is convergence or underfitting).
  private func plateau() -> Finding? {
    guard losses.count >= Self.minimumEpochs else { return nil }
    let length = max(5, Int(Self.plateauShare * Double(losses.count)))
    var longest: (start: Int, end: Int)?
    var start = 0
    for end in 1..<losses.count {
      if losses[end] < 0.99 * losses[start] {
        start = end
        continue
      }
      if end - start >= length && end - start > (longest.map { $0.end - $0.start } ?? 0) { longest = (start, end) }
    }
    guard let (from, to) = longest, losses.last! < 0.9 * losses[from], losses[from] > Self.plateauFloor * losses[0]
    else { return nil }
    return Finding(
      .plateau, .warning, cause: "the loss made no progress for a long stretch before it moved again",
      evidence: [
        "epochs \(from + 1)–\(to + 1): loss stayed near \(doctorFormat(losses[from])), then fell to \(doctorFormat(losses.last!))"
      ],
      fixes: [
        setup.fix(option: "lr", "plateau(\(doctorFormat(startRate ?? 1e-3)), 0.5, 3)"),
        setup.fix(option: "restarts", "3"),
      ])
  }

  private func converged() -> Finding? {
    guard let first = losses.first, let final = losses.last, first > final else { return nil }
    let band = Self.convergedBand * (first - final)
    guard let epoch = (0..<losses.count).first(where: { e in losses[e...].allSatisfy { abs($0 - final) <= band } }),
      epoch < losses.count - 1
    else { return nil }
    return Finding(
      .converged, .info, cause: "the loss settled after epoch \(epoch + 1)",
      evidence: [
        "training loss within \(doctorFormat(band)) of \(doctorFormat(final)) from epoch \(epoch + 1) of \(losses.count)"
      ])
  }
}
