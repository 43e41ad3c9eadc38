import NNCore

/// What `fix` found, as it prints it: a row per fix tried with the metric before and after,
/// and the script lines that reproduce the kept changes.
struct FixReport {
  /// One fix tried: the metric before and after it (nil when it failed or was refused).
  typealias Row = (fix: String, before: Double?, after: Double?, kept: Bool)

  let rows: [Row]
  let judge: FixJudge
  let baseline: FixAttempt
  let best: FixAttempt
  let kept: [Fix]
  /// The recipe of the run that was fixed, and the recipe with the kept fixes.
  let original: Recipe
  let recipe: Recipe
  /// How far the metric moved under another shuffle seed: a kept change gained more than
  /// that, and more than two standard errors of its row-by-row difference.
  let noise: Double
  /// Whether Ctrl-C stopped `fix` before it had tried all it would have.
  let interrupted: Bool

  init(
    rows: [Row], judge: FixJudge, baseline: FixAttempt, best: FixAttempt, kept: [Fix], from original: Recipe,
    to recipe: Recipe, noise: Double, interrupted: Bool
  ) {
    (self.rows, self.judge, self.baseline, self.best, self.kept) = (rows, judge, baseline, best, kept)
    (self.original, self.recipe, self.noise, self.interrupted) = (original, recipe, noise, interrupted)
  }

  /// The before/after table and the script lines that reproduce the kept changes.
  var rendered: String {
    let name = judge.name
    func shown(_ value: Double?) -> String { value.map { String(format: "%.4f", $0) } ?? "refused" }
    let stopped = interrupted ? "fix: interrupted; the fixes after these were not tried\n" : ""
    guard !rows.isEmpty else {
      if interrupted { return stopped }
      return "fix: the doctor has nothing to fix (\(name) \(shown(baseline.metric)))\n"
    }
    var out = "fix".padding(toLength: 40, withPad: " ", startingAt: 0) + "\(name) before → after   kept\n"
    for row in rows {
      let text = row.fix.count > 38 ? String(row.fix.prefix(37)) + "…" : row.fix
      let after = row.after.map(shown) ?? "failed"
      out += text.padding(toLength: 40, withPad: " ", startingAt: 0) + "\(shown(row.before)) → \(after)"
      out += String(repeating: " ", count: max(1, 11 - after.count)) + (row.kept ? "yes" : "no") + "\n"
    }
    out += stopped
    out += "\(name): \(shown(baseline.metric)) → \(shown(best.metric))"
    out +=
      " (kept only beyond the noise: \(String(format: "%.4f", noise)) under another shuffle, and two standard errors row by row)\n"
    if !kept.isEmpty { out += "the script with these fixes:\n" + Self.diff(kept, from: original, to: recipe) }
    return out
  }

  /// A replacement of the text at `start..<end` of a file.
  private struct TextEdit {
    let file: SourceFile
    let start: Int
    let end: Int
    let text: String
  }

  /// `-`/`+` lines: each edited line as it was and as it becomes. The network's layers are
  /// written as they end up (the user's own text for those no fix touched); option values are
  /// replaced where the user wrote them, new options go on the `train` line; new statements
  /// such as `data = standardize(data)` come before it.
  private static func diff(_ fixes: [Fix], from original: Recipe, to recipe: Recipe) -> String {
    var out = ""
    var edits: [TextEdit] = []
    if let edit = networkEdit(from: original.network, to: recipe.network) { edits.append(edit) }
    var appended: [String] = []
    for fix in fixes where !fix.isDataChange {
      if let edit = fix.edit, !original.network.contains(edit.range) {
        // An option's value: a later fix of the same option replaces an earlier one.
        edits.removeAll { $0.start == edit.range.start && $0.file === edit.range.file }
        edits.append(
          TextEdit(file: edit.range.file, start: edit.range.start, end: edit.range.end, text: edit.replacement))
      } else if fix.edit == nil {
        appended.append(fix.text)
      }
    }
    for fix in fixes where fix.isDataChange { out += "+ \(fix.text)\n" }
    let trainFile = recipe.range.file
    if !appended.isEmpty {
      let end = trainFile.startOffset(ofLine: recipe.range.line) + trainFile.lineText(recipe.range.line).utf8.count
      edits.append(TextEdit(file: trainFile, start: end, end: end, text: " " + appended.joined(separator: " ")))
    }
    // Edits grouped by the lines they touch, each group shown once.
    let groups = Dictionary(grouping: edits) { ObjectIdentifier($0.file) }
    for group in groups.values {
      let file = group[0].file
      var lines: [(first: Int, last: Int)] = group.map {
        (file.line(of: $0.start), file.line(of: max($0.start, $0.end - 1)))
      }
      lines.sort { $0.first < $1.first }
      var merged: [(first: Int, last: Int)] = []
      for span in lines {
        if let last = merged.last, span.first <= last.last {
          merged[merged.count - 1].last = max(last.last, span.last)
        } else {
          merged.append(span)
        }
      }
      for span in merged {
        let base = file.startOffset(ofLine: span.first)
        let old = (span.first...span.last).map { file.lineText($0) }
        var text = Array(old.joined(separator: "\n").utf8)
        let inside = group.filter { file.line(of: $0.start) >= span.first && file.line(of: $0.start) <= span.last }
        for edit in inside.sorted(by: { $0.start > $1.start }) {
          let lo = edit.start - base
          let hi = min(text.count, edit.end - base)
          guard lo >= 0, lo <= hi else { continue }
          text.replaceSubrange(lo..<hi, with: Array(edit.text.utf8))
        }
        out += old.map { "- \($0)\n" }.joined()
        out += String(decoding: text, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
          .map { "+ \($0)\n" }.joined()
      }
    }
    return out
  }

  /// The layers' text as the fixes left it, when they changed: the user's own text for each
  /// layer that is still as written.
  private static func networkEdit(from original: NetworkValue, to final: NetworkValue) -> TextEdit? {
    guard let first = original.layers.first?.range, let last = original.layers.last?.range else { return nil }
    let unchanged = final.layers.map { layer in
      original.layers.first { $0.range.start == layer.range.start && $0.description == layer.description }
    }
    guard unchanged.contains(where: { $0 == nil }) || final.layers.count != original.layers.count else { return nil }
    let text = zip(final.layers, unchanged).map { layer, same in same?.range.text ?? layer.description }
    return TextEdit(file: first.file, start: first.start, end: last.end, text: text.joined(separator: "; "))
  }
}
