import Foundation
import NNCore

/// Findings from a finished run: its stop reason, its per-epoch history and the telemetry
/// sampled every few steps.
struct RuntimeChecks {
  let setup: DoctorSetup
  let run: TrainingRun
  /// The training loss of each epoch, taken once: the checks index it in loops over the epochs.
  let losses: [Float]

  init(setup: DoctorSetup, run: TrainingRun) {
    self.setup = setup
    self.run = run
    losses = run.history.map(\.loss)
  }

  /// First/last layer gradient-norm ratio above this is exploding (AUTOTRAINER, ICSE 2021).
  static let explodingRatio: Float = 70
  /// The global gradient norm growing by this factor (three orders of magnitude) between the
  /// first and last quarter of the run is exploding too.
  static let explodingGrowth: Float = 1e3
  /// A layer's gradient norm this many times its weight norm, over the later samples: each
  /// plain step would move the weights by many times themselves. A 6-deep relu stack drawn
  /// at normal(0.6) sits at 300; healthy runs of the suite stay below 1.
  static let explodingGradientToWeight: Float = 10
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
  /// Saturation must cost the run something: its training or validation loss still at this
  /// share of chance level. Breast cancer on a tanh layer under Adam at 0.05 saturates 60% of
  /// its outputs and reaches 0.98 val_acc at val_loss 0.043 (6% of ln 2); the saturated-tanh
  /// scenario ends at half of ln 10. Past `saturatedAnyway` the tails are flat enough to fire
  /// regardless.
  static let saturationCost: Float = 0.1
  static let saturatedAnyway: Float = 0.9
  /// Update/weight ratios above 1e-1 mean a bad learning rate (DeepDiagnosis); the healthy rule
  /// of thumb is about 1e-3.
  static let highUpdateRatio: Float = 1e-1
  /// DeepDiagnosis's low bound is 1e-5, but SGD at 1e-3 through sigmoid layers (the
  /// sgd-lr-1e-3-sigmoid scenario) crawls at 1.6e-4; a loss that also improves by less than
  /// `slowImprovement` guards healthy runs, whose largest ratio stays near 1e-3.
  static let lowUpdateRatio: Float = 3e-4
  /// Steps as large as the weights themselves, in the first half of the run: Adam at lr 10
  /// starts there and then inflates the weights until the later ratio looks tame (its later
  /// median is 0.03 in the adam-lr-10 scenario, its first-half median above 1). Healthy
  /// runs stay below 0.2 from the first step (Adam at 0.01 on 64 inputs, he init).
  static let explosiveUpdateRatio: Float = 1
  /// A layer's weights growing this many times over the run, to a root mean square above
  /// `largeWeight`, are being thrown about by the steps: Adam at lr 10 grows iris's output
  /// layer 141×, Adam at lr 1 the kernels of the conv-adam-lr-1 scenario 22× (the rate's only
  /// sign there); healthy runs of the suite and the conv-digits example stay under 3×. Weights
  /// drawn tiny on purpose (the plateau scenario's normal(0.01)) grow more than 10× without
  /// being large.
  static let weightGrowth: Float = 10
  static let largeWeight: Float = 1
  /// A rate this many times the optimiser's usual one, with a training loss above
  /// `aboveChance` × chance in every epoch, overshot from the first steps: SGD at 10 (1000×)
  /// through the conv-sgd-lr-10 scenario's net kills its relus in the first epoch and leaves
  /// its loss at 1.08× chance. A rate under 10× the usual one is in the range runs are tuned
  /// in, where a loss stuck above chance has other causes (dead units from the start, a wrong
  /// output).
  static let farAboveUsualRate: Float = 10
  /// An epoch's training loss this many times chance level exploded: SGD at 2 on breast
  /// cancer reaches 1e14 to 1e33 before its relus die; the suite's healthy runs start within
  /// 3× chance.
  static let explodedLoss: Float = 100
  static let aboveChance: Float = 1.05
  /// Training losses this many times the best epoch's through the last `divergenceEpochs`
  /// have diverged. A single high last epoch is not enough: an oscillating curve ends on a
  /// peak as often as on a trough (the oscillation scenario's last epoch is 3× its best).
  static let divergence: Float = 1.5
  static let divergenceEpochs = 3
  /// A rise smaller than this share of chance level is the wobble of a converged run: batch
  /// norm under momentum on four spirals goes from 0.038 to 0.098 of ln 4 = 1.39 and ends at
  /// val_acc 0.975 (the healthy spirals-four-arms-bn).
  static let divergenceFloor: Float = 0.1
  /// A slow run improves its loss by less than this fraction overall.
  static let slowImprovement: Float = 0.1
  /// Oscillation: the training accuracy changing direction by at least this much (or the
  /// loss by 10%) at least `oscillatingShare` times per epoch (AUTOTRAINER's oscillating
  /// curve). Counted with a zigzag filter, so smaller moves are noise whether they come in
  /// one epoch or several.
  static let oscillationAmplitude: Float = 0.03
  static let oscillationLogAmplitude: Float = Float(log(1.1))
  static let oscillatingShare: Float = 0.1
  /// And at least this many turns: one dip in ten epochs of a run still learning is not a
  /// curve that goes up and down (an undertrained circles run turned once in 10).
  static let oscillationTurns = 3
  /// A turn must also exceed three standard errors of the epoch's own measurement: the training
  /// accuracy over N rows moves by √(p(1 − p)/N) when a few borderline rows flip, and a mean
  /// of N squared errors by about √(2/N) of itself. Wine's 142 rows under RMSprop wobble by
  /// 0.04 at 97% accuracy; the oscillation scenario's swings reach 0.05 on 240 rows.
  static let noiseMultiple: Float = 3
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
  /// classes, the target's variance for regression) and flat over the last third (a loss
  /// that climbs there is diverging, not settled).
  static let underfittingShare: Float = 0.5
  /// A training loss at this share of chance level or above has learned next to nothing:
  /// such a run is stuck, never converged.
  static let chanceShare: Float = 0.9
  static let flatImprovement: Float = 0.05
  /// An l1 or l2 penalty this large dominates a cross-entropy of order 1 (Keras's examples use
  /// 1e-4 to 1e-3).
  static let heavyPenalty: Float = 0.01
  /// The converged band: within this share of the run's total improvement around the final loss.
  static let convergedBand: Float = 0.05
  /// Undertrained: over the last third of the run (4 epochs at least), the loss still
  /// falling by at least `stillFalling` an epoch, its slope `steadyFall` standard errors from
  /// zero (epoch-to-epoch noise is not a trend), and as many epochs again at that pace worth
  /// at least `remainingGain` of the improvement so far (a loss creeping from 0.0010 to 0.0009
  /// falls by 10% an epoch with nothing left to gain). A narrow relu stack on wine under
  /// Adam's default rate ends 30 epochs at val_acc 0.67, its validation loss falling 0.8% an
  /// epoch; 120 epochs reach 0.94.
  static let stillFalling: Float = 0.005
  static let steadyFall: Float = 3
  static let remainingGain: Float = 0.1
  /// Room for more epochs: the validation error above this many standard errors of the
  /// validation accuracy; for values, a loss above this share of the target's variance.
  static let roomMultiple: Float = 2
  static let settledShare: Float = 0.2
  /// A run of 2 or 3 epochs whose last epoch took this share off the training loss.
  static let shortRunFall: Float = 0.2

