import NNCore

/// A network's parameters and batch buffers are counted before any is allocated: one too large
/// for the memory there is is refused at its widest layer, rather than taking the process down.
extension NetworkCompiler {
  func checkMemory(
    _ configs: [LayerConfig], from input: SampleShape, rows: Int, optimizer: OptimizerConfig?, budget: MemoryBudget
  ) throws {
    // The shapes were checked, so the footprint has no shape error to throw.
    guard let footprint = try? NetworkFootprint(inputShape: input, layers: configs, rows: rows, optimizer: optimizer),
      footprint.bytes > Double(budget.bytes)
    else { return }
    let batch = rows > 0 ? " for batch \(rows)" : ""
    let widest = footprint.widestLayer
    var diagnostic = Diagnostic(
      error: "this network needs about \(MemoryBudget.describe(footprint.bytes))\(batch), \(budget.phrase)",
      at: network.layers[widest].range)
    let share = MemoryBudget.describe(footprint.layerBytes[widest])
    let smaller =
      switch configs[widest] {
      case .dense: "fewer units"
      case .convolution: "fewer filters or a larger stride"
      default: "a smaller input"
      }
    diagnostic.label =
      "this layer takes \(share): give it \(smaller)" + (rows > 1 ? ", or train in smaller batches" : "")
    throw diagnostic
  }
}
