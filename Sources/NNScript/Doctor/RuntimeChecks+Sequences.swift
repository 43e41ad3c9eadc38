import NNCore

/// The checks of recurrent layers: how the loss's gradient fares on its way back through time,
/// read from each sample's ‖∂loss/∂h₁‖ / ‖∂loss/∂h_T‖ (`LayerTelemetry.gradientThroughTime`).
extension RuntimeChecks {
  /// Below this, over the later samples, the first steps get no gradient: a tanh rnn 32 on the
  /// adding problem at length 50 sits near 1e-10 and stays at chance, where a gru 32 that
  /// solves it keeps 0.2 and an lstm 0.06; an rnn on digits' 8 rows keeps about 1, on parity
  /// at length 8 0.02, a gru on 12 years of sunspots 0.04.
  static let vanishingThroughTime: Float = 1e-4
  /// Above this the gradient grows on its way back: healthy runs of the suite stay below 6.
  static let explodingThroughTime: Float = 100
  /// Vanishing through time costs the run something only while its loss is at least this
  /// share of chance level: a task the last steps alone can solve does not need the first.
  static let forgettingShare: Float = 0.5

  /// The recurrent layers' indices.
  var recurrentLayers: [Int] {
    setup.layers.indices.filter { if case .recurrent = setup.layers[$0] { true } else { false } }
  }

  /// Per recurrent layer, the median gradient through time over the later samples.
  var throughTime: [(layer: Int, value: Float)] { layerMedians(\.gradientThroughTime) }

  /// A recurrent network whose loss went non-finite after its gradient norm grew past
  /// `explodingGrowth` times its first sample's (or past any float), or whose recurrent layer
  /// was the first to compute non-finite values: its states are bounded (tanh, gates) or were
  /// finite a step before, so its weights were thrown there by an update. The explosion
  /// clipping is for.
  var explodedToNonFinite: Bool {
    guard !recurrentLayers.isEmpty, case .nonFiniteLoss(_, _, let layer, _) = run.stopReason else { return false }
    if let layer, recurrentLayers.contains(layer) { return true }
    guard let first = samples.first?.gradientNorm, first > 0 else { return false }
    let largest = samples.map(\.gradientNorm).filter(\.isFinite).max() ?? .infinity
    let nonFinite = samples.contains { !$0.gradientNorm.isFinite }
    return nonFinite || largest > Self.explodingGrowth * first
  }

  /// `the gradient reaching the first of 50 steps of layer 1 (rnn 32 tanh) is 4.9e-10 of the last's`
  func growingThroughTime(_ layer: Int, _ ratio: Float) -> String {
    "the gradient reaching the first of \(steps(ofLayer: layer)) steps of \(setup.name(ofLayer: layer)) "
      + "is \(doctorFormat(ratio))× the last's"
  }

  func vanishingThroughTime() -> Finding? {
    let fading = throughTime.filter { $0.value < Self.vanishingThroughTime }
    guard let worst = fading.min(by: { $0.value < $1.value }), let chance = chanceLoss, let final = losses.last
    else { return nil }
    let validation = run.history.last?.validationLoss ?? final
    guard min(final, validation) >= Self.forgettingShare * chance else { return nil }
    // A vanilla rnn's state is rewritten at every step; gated cells carry it across.
    let vanilla = fading.map(\.layer).filter {
      if case .recurrent(let r) = setup.layers[$0], case .rnn = r.cell { true } else { false }
    }
    return Finding(
      .vanishingGradients, .warning,
      cause: "the gradient fades on its way back through time, so the early steps of a sequence go unlearnt",
      evidence: [
        growingThroughTime(worst.layer, worst.value),
        "training loss \(doctorFormat(final)), \(doctorFormat(final / chance))× chance level",
      ],
      fixes: vanilla.isEmpty ? [] : [gated(vanilla, .gru), gated(vanilla, .lstm)],
      range: setup.range(ofLayer: vanilla.first ?? worst.layer),
      strength: Strength.below(Double(worst.value), Double(Self.vanishingThroughTime)))
  }

  /// The rnn layers at `indices` as gated cells of the same size.
  private func gated(_ indices: [Int], _ cell: Recurrent.Cell) -> Fix {
    func replaced(_ index: Int) -> LayerConfig {
      guard case .recurrent(var r) = setup.layers[index] else { return setup.layers[index] }
      r.cell = cell
      return .recurrent(r)
    }
    if indices.count == 1 { return setup.fix(layer: indices[0], with: replaced(indices[0])) }
    return setup.fix(network: setup.layers.indices.map { indices.contains($0) ? replaced($0) : setup.layers[$0] })
  }

  /// The steps a recurrent layer runs over: its input's first dimension.
  private func steps(ofLayer index: Int) -> Int { setup.layerInputs[index].spatial.first ?? 1 }
}