  var samples: [TelemetrySample] { run.telemetry.samples }
  /// The second half of the samples, where a lasting condition shows (the first steps of any
  /// run look odd).
  private var laterSamples: ArraySlice<TelemetrySample> { samples.suffix(max(1, samples.count / 2)) }
  var startRate: Float? { samples.first?.learningRate ?? run.history.first?.learningRate }

  func findings() -> [Finding] {
    if let nan = nanLoss() { return [nan] }
    let checks: [() -> Finding?] = [
      lrTooHigh, exploding, dyingReLU, vanishing, saturated, lrTooLow, noSignal, overfitting, underfitting,
      oscillation, plateau, undertrained,
    ]
    var findings = checks.compactMap { $0() }
    // A curve that goes up and down is not flat, and weights that barely move say nothing of
    // capacity: underfitting needs a settled loss from steps that move the weights.
    if findings.contains(where: { $0.code == .oscillation || $0.code == .lrTooLow }) {
      findings.removeAll { $0.code == .underfitting }
    }
    // A crawl from a tiny rate or a climb from a huge one is not a run that wants more epochs;
    // a loss still falling steadily is not flat. Weights that stopped moving after a rate
    // too high threw them about say nothing of a rate too low.
    if findings.contains(where: { $0.code == .lrTooLow || $0.code == .lrTooHigh }) {
      findings.removeAll { $0.code == .undertrained }
    }
    if findings.contains(where: { $0.code == .undertrained }) { findings.removeAll { $0.code == .underfitting } }
    // Dead units pass no gradient, so the weights before them stand still whatever the rate.
    if findings.contains(where: { $0.code == .lrTooHigh || $0.code == .dyingReLU }) {
      findings.removeAll { $0.code == .lrTooLow }
    }
    // An unstable loss that happens to end flat has not converged, nor has one that crawls,
    // one still falling, or one that settled at chance.
    let unsettled: Set<Finding.Code> = [.lrTooHigh, .explodingGradients, .oscillation, .lrTooLow, .undertrained]
    guard !findings.contains(where: { unsettled.contains($0.code) }), !atChance, let converged = converged() else {
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
    let exploded = explodedToNonFinite
    let clip = setup.fix(option: "clip", "1.0")
    return Finding(
      exploded ? .explodingGradients : .nanLoss, .error,
      cause: exploded
        ? "the gradients exploded until the loss became NaN, so training stopped"
        : "the loss became NaN or infinite, so training stopped",
      evidence: evidence, fixes: exploded ? [clip] + lowerRate() : lowerRate() + [clip],
      range: layer.flatMap(setup.range(ofLayer:)),
      // A non-finite loss is past any threshold; the earlier it came, the more of the run it cost.
      strength: Strength.above(
        .infinity, 1, coverage: max(0.5, 1 - Double(epoch - 1) / Double(max(1, setup.config.epochs)))))
  }

  func lowerRate(by factor: Float = 10) -> [Fix] {
    startRate.map { [setup.fix(option: "lr", doctorFormat($0 / factor))] } ?? []
  }

  private func lrTooHigh() -> Finding? {
    var evidence: [String] = []
    // Each sign adds its own strength: a divergence with steps as large as the weights is
    // surer than either alone.
    var strength = 0.0
    if let best = losses.min(), let final = losses.last, losses.count > Self.divergenceEpochs,
      losses.suffix(Self.divergenceEpochs).allSatisfy({ $0 > Self.divergence * best }),
      chanceLoss.map({ final - best > Self.divergenceFloor * $0 }) ?? true
    {
      let bestEpoch = losses.firstIndex(of: best)! + 1
      evidence.append("training loss rose from \(doctorFormat(best)) (epoch \(bestEpoch)) to \(doctorFormat(final))")
      // A divergence is the rate's own signature: it counts twice, over the epochs since the best.
      let above = losses.reversed().prefix { $0 > Self.divergence * best }.count
      strength +=
        2
        * Strength.above(
          Double(final / best), Double(Self.divergence),
          coverage: max(0.5, Double(above) / Double(max(1, losses.count - bestEpoch))))
    }
    if let (layer, ratio) = largestUpdateRatio(), ratio > Self.highUpdateRatio {
      evidence.append("update/weight ratio \(doctorFormat(ratio)) in \(setup.name(ofLayer: layer)) (healthy ≈ 1e-3)")
      strength += Strength.above(Double(ratio), Double(Self.highUpdateRatio))
    } else if let (layer, ratio) = largestUpdateRatio(in: samples.prefix(max(1, samples.count / 2))),
      ratio > Self.explosiveUpdateRatio
    {
      evidence.append(
        "update/weight ratio \(doctorFormat(ratio)) in \(setup.name(ofLayer: layer)) over the first half (healthy ≈ 1e-3)"
      )
      strength += Strength.above(Double(ratio), Double(Self.explosiveUpdateRatio), coverage: 0.5)
    }
    if let (layer, growth) = largestWeightGrowth(), growth > Self.weightGrowth {
      evidence.append("the weights of \(setup.name(ofLayer: layer)) grew \(doctorFormat(growth))× during the run")
      strength += Strength.above(Double(growth), Double(Self.weightGrowth))
    }
    // An epoch's loss far past anything a guess costs: the logits overflowed on the way to
    // the dead units the run then settles in, which a loss falling from that peak hides.
    if let chance = chanceLoss, let peak = losses.max(), peak > Self.explodedLoss * chance {
      let epoch = losses.firstIndex(of: peak)! + 1
      evidence.append(
        "the training loss reached \(doctorFormat(peak)) in epoch \(epoch), \(doctorFormat(peak / chance))× chance level"
      )
      strength += min(Strength.above(Double(peak / chance), Double(Self.explodedLoss)), Strength.certain / 2)
    }
    // Worse than guessing from the first epoch on, at a rate far above the optimiser's usual:
    // the first steps threw the weights past anything the data could teach, and the units
    // they killed left nothing to move them back (plain SGD at 10 through a conv net).
    let usual = setup.config.optimizer.defaultLearningRate
    if let rate = startRate, let chance = chanceLoss, rate >= Self.farAboveUsualRate * usual, losses.count >= 2,
      losses.allSatisfy({ $0 > Self.aboveChance * chance })
    {
      evidence.append(
        "the training loss stayed above chance level (\(doctorFormat(chance))) in every epoch, at \(doctorFormat(rate / usual))× the optimiser's usual rate"
      )
      strength += 2 * Strength.above(Double(rate / usual), Double(Self.farAboveUsualRate))
    }
    guard !evidence.isEmpty else { return nil }
    if let rate = startRate { evidence.append("lr \(doctorFormat(rate))") }
    return Finding(
      .lrTooHigh, .warning, cause: "the learning rate is too high: each step overshoots",
      evidence: evidence, fixes: lowerRate() + [schedule()], range: setup.optionRanges["lr"], strength: strength)
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
      // The optimiser's usual rate when the given one is far below it, else ten times more.
      fixes: startRate.map {
        [setup.fix(option: "lr", doctorFormat(max($0 * 10, setup.config.optimizer.defaultLearningRate)))]
      } ?? [],
      range: setup.optionRanges["lr"], strength: Strength.below(Double(ratio), Double(Self.lowUpdateRatio)))
  }

