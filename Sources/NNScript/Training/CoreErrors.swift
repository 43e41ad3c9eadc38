import NNCore

extension Diagnostic {
  /// Runs `work`, turning the core's training, network and data errors into diagnostics: at
  /// the layer of `network` an error names, else at `range`.
  static func pointingCoreErrors<T>(at range: SourceRange, in network: NetworkValue?, _ work: () throws -> T) throws
    -> T
  {
    do {
      return try work()
    } catch let error as TrainingError {
      throw Diagnostic(error: error.phrased, at: range)
    } catch let error as NetworkError {
      let layers = network?.layers ?? []
      throw Diagnostic(
        error: error.message, at: error.layer.flatMap { layers.indices.contains($0) ? layers[$0].range : nil } ?? range)
    } catch let error as DataError {
      var diagnostic = Diagnostic(error: error.problem?.phrased ?? error.message, at: range)
      if let hint = error.problem.map(\.phrasedHint) ?? error.hint { diagnostic = diagnostic.note(hint) }
      throw diagnostic
    }
  }
}
