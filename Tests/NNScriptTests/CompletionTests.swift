import Foundation
import Testing

@testable import NNScript

/// `Engine.completions`: what Tab offers, from the context of the word being typed.
struct CompletionTests {
  private let engine = Engine()

  /// Completions with the cursor at the end of `line`.
  private func complete(_ line: String) -> [String] {
    engine.completions(for: line, cursor: line.utf8.count)
  }

  @Test func commandWordsAtTheStartOfAStatement() {
    #expect(complete("tra") == ["train"])
    #expect(complete("do") == ["doctor"])
    #expect(complete("r = tra") == ["train"])
    #expect(complete("if true { pri") == ["print"])
    #expect(complete("x = 1; se").contains("seed"))
  }

  @Test func optionsOfTheCommandBeingTyped() {
    #expect(complete("train ep") == ["epochs:"])
    #expect(complete("train epochs: 3 ba") == ["batch:"])
    #expect(complete("r = train epochs: 3 cl") == ["clip:", "clipvalue:"])
    #expect(complete("fix bu") == ["budget:"])
    // `train` takes no positional arguments, so variables are not offered.
    #expect(!complete("train ").contains("data"))
    #expect(complete("train ").contains("lr:"))
  }

  @Test func wordsAnOptionUnderstands() {
    #expect(complete("train opt: ad") == ["adagrad", "adam", "adamw"])
    #expect(complete("train epochs: 5 lr: co") == ["cosine"])
    #expect(complete("train loss: ") == ["bce", "ce", "huber", "mae", "mse"])
    #expect(complete("train shuffle: ") == ["false", "true"])
    // An option without words of its own takes any expression.
    #expect(complete("train epochs: sq") == ["sqrt"])
  }

  @Test func layersInsideANetLiteral() {
    #expect(complete("net < de") == ["dense"])
    #expect(complete("net < dense 4 relu; dr") == ["dropout"])
    #expect(complete("net < dense 4 relu\nd") == ["dense", "dropout"])
    #expect(complete("net < dense 4 re") == ["relu"])
    #expect(complete("net < dense 4 relu init: gl") == ["glorot"])
    #expect(complete("net < dense 4 relu bias: ") == ["false", "true"])
    #expect(complete("net < dense 4 relu ").contains("init:"))
    #expect(complete("fn tower(width) { return net < dense width re") == ["relu"])
    // After the literal closes, a statement starts again.
    #expect(complete("net < dense 3 softmax >\ntra") == ["train"])
  }

  @Test func variablesAndBuiltins() {
    engine[variable: "dataset_a"] = .number(1)
    #expect(complete("print data") == ["dataset_a"])
    #expect(complete("x = sq") == ["sqrt"])
    #expect(complete("x = len(ran") == ["randint", "random", "range"])
    #expect(complete("print mea") == ["mean"])
    // A layer slot falls back to variables when no word of its own fits.
    #expect(complete("net < dense 4 dataset") == ["dataset_a"])
  }

  @Test func colonCommandsAtTheStartOfALine() {
    #expect(complete(":he") == [":help"])
    #expect(complete(":") == ReplCommandCatalog.names.sorted())
    #expect(complete(":help tra") == ["train"])
    #expect(complete(":help :l") == [":load"])
    #expect(complete(":vars x").isEmpty)
  }

  @Test func pathsInsideStrings() throws {
    let folder = try Support.folder("paths")
    try FileManager.default.createDirectory(
      at: folder.appendingPathComponent("examples"), withIntermediateDirectories: true)
    try "a,b\n1,2\n".write(to: folder.appendingPathComponent("data.csv"), atomically: true, encoding: .utf8)
    try "".write(to: folder.appendingPathComponent(".hidden"), atomically: true, encoding: .utf8)
    let base = folder.path + "/"
    #expect(complete("d = csv(\"\(base)") == [base + "data.csv", base + "examples/"])
    #expect(complete("d = csv(\"\(base)ex") == [base + "examples/"])
    #expect(complete("import \"\(base).h") == [base + ".hidden"])
    #expect(complete(":load \(base)d") == [base + "data.csv"])
    #expect(complete(":save \(base)e") == [base + "examples/"])
    #expect(complete("d = csv(\"\(base)nothing").isEmpty)
  }

  @Test func bundledDatasetsInsideLoad() {
    #expect(complete("data = load(\"ir") == ["iris"])
    #expect(complete("data = load(\"").contains("digits"))
  }

  @Test func theCursorMayBeInsideTheLine() {
    let line = "train ep quiet: true"
    #expect(engine.completions(for: line, cursor: 8) == ["epochs:"])
    #expect(engine.completions(for: line, cursor: 2) == ["train", "trim", "true"])
  }

  @Test func nothingInCommentsOrAfterNumbers() {
    #expect(complete("x = 1 # tra").isEmpty)
    #expect(complete("train epochs: 3").isEmpty)
  }
}
