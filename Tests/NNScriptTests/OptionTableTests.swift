import NNCore
import Testing

@testable import NNScript

/// Every `train` option reads its value and does something with it: it sets part of a run's
/// settings, or the part of the interpreter it names reads it.
struct OptionTableTests {
  private static let trainOptions = CommandCatalog.spec(for: .train)!.options

  private static func iris() throws -> Dataset {
    guard case .dataset(let d)? = Support.run("data = load(\"iris\")").engine[variable: "data"] else {
      throw Failure("iris did not load")
    }
    return d.dataset
  }

  /// The example of `spec`, evaluated as `train` evaluates what follows the option's colon.
  private static func example(of spec: OptionSpec) throws -> Value {
    let text = "train \(spec.name): \(spec.example!)"
    let program = Parser.parse(SourceFile(name: "example", text: text))
    guard case .expression(let expr)? = program.statements.first?.kind, case .command(let call) = expr.kind,
      let argument = call.arguments.first
    else { throw Failure("\(text) is not a train command") }
    let interpreter = Interpreter(modules: ModuleLoader(), output: { _ in }, maxCallDepth: 100, seed: 1)
    return try interpreter.evaluate(argument.value, words: spec.vocabulary)
  }

  @Test func withNoOptionsARunHasTheCoresDefaults() throws {
    let settings = try TrainingOptions(values: [:]).settings(for: try Self.iris(), seed: 5)
    #expect(settings == RunSettings(seed: 5))
  }

  @Test func anEntryWithNoEffectFails() throws {
    let dataset = try Self.iris()
    let defaults = try TrainingOptions(values: [:]).settings(for: dataset, seed: 0)
    let setup = "seed 1\ndata = load(\"iris\")\nnet < dense 4 relu; dense 3 softmax >\n"
    let range = SourceRange(file: SourceFile(name: "example", text: ""), start: 0, end: 0)
    for spec in Self.trainOptions {
      switch spec.use?.target {
      case .setting:
        let options = TrainingOptions(values: [spec.name: (try Self.example(of: spec), range)])
        let settings = try options.settings(for: dataset, seed: 0)
        #expect(settings != defaults, "\(spec.name): \(spec.example!) changes nothing in the run's settings")
      case .readBy(let consumer):
        // What reads the option checks its value: one no option takes is refused, in its name.
        let result = Support.run(setup + "train epochs: 1 \(spec.name): none\n")
        #expect(
          result.errors.contains("error: \(spec.name): "),
          "\(spec.name): \(consumer) does not read it: \(result.errors)")
      case nil:
        Issue.record("\(spec.name): the catalog does not say how its value is read")
      }
    }
  }

  @Test func aMistakeInALiteralIsSaidBeforeTheScriptRuns() {
    let setup = "data = load(\"iris\")\nnet < dense 3 softmax >\nprint \"ran\"\n"
    for (option, message) in [
      ("batch: 0.5", "batch: expects a whole number ≥ 1, found 0.5"),
      ("epochs: -1", "epochs: expects a whole number ≥ 0, found -1"),
      ("quiet: \"yes\"", "quiet: expects true or false, found string"),
      ("opt: 3", "opt: expects an optimizer, found number"),
    ] {
      let result = Support.run(setup + "train \(option)\n")
      #expect(result.output == "", "\(option): the script ran")
      #expect(result.outcome.diagnostics.map(\.message) == [message], "\(option)")
    }
    // A computed value is read when `train` runs; class weights need the data; a string may
    // name a word.
    for option in ["batch: 1 / 2", "weights: 3", "loss: \"mse\" weights: 3"] {
      let result = Support.run(setup + "train \(option)\n")
      #expect(result.output == "ran\n", "\(option)")
      #expect(result.outcome.status != .success, "\(option)")
    }
  }
}

private struct Failure: Error, CustomStringConvertible {
  let description: String
  init(_ description: String) { self.description = description }
}
