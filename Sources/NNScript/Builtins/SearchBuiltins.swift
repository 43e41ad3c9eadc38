extension Builtins {
  static let search: [Builtin] = [
    Builtin(
      "int", "low high",
      "a search space of the whole numbers from low to high, to keep in a variable: `w = int(16, 128)`; `search width: w`"
    ) { args in
      let (low, high) = (try args.integer(0), try args.integer(1))
      let term = Term(name: "int", arguments: [.number(Double(low)), .number(Double(high))])
      guard low < high else { throw args.failure("the low end must be below the high end", at: 1) }
      return .term(term)
    }
  ]
}
