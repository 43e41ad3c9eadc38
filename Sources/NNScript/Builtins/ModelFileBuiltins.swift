import NNCore

extension Builtins {
  static let modelFiles: [Builtin] = [
    Builtin(
      "load_net", "path",
      "the network a `save`d file holds, with its weights, made the session's trained network: predict, eval, save and train go on from it"
    ) { args in
      let (path, absolute) = try args.path(0, for: .reading)
      do {
        return .network(
          try ModelFileCommands(interpreter: args.interpreter).loadNetwork(from: path, resolvedTo: absolute))
      } catch let error as FileFailure {
        throw args.failure("cannot load '\(path)': \(error.reason)", at: 0)
      } catch let diagnostic as Diagnostic {
        throw diagnostic.located(in: args.interpreter)
      }
    }
  ]
}
