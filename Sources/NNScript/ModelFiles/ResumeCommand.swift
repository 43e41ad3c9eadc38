import Foundation
import NNCore

/// `resume DIR`: a checkpointed run goes on after its last saved epoch.
struct ResumeCommand: Command {
  let interpreter: Interpreter

  func run(from folder: (Value, SourceRange), at range: SourceRange) throws -> Value {
    let (shown, absolute) = try interpreter.path(folder, for: "resume", what: "a folder", use: .reading)
    func failure(_ reason: String) -> Diagnostic {
      Diagnostic(error: "cannot resume from '\(shown)': \(reason)", at: folder.1)
    }
    var isFolder: ObjCBool = false
    guard FileManager.default.fileExists(atPath: absolute, isDirectory: &isFolder), isFolder.boolValue else {
      throw failure("there is no such folder")
    }
    let file: CheckpointFile
    do {
      file = try CheckpointFile(folder: absolute)
    } catch {
      throw failure(error.reason)
    }
    guard case .dataset(let data)? = interpreter.environment.lookup("data") else {
      throw Diagnostic(error: "'resume' trains on `data`, which holds no dataset", at: range)
        .expecting("data = … as the checkpointed train had it, before this line")
    }
    let dataset = data.dataset
    let identity = DataIdentity(dataset)
    guard identity.matches(file.state.run.data) else {
      let saved = file.state.run.data
      let difference =
        identity.samples == saved.samples && identity.features == saved.features && identity.classes == saved.classes
        ? "`data` holds other values of that shape" : "`data` is \(identity.description)"
      throw Diagnostic(error: "the checkpoint was made on \(saved.description), but \(difference)", at: range)
        .expecting("the data the checkpointed train had, prepared and split the same way")
    }
    // The run's network and options are data: mistakes in them point at the checkpoint's
    // text, and the options' relative paths resolve as the original script's.
    let name = "\(shown)/\(CheckpointFile.name)"
    let network = try interpreter.network(NetworkText(SourceFile(name: name, text: file.metadata.network)))
    var options: TrainingOptions
    do {
      options = try file.state.run.trainOptions(named: name)
    } catch {
      throw failure(error.reason)
    }
    options.values["checkpoint"] = (.string(absolute), options.values["checkpoint"]?.range ?? range)
    guard let seed = UInt64(file.state.run.seed) else { throw failure("its seed is malformed") }
    let recipe = Recipe(network: network, dataset: dataset, options: options, seed: seed, range: range)
    do {
      return .run(try TrainCommand(interpreter: interpreter).trainInSession(recipe, from: .checkpoint(file)))
    } catch let error as FileFailure {
      throw failure(error.reason)
    }
  }
}