  /// The dense or conv layer whose weight norm grew the most from the first sample to the
  /// last, and by how much, among layers whose weights ended large.
  private func largestWeightGrowth() -> (layer: Int, growth: Float)? {
    guard let first = samples.first, let last = samples.last, samples.count >= 4 else { return nil }
    var growths: [(layer: Int, growth: Float)] = []
    let counts = setup.weightCounts
    for start in first.layers {
      guard let from = start.weightNorm, from > 0,
        let to = last.layers.first(where: { $0.layer == start.layer })?.weightNorm, to.isFinite,
        let count = counts[start.layer], to / Float(count).squareRoot() > Self.largeWeight
      else { continue }
      growths.append((start.layer, to / from))
    }
    return growths.max { $0.growth < $1.growth }
  }

  /// Per layer, the median update/weight ratio over `samples` (the later ones unless given);
  /// the largest.
  private func largestUpdateRatio(in samples: ArraySlice<TelemetrySample>? = nil) -> (layer: Int, ratio: Float)? {
    layerMedians(\.updateRatio, in: samples).max { $0.value < $1.value }.map { ($0.layer, $0.value) }
  }

  /// Per layer, the median of `measure` over `samples` (the later ones unless given), for
  /// layers that report it.
  func layerMedians(
    _ measure: KeyPath<LayerTelemetry, Float?>, in samples: ArraySlice<TelemetrySample>? = nil
  ) -> [(layer: Int, value: Float)] {
    var byLayer: [Int: [Float]] = [:]
    for sample in samples ?? laterSamples {
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
    var strength = 0.0
    let pairs = firstAndLast
    if let ratio = median(pairs.map { $0.first / $0.last }), ratio > Self.explodingRatio {
      evidence.append("first/last layer gradient ratio \(doctorFormat(ratio)) (above \(Int(Self.explodingRatio)))")
      strength += Strength.above(Double(ratio), Double(Self.explodingRatio))
    }
    let norms = samples.map(\.gradientNorm).filter(\.isFinite)
    let quarter = max(1, norms.count / 4)
    if norms.count >= 4, let early = median(Array(norms.prefix(quarter))),
      let late = median(Array(norms.suffix(quarter))),
      late > Self.explodingGrowth * early
    {
      evidence.append("gradient norm grew from \(doctorFormat(early)) to \(doctorFormat(late))")
      strength += Strength.above(Double(late / early), Double(Self.explodingGrowth))
    }
    let relative = layerMedians(\.gradientToWeight)
    if let (layer, ratio) = relative.max(by: { $0.value < $1.value }), ratio > Self.explodingGradientToWeight {
      evidence.append("the gradient norm of \(setup.name(ofLayer: layer)) is \(doctorFormat(ratio))× its weight norm")
      let layers = relative.filter { $0.value > Self.explodingGradientToWeight }.count
      strength += Strength.above(
        Double(ratio), Double(Self.explodingGradientToWeight), coverage: Double(layers) / Double(relative.count))
    }
    if let (layer, growth) = throughTime.max(by: { $0.value < $1.value }), growth > Self.explodingThroughTime {
      evidence.append(growingThroughTime(layer, growth))
      strength += Strength.above(Double(growth), Double(Self.explodingThroughTime))
    }
    guard !evidence.isEmpty else { return nil }
    let clip = setup.fix(option: "clip", "1.0")
    return Finding(
      .explodingGradients, .warning, cause: "the gradients explode, so updates are erratic",
      evidence: evidence,
      // Through time, clipping is the remedy (Pascanu et al., 2013); a recurrent layer's
      // initializer is PyTorch's and not the user's to change.
      fixes: recurrentLayers.isEmpty
        ? [setup.defaultInitializers(), clip].compactMap { $0 } + lowerRate() : [clip] + lowerRate(),
      strength: strength)
  }

  private func vanishing() -> Finding? {
    if let throughTime = vanishingThroughTime() { return throughTime }
    let pairs = firstAndLast
    guard let ratio = median(pairs.map { $0.first / $0.last }),
      let first = median(pairs.map(\.first)), ratio < Self.vanishingRatio, first < Self.vanishingNorm
    else { return nil }
    let squashing = squashingHiddenLayers
    return Finding(
      .vanishingGradients, .warning, cause: "the early layers get almost no gradient, so they do not learn",
      evidence: [
        "first/last layer gradient ratio \(doctorFormat(ratio)), first layer norm \(doctorFormat(first))",
        squashing.isEmpty ? nil : "\(squashing.count) sigmoid/tanh hidden layers",
      ].compactMap { $0 },
      fixes: squashing.isEmpty ? [] : [reluInsteadOfSquashing()],
      range: squashing.first.flatMap(setup.range(ofLayer:)),
      strength: Strength.below(Double(ratio), Double(Self.vanishingRatio)))
  }

  /// The hidden layers that squash with sigmoid or tanh.
  private var squashingHiddenLayers: [Int] {
    setup.layers.indices.filter { index in
      guard index != setup.outputLayer else { return false }
      return Self.activation(of: setup.layers[index]).map { $0 == .sigmoid || $0 == .tanh } ?? false
    }
  }

  /// Every squashing hidden layer on relu, in one edit: swapping one of ten leaves the
  /// gradient to vanish in the other nine.
  private func reluInsteadOfSquashing() -> Fix {
    let squashing = Set(squashingHiddenLayers)
    return setup.fix(
      network: setup.layers.indices.map {
        squashing.contains($0) ? Self.replacing(setup.layers[$0], with: .relu) : setup.layers[$0]
      })
  }

  private func dyingReLU() -> Finding? {
    let hidden = layerMedians(\.inactiveUnits).filter { entry in
      entry.layer != setup.layers.count - 1 && Self.activation(of: setup.layers[entry.layer]) == .relu
    }
    guard let worst = hidden.max(by: { $0.value < $1.value }), worst.value >= Self.deadUnits else { return nil }
    // The living share against the 30% a layer keeps at the threshold: 72% dead is barely
    // past it, a layer with every unit dead is as strong as a finding gets; from half to all
    // of that as the share of relu layers that are dying grows.
    let dying = Double(hidden.filter { $0.value >= Self.deadUnits }.count) / Double(hidden.count)
    let strength = Strength.below(Double(1 - worst.value), Double(1 - Self.deadUnits), coverage: (1 + dying) / 2)
    return Finding(
      .dyingReLU, .warning, cause: "most relu units output zero for every sample, so they no longer learn",
      evidence: [
        "\(Int((worst.value * 100).rounded()))% of the units of \(setup.name(ofLayer: worst.layer)) are inactive"
      ],
      // leaky_relu keeps a gradient below zero, so dead units can come back; in every relu
      // layer at once, since a stack of them dies layer by layer.
      fixes: [
        setup.fix(
          network: setup.layers.map {
            Self.activation(of: $0) == .relu ? Self.replacing($0, with: .leakyReLU()) : $0
          }),
        setup.fix(layer: worst.layer, with: Self.replacing(setup.layers[worst.layer], with: .leakyReLU())),
      ] + lowerRate(),
      range: setup.range(ofLayer: worst.layer), strength: strength)
  }

  private func saturated() -> Finding? {
    let hidden = layerMedians(\.saturatedOutputs).filter { $0.layer != setup.layers.count - 1 }
    let saturatedLayers = hidden.filter { $0.value > Self.saturatedOutputs }
    guard let worst = saturatedLayers.max(by: { $0.value < $1.value }) else { return nil }
    // Saturated units only matter when the run pays for them: a tanh net that reaches a
    // tenth of chance loss on both parts is fine however flat its tails.
    let lost = [losses.last, run.history.last?.validationLoss].compactMap { $0 }.max()
    let hurt = chanceLoss.map { chance in lost.map { $0 >= Self.saturationCost * chance } ?? true } ?? true
    guard hurt || worst.value >= Self.saturatedAnyway else { return nil }
    var evidence = [
      "\(Int((worst.value * 100).rounded()))% of the outputs of \(setup.name(ofLayer: worst.layer)) have |z| ≥ 5"
    ]
    if let lost, let chance = chanceLoss, hurt {
      evidence.append(
        "the loss is still \(doctorFormat(lost)), \(Int((lost / chance * 100).rounded()))% of chance level")
    }
    let squashing = max(1, squashingHiddenLayers.count)
    return Finding(
      .saturatedUnits, .warning,
      cause: "most sigmoid/tanh units sit in their flat tails, where the gradient is nearly 0",
      evidence: evidence,
      fixes: [
        setup.fix(layer: worst.layer, with: Self.replacing(setup.layers[worst.layer], with: .relu)),
        reluInsteadOfSquashing(),
      ],
      range: setup.range(ofLayer: worst.layer),
      strength: Strength.below(
        Double(1 - worst.value), Double(1 - Self.saturatedOutputs),
        coverage: (1 + Double(saturatedLayers.count) / Double(squashing)) / 2))
  }

  static func activation(of layer: LayerConfig) -> Activation? {
    switch layer {
    case .dense(_, let activation, _, _), .activation(let activation): activation
    case .convolution(let c): c.activation
    case .batchNorm, .dropout, .pooling, .globalAveragePooling, .flatten, .recurrent, .embedding: nil
    }
  }

  /// The layer with another activation; a dense or conv layer's initializer goes back to the
  /// default.
  static func replacing(_ layer: LayerConfig, with activation: Activation) -> LayerConfig {
    switch layer {
    case .dense(let units, _, _, let bias): .dense(units: units, activation: activation, bias: bias)
    case .convolution(let c):
      .convolution(
        Convolution(
          dimensions: c.dimensions, filters: c.filters, kernel: c.kernel, stride: c.stride, padding: c.padding,
          activation: activation))
    default: .activation(activation)
    }
  }

  // MARK: Learning curves

  private func noSignal() -> Finding? {
    // A validation part too small to tell chance from a good fit says nothing: on 8 rows,
    // 0.75 against a chance of 0.5 is within two standard errors (healthy moons under another seed).
    guard let (chance, tolerance) = majorityShare, tolerance < (1 - chance) / 2 else { return nil }
    let later = run.history.suffix(max(1, run.history.count / 2))
    guard let validation = median(later.compactMap(\.validationAccuracy)),
      let final = run.history.last?.validationAccuracy, let training = run.history.last?.accuracy,
      max(validation, final) <= chance + tolerance, training >= chance + Self.slowImprovement
    else { return nil }
    // A validation loss still falling steadily is a run catching up, not labels without a
    // signal: wine under Adam at 0.001 sits at the majority share for 7 of 8 epochs.
    let validationLosses = run.history.compactMap(\.validationLoss)
    if let trend = LossTrend(validationLosses.suffix(max(4, validationLosses.count / 3))),
      trend.fall >= Self.stillFalling, trend.steadiness >= Self.steadyFall
    {
      return nil
    }
    return Finding(
      .noSignal, .warning,
      cause: "the validation accuracy stays at chance while training improves: the labels look unrelated to the inputs",
      evidence: [
        "validation accuracy \(doctorFormat(validation)), chance \(doctorFormat(chance))",
        "training accuracy \(doctorFormat(training))",
      ],
      fixes: [Fix("describe(data)")],
      // How far training got past chance, against the 0.1 it must reach, while validation stayed.
      strength: Strength.above(Double(training - chance), Double(Self.slowImprovement)))
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
      fixes: [
        setup.fix(option: "early", "5"), setup.fix(option: "l2", "1e-3"), setup.dropoutAfterLastHiddenLayer(0.3),
      ],
      // The rise past its threshold, over the share of the run spent rising.
      strength: Strength.above(
        Double(final / best), Double(Self.overfittingRise),
        coverage: 2 * Double(run.history.count - bestEpoch) / Double(run.history.count)))
  }

