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

  /// What a forward and backward pass over some rows of the batch found.
  struct PassOutcome {
    /// Σ w_i·loss_i over the rows.
    let total: Double
    /// Rows classified right, for class targets.
    let correct: Int?
  }

  /// One optimisation step on the `rows` rows in the loader: forward, loss, backward, penalty,
  /// clipping, update, and telemetry when `sample` says which step this is. Returns nil, without
  /// updating any parameter, when the loss is not finite. With `parallelSteps`, the step splits
  /// the batch over two threads.
  func step(
    rows: Int, hasClasses: Bool, learningRate: Float, measureNorm: Bool = false, sample: (epoch: Int, step: Int)?
  ) -> StepOutcome? {
    // A recurrent layer measures its gradient through time over the rows it ran: a sampled
    // step keeps them whole.
    if let parallel = parallelSteps, rows >= 2, sample == nil || !parallel.hasRecurrentLayer,
      let outcome = parallelStep(
        parallel, rows: rows, hasClasses: hasClasses, learningRate: learningRate, sample: sample)
    {
      return outcome
    }
    let x = UnsafePointer(loader.input.pointer)
    let targets = loader.targets(classWeights: classWeights.map { UnsafePointer($0.pointer) }, hasClasses: hasClasses)
    guard let pass = pass(network, x, rows: rows, targets: targets, scale: 1 / Float(rows), random: &random) else {
      return nil
    }
    let norm = penalisedGradientNorm(measure: measureNorm || sample != nil)
    if sample != nil { recorder.measureBeforeUpdate() }
    clipAndPenalise(norm: norm)
    optimizer.update(network.parameters.pointer, gradients: network.gradients.pointer, learningRate: learningRate)
    let batchLoss = Float(pass.total / Double(rows))
    if let sample {
      telemetry.samples.append(
        TelemetrySample(
          epoch: sample.epoch, step: sample.step, loss: batchLoss, gradientNorm: norm!, learningRate: learningRate,
          layers: recorder.layersAfterUpdate(rows: rows, fusedOutput: fusedOutput)))
    }
    return StepOutcome(loss: batchLoss, lossTotal: pass.total, correct: pass.correct ?? 0, gradientNorm: norm)
  }

  /// The forward pass of `rows` rows of `x` through `net`, the loss, and (when the loss is
  /// finite) the backward pass, leaving `scale`·∇ in `net`'s gradients; nil for a loss that is
  /// not finite.
  private func pass(
    _ net: Network, _ x: UnsafePointer<Float>, rows: Int, targets: BatchTargets, scale: Float,
    random: inout SeededGenerator
  ) -> PassOutcome? {
    let output = net.forward(
      x, rows: rows, mode: ForwardMode(training: true, skipActivation: fusedOutput), random: &random)
    let total = LossKernel.evaluate(
      loss, output: output, rows: rows, columns: net.outputWidth, targets: targets, gradient: net.outputGradient,
      scale: scale)
    guard total.isFinite, Float(total / Double(rows)).isFinite else { return nil }
    let correct = targets.classes.map {
      LossKernel.correct(
        output: output, rows: rows, columns: net.outputWidth, classes: $0, threshold: fusedOutput ? 0 : 0.5)
    }
    net.backward(x, rows: rows)
    return PassOutcome(total: total, correct: correct)
  }

  /// Adds the l1 penalty's gradient and returns the global gradient norm when `measure` or
  /// clipping needs it.
  private func penalisedGradientNorm(measure: Bool) -> Float? {
    let (p, g, count) = (network.parameters.pointer, network.gradients.pointer, network.parameterCount)
    if config.l1 > 0 {
      let l1 = config.l1
      for range in penalisedRanges {
        for i in range { g[i] += p[i] > 0 ? l1 : (p[i] < 0 ? -l1 : 0) }
      }
    }
    return measure || config.clipNorm != nil ? VectorMath.sumOfSquares(g, count: count).squareRoot() : nil
  }

  /// PyTorch's order: clip the norm, then the values, then add l2·p (which PyTorch's optimisers
  /// do inside their step), all in one pass.
  private func clipAndPenalise(norm: Float?) {
    let (p, g, count) = (network.parameters.pointer, network.gradients.pointer, network.parameterCount)
    let scale = config.clipNorm.map { Swift.min(1, $0 / (norm! + 1e-6)) } ?? 1
    let limit = config.clipValue ?? .infinity
    let l2 = config.l2
    if scale < 1 || config.clipValue != nil || l2 != 0 {
      for i in 0..<count { g[i] = Swift.min(Swift.max(g[i] * scale, -limit), limit) + l2 * p[i] }
    }
  }

  /// The step on two threads: the batch's first half through the network here and the rest
  /// through the replica on the worker, the replica's gradients added in, and the update, each
  /// thread taking half the parameters. The same numbers as one thread but for the rounding of
  /// the split sums, and the same on every run. Nil, having updated nothing, for a loss that is
  /// not finite: the step then runs again on one thread, whose outputs show the layer that made it.
  private func parallelStep(
    _ parallel: ParallelSteps, rows: Int, hasClasses: Bool, learningRate: Float, sample: (epoch: Int, step: Int)?
  ) -> StepOutcome? {
    let (replica, worker) = (parallel.replica, parallel.worker)
    let x = UnsafePointer(loader.input.pointer)
    let targets = loader.targets(classWeights: classWeights.map { UnsafePointer($0.pointer) }, hasClasses: hasClasses)
    let half = (rows + 1) / 2
    let scale = 1 / Float(rows)
    var theirs: PassOutcome?
    var mine: PassOutcome?
    worker.run(
      {
        var unused = SeededGenerator(seed: 0)
        theirs = self.pass(
          replica, x + half * self.network.inputWidth, rows: rows - half,
          targets: targets.dropping(half, columns: self.network.outputWidth), scale: scale, random: &unused)
      },
      beside: { mine = pass(network, x, rows: half, targets: targets, scale: scale, random: &random) })
    guard let mine, let theirs else { return nil }
    let (g, other, p) = (network.gradients.pointer, replica.gradients.pointer, network.parameters.pointer)
    let (all, middle) = (optimizer.paddedCount, parallel.middle)
    worker.run(
      { VectorMath.add(other + middle, into: g + middle, count: all - middle) },
      beside: { VectorMath.add(other, into: g, count: middle) })
    let norm = penalisedGradientNorm(measure: sample != nil)
    if sample != nil { recorder.measureBeforeUpdate() }
    clipAndPenalise(norm: norm)
    optimizer.advance()
    worker.run(
      { self.optimizer.update(p, gradients: g, learningRate: learningRate, range: middle..<all) },
      beside: { optimizer.update(p, gradients: g, learningRate: learningRate, range: 0..<middle) })
    let total = mine.total + theirs.total
    let batchLoss = Float(total / Double(rows))
    if let sample {
      telemetry.samples.append(
        TelemetrySample(
          epoch: sample.epoch, step: sample.step, loss: batchLoss, gradientNorm: norm!, learningRate: learningRate,
          layers: recorder.layersAfterUpdate(
            parts: [(network, half), (replica, rows - half)], fusedOutput: fusedOutput)))
    }
    return StepOutcome(
      loss: batchLoss, lossTotal: total, correct: (mine.correct ?? 0) + (theirs.correct ?? 0), gradientNorm: norm)
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
