import NNCore

/// A doctor's fix applied to a recipe: the fix is an nnscript line, so applying it means
/// evaluating it. `fix` retrains with the change, the doctor probes it and checks that it
/// compiles before offering it.
struct FixApplication: Command {
  let interpreter: Interpreter

  /// The change to `recipe` a fix makes. A fix is an nnscript line, so applying it means
  /// evaluating it: `data = standardize(data)`, an option such as `lr: 0.001`, or a layer.
  func change(for fix: Fix, in recipe: Recipe) throws -> RecipeChange {
    let file = SourceFile(name: "fix", text: fix.text)
    if fix.isDataChange {
      let program = Parser.parse(file)
      guard program.diagnostics.isEmpty, case .assign(_, _, let value) = program.statements.first?.kind else {
        throw Diagnostic(error: "cannot apply '\(fix.text)'", at: recipe.range)
      }
      let saved = interpreter.environment
      interpreter.environment = Environment(parent: interpreter.globals, values: ["data": .dataset(recipe.dataset)])
      defer { interpreter.environment = saved }
      guard case .dataset(let data) = try evaluate(value) else {
        throw Diagnostic(error: "not a dataset", at: recipe.range)
      }
      return .data(data.dataset)
    } else if let edit = fix.edit,
      let covered = Self.layersCovered(by: edit, in: recipe.network)
    {
      guard case .network(let replacement) = try evaluate(parsedExpression("net < \(edit.replacement) >", name: "fix"))
      else {
        throw Diagnostic(error: "cannot apply '\(fix.text)'", at: recipe.range)
      }
      var layers = recipe.network.layers
      // The new layers point at the text they replace, so later fixes and findings land there:
      // layer for layer when the count is the same, else all at the whole replaced text.
      let replaced = Array(layers[covered])
      let place = replaced.first!.range.to(replaced.last!.range)
      layers.replaceSubrange(
        covered,
        with: replacement.layers.enumerated().map { i, layer in
          let range = replacement.layers.count == replaced.count ? replaced[i].range : place
          return NetworkValue.Layer(name: layer.name, arguments: layer.arguments, range: range)
        })
      return .network(NetworkValue(layers: layers, range: recipe.network.range))
    } else {
      guard case .command(let call) = try parsedExpression("train \(fix.text)", name: "fix").kind else {
        throw Diagnostic(error: "cannot apply '\(fix.text)'", at: recipe.range)
      }
      var options: [String: (value: Value, range: SourceRange)] = [:]
      for argument in call.arguments {
        guard let label = argument.label else {
          throw Diagnostic(error: "cannot apply '\(fix.text)'", at: recipe.range)
        }
        let vocabulary = CommandCatalog.spec(for: .train)?.option(label.text)?.vocabulary
        let value = try evaluate(argument.value, words: vocabulary)
        options[label.text] = (value, recipe.options.values[label.text]?.range ?? recipe.range)
      }
      return .options(options)
    }
  }

  /// The layers whose text lies inside the edit's range: one layer, or the whole stack.
  private static func layersCovered(by edit: Fix.Edit, in network: NetworkValue) -> Range<Int>? {
    let inside = network.layers.indices.filter { index in
      let range = network.layers[index].range
      return range.file === edit.range.file && range.start >= edit.range.start && range.end <= edit.range.end
    }
    guard let first = inside.first, let last = inside.last, inside.count == last - first + 1 else { return nil }
    return first..<last + 1
  }

  private func parsedExpression(_ text: String, name: String) throws -> Expr {
    let program = Parser.parse(SourceFile(name: name, text: text))
    guard program.diagnostics.isEmpty, case .expression(let expr) = program.statements.first?.kind else {
      throw Diagnostic(error: "cannot apply '\(text)'", at: nil)
    }
    return expr
  }

  /// `recipe` with `fix` applied, when the fix evaluates, its network compiles for its data
  /// and the doctor does not refuse it; nil otherwise: a fix that cannot be applied is not
  /// offered (`loss: mse` for a sigmoid output the doctor would refuse, say).
  func applied(_ fix: Fix, to recipe: Recipe) -> Recipe? {
    guard fix.isApplicable, let change = try? change(for: fix, in: recipe) else { return nil }
    let changed = recipe.with(change).withoutRunFiles
    return (try? workspace.trainingSession.prepare(changed)) == nil ? nil : changed
  }

  /// Whether the doctor may offer `fix` for `recipe`: advice for the user to follow (such as
  /// `describe(data)`), or a change that applies.
  func offers(_ fix: Fix, for recipe: Recipe) -> Bool {
    !fix.isApplicable || applied(fix, to: recipe) != nil
  }

  /// `report` with only the fixes the doctor may offer for `recipe`. `known` remembers the
  /// verdicts by fix text: a `train` vets its setup's fixes before the run and again in the
  /// report of the run, which repeats them, and each check compiles a network.
  func vetted(_ report: DoctorReport, for recipe: Recipe, known: OfferedFixes = OfferedFixes()) -> DoctorReport {
    report.keepingFixes { fix in
      if let verdict = known.verdicts[fix.text] { return verdict }
      let verdict = offers(fix, for: recipe)
      known.verdicts[fix.text] = verdict
      return verdict
    }
  }
}

/// The verdicts of `FixApplication.vetted` for one recipe, by fix text.
final class OfferedFixes {
  var verdicts: [String: Bool] = [:]
}