  /// What a net that learned nothing scores: ln C for classes, the target's variance for mse.
  var chanceLoss: Float? {
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
    // A regression target's noise is unknown: a net at the floor of a noisy target (one
    // feature explaining a quarter of it, the healthy regression-one-feature-long) sits at
    // 70% of its variance. Only a loss near the variance itself says the net learned nothing.
    let share = setup.classCount == nil ? Self.chanceShare : Self.underfittingShare
    guard let chance = chanceLoss, let final = losses.last, let recent = recentImprovement,
      final > share * chance, abs(recent) < Self.flatImprovement
    else { return nil }
    var evidence = [
      "training loss \(doctorFormat(final)) after \(losses.count) epochs; chance level \(doctorFormat(chance))"
    ]
    if let validation = run.history.last?.validationLoss {
      evidence.append("validation loss \(doctorFormat(validation))")
    }
    evidence.append("improved \(doctorFormat(recent * 100))% over the last \(max(2, losses.count / 3)) epochs")
    let narrowest = narrowestHidden()
    var fixes = narrowest.map { [setup.fix(layer: $0.index, with: $0.wider)] } ?? hiddenLayer().map { [$0] } ?? []
    // A net that never left chance level from weights drawn tiny on purpose sits on the saddle
    // at zero, whatever its width: the default draw starts it off.
    if stuckAtChanceLoss, let initializers = setup.defaultInitializers() { fixes.insert(initializers, at: 0) }
    // A penalty that outweighs the loss holds every weight near zero, whatever the width:
    // l2: 1 keeps a 64-unit net on digits at val_acc 0.28. A hundredth of it first.
    for (name, penalty) in [("l2", setup.config.l2), ("l1", setup.config.l1)] where penalty >= Self.heavyPenalty {
      evidence.append("\(name) \(doctorFormat(penalty)) pulls every weight towards zero")
      fixes.insert(setup.fix(option: name, doctorFormat(penalty / 100)), at: 0)
    }
    return Finding(
      .underfitting, .warning,
      cause: stuckAtChanceLoss
        ? "both losses stay at chance level: the network learns nothing from its inputs"
        : "both losses stay high and flat: the network has too little capacity",
      evidence: evidence,
      fixes: fixes,
      range: narrowest.flatMap { setup.range(ofLayer: $0.index) },
      // The loss against the half of chance it must stay above, and the flatness against its 5%.
      strength: Strength.above(Double(final), Double(share * chance))
        + Strength.below(Double(max(recent, 1e-4)), Double(Self.flatImprovement), coverage: 0.5))
  }

