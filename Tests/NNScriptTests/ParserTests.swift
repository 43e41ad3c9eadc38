import Testing

@testable import NNScript

struct ParserTests {
  private func parse(_ text: String) -> Program { Parser.parse(SourceFile(name: "t", text: text)) }

  /// The program's statements rendered back as compact S-expressions.
  private func tree(_ text: String) -> String {
    let program = parse(text)
    #expect(program.diagnostics.isEmpty, "\(program.diagnostics.map(\.message))")
    return program.statements.map(\.sexp).joined(separator: " ")
  }

  @Test func precedence() {
    #expect(tree("1 + 2 * 3") == "(+ 1 (* 2 3))")
    #expect(tree("2 ** 3 ** 2") == "(** 2 (** 3 2))")
    #expect(tree("-2 ** 2") == "(- (** 2 2))")
    #expect(tree("not a == b and c or d") == "(or (and (not (== a b)) c) d)")
    #expect(tree("x not in xs") == "(not in x xs)")
    #expect(tree("a - b - c") == "(- (- a b) c)")
  }

  @Test func postfix() {
    #expect(tree("f(1, k: 2).x[0]") == "([] (. (call f 1 k:2) x) 0)")
  }

  @Test func commandsTakeJuxtaposedArguments() {
    #expect(
      tree("train epochs: 30 opt: adam lr: exp(1e-2, 0.5, 20) clip: 1.0")
        == "(train epochs:30 opt:adam lr:(call exp 0.01 0.5 20) clip:1)")
    #expect(tree("print a (b) c[0] d [1]") == "(print a b ([] c 0) d (list 1))")
    #expect(tree("print 1 -3 4 - 1") == "(print 1 -3 (- 4 1))")
    #expect(tree("r = train epochs: 2") == "(= r (train epochs:2))")
    #expect(tree("d = doctor") == "(= d (doctor))")
  }

  @Test func netLiterals() {
    #expect(tree("net < dense 128 relu; bn; dense 10 softmax >") == "(net (dense 128 relu) (bn) (dense 10 softmax))")
    #expect(
      tree("m = net <\n  dense w relu init: normal(0.1)\n  dropout (p / 2)\n>")
        == "(= m (net (dense w relu init:(call normal 0.1)) (dropout (/ p 2))))")
  }

  @Test func statements() {
    #expect(tree("fn f(a, b: 2) { return a }") == "(fn f a b (return a))")
    #expect(tree("if a { b } else if c { d } else { e }") == "(if a (b) ((if c (d) (e))))")
    #expect(tree("if a {\n b\n}\nelse {\n c\n}") == "(if a (b) (c))")
    #expect(tree("for x in xs { break }; while c { continue }") == "(for x xs (break)) (while c (continue))")
    #expect(tree("x += 1; r.a[0] = 2") == "(+= x 1) (= ([] (. r a) 0) 2)")
    #expect(tree("assert x > 1, \"m\"; import \"f.nns\"") == "(assert (> x 1) \"m\") (import \"f.nns\")")
  }

  @Test func newlinesInsideBracketsDoNotEndStatements() {
    #expect(
      tree("x = [1,\n 2]\ny = f(1,\n 2)\nz = {a: 1,\n b: 2}")
        == "(= x (list 1 2)) (= y (call f 1 2)) (= z (record a:1 b:2))")
    #expect(tree("x = 1 +\n 2") == "(= x (+ 1 2))")
  }

  @Test func incompleteInputIsRecognised() {
    for text in ["net < dense 3", "f(1,", "[1, 2", "{a: 1", "if x {", "x = 1 +", "\"open", "fn f(", "x ="] {
      #expect(parse(text).isIncomplete, "\(text)")
    }
    for text in ["x = )", "1 +* 2", "net dense", "print 1, 2", "}"] {
      let program = parse(text)
      #expect(!program.diagnostics.isEmpty && !program.isIncomplete, "\(text)")
    }
  }

  @Test func recoversToReportSeveralErrors() {
    let program = parse("x = (1\ny = 2 +* 3\nz = ]\nok = 1")
    #expect(program.diagnostics.count == 3)
    #expect(program.statements.contains { $0.sexp == "(= ok 1)" })
  }

  @Test func deepNestingIsAnErrorNotACrash() {
    let program = parse(String(repeating: "(", count: 5000) + "1" + String(repeating: ")", count: 5000))
    #expect(program.diagnostics.first?.message == "nested too deeply")
  }
}

extension Stmt {
  var sexp: String {
    switch kind {
    case .expression(let e): return e.sexp
    case .assign(let t, let op, let v): return "(\(op.rawValue) \(t.sexp) \(v.sexp))"
    case .function(let d): return d.sexp
    case .if(let c, let t, let e):
      let elsePart = e.map { " (" + $0.map(\.sexp).joined(separator: " ") + ")" } ?? ""
      return "(if \(c.sexp) (\(t.map(\.sexp).joined(separator: " ")))\(elsePart))"
    case .for(let v, let i, let b): return "(for \(v.text) \(i.sexp) \(b.map(\.sexp).joined(separator: " ")))"
    case .while(let c, let b): return "(while \(c.sexp) \(b.map(\.sexp).joined(separator: " ")))"
    case .return(let v): return v.map { "(return \($0.sexp))" } ?? "(return)"
    case .break: return "(break)"
    case .continue: return "(continue)"
    case .import(let p, _): return "(import \"\(p)\")"
    case .assert(let c, let m): return "(assert \(c.sexp)\(m.map { " " + $0.sexp } ?? ""))"
    }
  }
}

extension FunctionDecl {
  var sexp: String {
    let params = parameters.map(\.name.text).joined(separator: " ")
    return "(fn \(name?.text ?? "_") \(params) \(body.map(\.sexp).joined(separator: " ")))"
  }
}

extension Argument {
  var sexp: String { (label.map { "\($0.text):" } ?? "") + value.sexp }
}

extension Expr {
  var sexp: String {
    switch kind {
    case .number(let n): return Value.format(n)
    case .string(let s): return "\"\(s)\""
    case .bool(let b): return "\(b)"
    case .none: return "none"
    case .list(let items): return "(list \(items.map(\.sexp).joined(separator: " ")))"
    case .record(let entries):
      return "(record \(entries.map { "\($0.key.text):\($0.value.sexp)" }.joined(separator: " ")))"
    case .variable(let name): return name
    case .unary(let op, let e): return "(\(op.rawValue) \(e.sexp))"
    case .binary(let op, let l, let r): return "(\(op.rawValue) \(l.sexp) \(r.sexp))"
    case .call(let c, let args): return "(call \(([c.sexp] + args.map(\.sexp)).joined(separator: " ")))"
    case .member(let b, let n): return "(. \(b.sexp) \(n.text))"
    case .index(let b, let i): return "([] \(b.sexp) \(i.sexp))"
    case .function(let d): return d.sexp
    case .command(let c): return "(\(([c.name.text] + c.arguments.map(\.sexp)).joined(separator: " ")))"
    case .network(let n):
      let layers = n.layers.map { "(\(([$0.name.text] + $0.arguments.map(\.sexp)).joined(separator: " ")))" }
      return "(net \(layers.joined(separator: " ")))"
    }
  }
}
