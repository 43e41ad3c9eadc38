import Testing

@testable import NNScript

struct InterpreterTests {
  private func value(_ text: String) throws -> Value {
    let result = Support.run(text)
    #expect(result.outcome.status == .success, "\(result.errors)")
    return try #require(result.outcome.value)
  }

  @Test func acceptanceFunctionDoubles() {
    let result = Support.run("fn f(x) { return x * 2 }\nprint f(21)")
    #expect(result.output == "42\n")
    #expect(result.outcome.exitCode == 0)
  }

  @Test func arithmeticAndComparison() throws {
    #expect(try value("7 % 3 + 2 ** 3 - 10 / 4").description == "6.5")
    #expect(try value("-7 % 3").description == "2")
    #expect(try value("[1 < 2, \"a\" < \"b\", 1 == 1.0, [1] != [2]]").description == "[true, true, true, true]")
  }

  @Test func valuesHaveValueSemantics() throws {
    #expect(try value("a = [1, 2]\nb = a\nb[0] = 9\na").description == "[1, 2]")
    #expect(try value("r = {x: {y: 1}}\ns = r\ns.x.y = 2\n[r.x.y, s.x.y]").description == "[1, 2]")
  }

  @Test func closuresCaptureTheirScope() throws {
    let text = "fn make() {\n n = 0\n return fn() {\n n = n + 1\n return n\n }\n}\nc = make()\nc()\nc()"
    #expect(try value(text).description == "2")
  }

  @Test func assignmentInAFunctionRebindsAnExistingGlobal() throws {
    #expect(try value("total = 0\nfn add(x) { total = total + x }\nadd(2)\nadd(3)\ntotal").description == "5")
    #expect(try value("fn f() { local = 1 }\nf()\n\"local\" in keys({})").description == "false")
  }

  @Test func netLiteralsAreValuesAndStatements() throws {
    let result = Support.run("w = 16\nnet < dense w relu; dropout 0.25; dense 3 softmax >")
    #expect(result.outcome.status == .success)
    var output = ""
    let engine = Engine(output: { output += $0 })
    _ = engine.run(SourceFile(name: "t", text: "w = 16\nnet < dense w relu init: normal(0.1); dense 3 softmax >"))
    let network = try #require(engine.currentNetwork)
    #expect(network.layers.map(\.name) == ["dense", "dense"])
    #expect(network.layers[0].argument("units")?.description == "16")
    #expect(network.layers[0].argument("init")?.description == "normal(0.1)")
    #expect(network.description == "net < dense 16 relu init: normal(0.1); dense 3 softmax >")
  }

  @Test func wordsInOptionSlotsBecomeTerms() throws {
    let engine = Engine()
    _ = engine.run(SourceFile(name: "t", text: "act = \"tanh\"\nm = net < dense 4 act >"))
    guard case .network(let m) = try #require(engine[variable: "m"]) else {
      Issue.record("m is not a network")
      return
    }
    guard case .term(let term) = try #require(m.layers[0].argument("activation")) else {
      Issue.record("the activation is not a word")
      return
    }
    #expect(term.name == "tanh")
  }

  @Test func runtimeErrorsCarryATraceback() throws {
    let result = Support.run("fn f(x) {\n return x.y\n}\nfn g() { return f(1) }\ng()")
    #expect(result.outcome.status == .failed)
    let d = try #require(result.outcome.diagnostics.last)
    #expect(d.message == "a number has no members")
    #expect(d.traceback.map { "\($0.range.line) \($0.function ?? "-")" } == ["2 f", "4 g", "5 -"])
  }

  @Test func failedEvaluationLeavesTheSessionAsItWas() {
    let engine = Engine()
    _ = engine.evaluate(SourceFile(name: "1", text: "x = 1\nnet < dense 2 >"))
    let failed = engine.evaluate(SourceFile(name: "2", text: "x = 2\nnet < dense 5 >\ny = 1 / 0"))
    #expect(failed.status == .failed)
    #expect(engine[variable: "x"]?.description == "1")
    #expect(engine[variable: "y"] == nil)
    #expect(engine.currentNetwork?.description == "net < dense 2 >")
  }

  @Test func sessionsKeepVariablesBetweenRuns() {
    let engine = Engine()
    _ = engine.run(SourceFile(name: "1", text: "x = 41"))
    let outcome = engine.run(SourceFile(name: "2", text: "x + 1"))
    #expect(outcome.value?.description == "42")
  }

  @Test func seedMakesRandomNumbersRepeatable() throws {
    #expect(try value("seed 3\na = random()\nseed 3\na == random()").description == "true")
  }

  @Test func scriptArgumentsAreVisible() {
    let engine = Engine(options: Engine.Options(arguments: ["a", "b"]))
    #expect(engine.run(SourceFile(name: "t", text: "args")).value?.description == "[\"a\", \"b\"]")
  }

  @Test func trainChecksItsOptionsAndNeedsData() {
    let engine = Engine()
    let text = "train epochs: 30 batch: 64 opt: adam lr: exp(1e-2, 0.5, 20) clip: 1.0"
    #expect(engine.check(SourceFile(name: "t", text: text)).status == .success)
    let outcome = engine.run(SourceFile(name: "t", text: text))
    #expect(outcome.status == .failed)
    #expect(outcome.diagnostics.first?.message == "'train' needs data: assign a dataset to `data`, or give on: D")
    #expect(outcome.diagnostics.first?.range?.text == "train")
  }

  @Test func conditionsMustBeBooleans() {
    let result = Support.run("if 1 { print 2 }")
    #expect(result.outcome.diagnostics.first?.message == "the condition of 'if' must be true or false, found number")
  }
}