  /// A net with no hidden dense layer draws one boundary per class from the inputs alone:
  /// a relu layer of 64 before its output layer, as an edit of that line.
  private func hiddenLayer() -> Fix? {
    guard let output = setup.outputLayer,
      !setup.layers[..<output].contains(where: {
        if case .dense = $0 { true } else { false }
      }), let range = setup.range(ofLayer: output)
    else { return nil }
    let text = "dense 64 relu; \(range.text)"
    return Fix(text, edit: Fix.Edit(range: range, replacement: text, original: range.text))
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
    let relative = accuracies.count != run.history.count
    // Without accuracy, the loss on a log scale: a swing is a change by a share of it.
    let series = relative ? losses.map { Float(log(Double(max($0, 1e-30)))) } : accuracies
    // The accuracy of a net still at chance loss swings with every turn of a boundary that
    // separates nothing (a linear layer on xor): that is underfitting, not oscillation.
    guard series.count >= Self.minimumEpochs, series.allSatisfy(\.isFinite), !stuckAtChanceLoss else { return nil }
    let amplitude = max(relative ? Self.oscillationLogAmplitude : Self.oscillationAmplitude, epochNoise(relative))
    let reversals = Self.reversals(series, amplitude: amplitude)
    let needed = max(Float(Self.oscillationTurns), Self.oscillatingShare * Float(series.count))
    guard Float(reversals) >= needed, swingsTheValidation else { return nil }
    // On a log scale a loss near zero swings by large shares of itself: a regression net that
    // memorises diabetes for 200 epochs turns 22 times between 0.025 and 0.05 of a variance of 1.
    if relative, let chance = chanceLoss,
      let later = median(Array(losses.suffix(max(1, losses.count / 2)))), later < Self.divergenceFloor * chance
    {
      return nil
    }
    return Finding(
      .oscillation, .warning, cause: "the training curve goes up and down instead of settling",
      evidence: [
        relative
          ? "the loss turned \(reversals) times in \(series.count) epochs, each time by more than \(Int(((exp(amplitude) - 1) * 100).rounded()))%"
          : "the accuracy turned \(reversals) times in \(series.count) epochs, each time by \(doctorFormat(amplitude)) or more"
      ],
      fixes: lowerRate(by: 3) + [setup.fix(option: "batch", String(setup.config.batchSize * 4))],
      range: setup.optionRanges["lr"], strength: Strength.above(Double(reversals), Double(needed)))
  }

