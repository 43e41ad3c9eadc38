extension Trainer {
  /// What one step measured.
  struct StepOutcome {
    /// The batch's data loss (no penalty), before the update.
    let loss: Float
    /// Σ w_i·loss_i over the batch, for the epoch's mean.
    let lossTotal: Double
    /// Rows classified right, for class targets.
    let correct: Int
    /// The global gradient norm before clipping, when it was measured.
    let gradientNorm: Float?
  }

  /// One optimisation step on the `rows` rows in the loader: forward, loss, backward, penalty,
  /// clipping, update, and telemetry when `sample` says which step this is. Returns nil, without
  /// updating any parameter, when the loss is not finite.
  func step(
    rows: Int, hasClasses: Bool, learningRate: Float, measureNorm: Bool = false, sample: (epoch: Int, step: Int)?
  ) -> StepOutcome? {
    let x = UnsafePointer(loader.input.pointer)
    let output = network.forward(
      x, rows: rows, mode: ForwardMode(training: true, skipActivation: fusedOutput), random: &random)
    let targets = loader.targets(classWeights: classWeights.map { UnsafePointer($0.pointer) }, hasClasses: hasClasses)
    let total = LossKernel.evaluate(
      loss, output: output, rows: rows, columns: network.outputWidth, targets: targets,
      gradient: network.outputGradient, scale: 1 / Float(rows))
    let batchLoss = Float(total / Double(rows))
    guard batchLoss.isFinite else { return nil }
    let correct = targets.classes.map {
      LossKernel.correct(
        output: output, rows: rows, columns: network.outputWidth, classes: $0, threshold: fusedOutput ? 0 : 0.5)
    }
    network.backward(x, rows: rows)

    let (p, g, count) = (network.parameters.pointer, network.gradients.pointer, network.parameterCount)
    if config.l1 > 0 {
      let l1 = config.l1
      for range in penalisedRanges {
        for i in range { g[i] += p[i] > 0 ? l1 : (p[i] < 0 ? -l1 : 0) }
      }
    }
    let norm =
      measureNorm || sample != nil || config.clipNorm != nil
      ? VectorMath.sumOfSquares(g, count: count).squareRoot() : nil
    if sample != nil { recorder.measureBeforeUpdate() }
    // PyTorch's order: clip the norm, then the values, then add l2·p (which PyTorch's
    // optimisers do inside their step), all in one pass.
    let scale = config.clipNorm.map { Swift.min(1, $0 / (norm! + 1e-6)) } ?? 1
    let limit = config.clipValue ?? .infinity
    let l2 = config.l2
    if scale < 1 || config.clipValue != nil || l2 != 0 {
      for i in 0..<count { g[i] = Swift.min(Swift.max(g[i] * scale, -limit), limit) + l2 * p[i] }
    }
    optimizer.update(p, gradients: g, learningRate: learningRate)

    if let sample {
      telemetry.samples.append(
        TelemetrySample(
          epoch: sample.epoch, step: sample.step, loss: batchLoss, gradientNorm: norm!, learningRate: learningRate,
          layers: recorder.layersAfterUpdate(rows: rows, fusedOutput: fusedOutput)))
    }
    return StepOutcome(loss: batchLoss, lossTotal: total, correct: correct ?? 0, gradientNorm: norm)
  }

  /// One step on a whole batch given as a set (at most `config.batchSize` rows), measuring the
  /// gradient norm: for tests against reference implementations.
  func step(on batch: TrainingSet, learningRate: Float) throws -> StepOutcome? {
    try network.check(batch, loss: loss, role: "batch")
    precondition(batch.count <= config.batchSize, "the batch is larger than the configured batch size")
    prepare(rows: batch.count)
    let hasClasses = DataView.with(batch) { view in
      loader.load(0..<batch.count, from: view)
      return view.classes != nil
    }
    return step(rows: batch.count, hasClasses: hasClasses, learningRate: learningRate, measureNorm: true, sample: nil)
  }
}