  /// Whether the validation accuracy of the later half swings beyond its own noise (its
  /// range wider than ±2 standard errors), when there is one: a wobbling training curve that
  /// leaves the held-out result steady costs nothing (batch norm under momentum on spirals
  /// swings training accuracy by 0.03 while validation stays within 0.95–1 of 80 rows).
  private var swingsTheValidation: Bool {
    var later = run.history.suffix(max(2, run.history.count / 2)).compactMap(\.validationAccuracy).sorted()
    // One dip is no swing: the second lowest and second highest, given enough epochs (batch
    // norm on spirals under another seed dips to 0.925 once in fifty epochs at 0.975–1).
    if later.count >= 6 { later = Array(later.dropFirst().dropLast()) }
    guard later.count >= 2, !setup.validationRows.isEmpty, let low = later.first, let high = later.last,
      let p = median(later)
    else { return true }
    let n = Float(setup.validationRows.count)
    return high - low > 4 * (max(p * (1 - p), 1 / n) / n).squareRoot()
  }

  /// Three standard errors of an epoch's training accuracy (or, for `logLoss`, its loss on a
  /// log scale) measured on the training rows.
  private func epochNoise(_ logLoss: Bool) -> Float {
    let rows = Float(max(1, setup.trainingRows.count))
    guard !logLoss else { return Self.noiseMultiple * (2 / rows).squareRoot() }
    let p = median(run.history.compactMap(\.accuracy)) ?? 0.5
    return Self.noiseMultiple * (p * (1 - p) / rows).squareRoot()
  }

  /// How often `series` changes direction by at least `amplitude` (a zigzag filter: moves
  /// smaller than that are noise, whether they come one epoch at a time or spread over
  /// several).
  static func reversals(_ series: [Float], amplitude: Float) -> Int {
    guard var low = series.first else { return 0 }
    var high = low
    var direction = 0  // 1 rising, -1 falling, 0 not yet known
    var extreme = low
    var count = 0
    for x in series.dropFirst() {
      switch direction {
      case 0:
        (low, high) = (min(low, x), max(high, x))
        if high - x >= amplitude {
          (direction, extreme) = (-1, x)
        } else if x - low >= amplitude {
          (direction, extreme) = (1, x)
        }
      case 1:
        if x > extreme {
          extreme = x
        } else if extreme - x >= amplitude {
          (direction, extreme, count) = (-1, x, count + 1)
        }
      default:
        if x < extreme {
          extreme = x
        } else if x - extreme >= amplitude {
          (direction, extreme, count) = (1, x, count + 1)
        }
      }
    }
    return count
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
      // Weights drawn tiny on purpose start on a saddle: the default draw starts off it.
      fixes: [setup.defaultInitializers()].compactMap { $0 } + [
        setup.fix(option: "lr", "plateau(\(doctorFormat(startRate ?? 1e-3)), 0.5, 3)"),
        setup.fix(option: "restarts", "3"),
      ],
      // The stretch against the length a plateau needs, and the fall after it against its 10%.
      strength: Strength.above(Double(to - from), Double(length))
        * (1 + log(Double(losses[from] / losses.last!) / 1.1 + 1) / 2))
  }

  /// A loss still falling steadily at the end of a run that ran all its epochs: more of them
  /// would help. The validation loss, when there is one, must be falling too, or more epochs
  /// would only memorise.
  private func undertrained() -> Finding? {
    guard case .completed = run.stopReason, let final = losses.last, let first = losses.first else { return nil }
    guard losses.count >= 4 else { return shortRunUndertrained() }
    let window = max(4, losses.count / 3)
    guard let training = LossTrend(losses.suffix(window)), training.fall >= Self.stillFalling,
      training.steadiness >= Self.steadyFall
    else { return nil }
    var evidence = [
      "training loss fell by \(doctorFormat(training.fall * 100))% an epoch over the last \(window) epochs, to \(doctorFormat(final))"
    ]
    let validationLosses = run.history.compactMap(\.validationLoss)
    var fall = training.fall
    if validationLosses.count == losses.count {
      guard let validation = LossTrend(validationLosses.suffix(window)), validation.fall >= Self.stillFalling,
        validation.steadiness >= Self.steadyFall
      else { return nil }
      evidence.append(
        "validation loss fell by \(doctorFormat(validation.fall * 100))% an epoch, to \(doctorFormat(validationLosses.last!))"
      )
      fall = min(fall, validation.fall)
    }
    // A high loss that the trend takes down by less than underfitting's 5% over the last
    // third is a net at its floor more than one short of epochs: a one-unit bottleneck on
    // digits crawls 1% an epoch at 89% of ln 10, and twice the epochs add 0.006 val_acc.
    if let chance = chanceLoss, final > Self.underfittingShare * chance,
      1 - pow(1 - fall, Float(window)) < Self.flatImprovement
    {
      return nil
    }
    // More epochs can only help a metric with room left beyond its noise.
    guard hasRoomLeft(final) else { return nil }
    // What as many epochs again at the recent pace would take off, against what the run took
    // off so far (from its first step, whose loss is the untrained net's).
    let start = max(first, samples.first?.loss ?? first)
    let gain = final * (1 - pow(1 - fall, Float(losses.count)))
    guard start > final, gain >= Self.remainingGain * (start - final) else { return nil }
    evidence.append(
      "as many epochs again at that pace would take off \(doctorFormat(gain)), against \(doctorFormat(start - final)) so far"
    )
    // Tenths of a percent: a slow 0.6% an epoch is not rounded to 1%.
    let percent = doctorFormat((fall * 1000).rounded() / 10)
    return Finding(
      .undertrained, .warning, cause: "the loss was still falling by \(percent)% an epoch; train longer",
      evidence: evidence, fixes: [setup.fix(option: "epochs", String(2 * setup.config.epochs))],
      range: setup.optionRanges["epochs"],
      strength: Strength.above(Double(gain / (start - final)), Double(Self.remainingGain))
        * min(Double(training.steadiness / Self.steadyFall), 2) / 2)
  }

  /// A run too short for a trend (2 or 3 epochs) is undertrained when its last epoch still
  /// took a fifth off the training loss and a tenth off the validation loss, with room left
  /// on the validation accuracy: two epochs of digits end at val_acc 0.9 still falling 40%.
  private func shortRunUndertrained() -> Finding? {
    guard losses.count >= 2, let final = losses.last, final > 0, losses.allSatisfy(\.isFinite) else { return nil }
    let previous = losses[losses.count - 2]
    let fall = 1 - final / previous
    guard fall >= Self.shortRunFall, hasRoomLeft(final) else { return nil }
    var evidence = [
      "training loss fell by \(doctorFormat(fall * 100))% in the last of \(losses.count) epochs, to \(doctorFormat(final))"
    ]
    let validation = run.history.compactMap(\.validationLoss)
    if validation.count == losses.count {
      let validationFall = 1 - validation.last! / validation[validation.count - 2]
      guard validationFall >= Self.shortRunFall / 2 else { return nil }
      evidence.append(
        "validation loss fell by \(doctorFormat(validationFall * 100))%, to \(doctorFormat(validation.last!))")
    }
    return Finding(
      .undertrained, .warning,
      cause: "the loss was still falling by \(doctorFormat((fall * 1000).rounded() / 10))% an epoch; train longer",
      evidence: evidence, fixes: [setup.fix(option: "epochs", String(max(10, 4 * setup.config.epochs)))],
      range: setup.optionRanges["epochs"], strength: Strength.above(Double(fall), Double(Self.shortRunFall)))
  }

  /// Whether more epochs could still help: a training loss still above `settledShare` of
  /// chance level, and room left on the validation accuracy beyond its noise. A run at
  /// val_acc 1 on 8 moons (loss 11% of ln 2), 0.944 on wine's 36 rows (17% of ln 3) or 0.953
  /// after 3 epochs of digits (9.5% of ln 10) is done whatever its loss still does (the
  /// healthy moons-small-balanced, wine-restarts-clipvalue and digits-three-epochs); the
  /// undertrained scenarios end at 40% to 90% of chance.
  private func hasRoomLeft(_ final: Float) -> Bool {
    if let chance = chanceLoss, final < Self.settledShare * chance { return false }
    if let validation = run.history.last?.validationAccuracy, !setup.validationRows.isEmpty {
      let n = Float(setup.validationRows.count)
      return 1 - validation > Self.roomMultiple * (validation * (1 - validation) / n).squareRoot()
    }
    return true
  }

  /// Whether the run ended where a net that learned nothing ends: its validation accuracy at
  /// the majority class's share, or its training loss near chance level.
  private var atChance: Bool {
    if stuckAtChanceLoss { return true }
    guard let majority = majorityShare, let validation = run.history.last?.validationAccuracy else { return false }
    return validation <= majority.share + majority.tolerance
  }

  /// Whether the training loss ended near chance level, and the validation loss too when there
  /// is one (a training loss that spikes at the end of a diverging run is not stuck).
  private var stuckAtChanceLoss: Bool {
    guard let chance = chanceLoss, let final = losses.last else { return false }
    let validation = run.history.last?.validationLoss ?? final
    return min(final, validation) >= Self.chanceShare * chance
  }

  /// The largest class's share of the validation rows, and two standard errors of an
  /// accuracy measured on that many rows.
  private var majorityShare: (share: Float, tolerance: Float)? {
    guard case .classes(let labels, let names) = setup.dataset.targets, !setup.validationRows.isEmpty else {
      return nil
    }
    var counts = [Int](repeating: 0, count: names.count)
    for row in setup.validationRows { counts[Int(labels[row])] += 1 }
    let n = Float(setup.validationRows.count)
    let share = Float(counts.max()!) / n
    return (share, 2 * (share * (1 - share) / n).squareRoot())
  }

  private func converged() -> Finding? {
    guard let first = losses.first, let final = losses.last, first > final else { return nil }
    let band = Self.convergedBand * (first - final)
    // The first epoch of the band the run ends in: walked back from the end, in one pass.
    let epoch = (losses.lastIndex { abs($0 - final) > band } ?? -1) + 1
    guard epoch < losses.count - 1 else { return nil }
    return Finding(
      .converged, .info, cause: "the loss settled after epoch \(epoch + 1)",
      evidence: [
        "training loss within \(doctorFormat(band)) of \(doctorFormat(final)) from epoch \(epoch + 1) of \(losses.count)"
      ])
  }
}
