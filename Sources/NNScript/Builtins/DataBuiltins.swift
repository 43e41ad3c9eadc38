import NNCore

/// Datasets: loading, generating, preparing and describing them.
extension Builtins {
  static let data: [Builtin] = [
    Builtin("load", "name", "a dataset bundled with nnscript: \(BundledDatasets.names.joined(separator: ", "))") {
      args in
      let name = try args.string(0)
      return .dataset(try args.data(at: 0, asking: name) { try BundledDatasets.load(name) })
    },
    Builtin(
      "csv", "path target? sep? classify? missing? max_categories? encoding? id?",
      "a dataset from a CSV file; the target is the last column unless named; id: names the columns (a string or a list) that name the samples, kept out of the features"
    ) { args in
      let path = try args.string(0)
      var options = CSVOptions()
      if args[1] != nil { options.target = try args.string(1) }
      if args[2] != nil {
        let separator = try args.string(2)
        guard separator.utf8.count == 1 else { throw args.failure("the separator must be one character", at: 2) }
        options.separator = separator.utf8.first!
      }
      if args[3] != nil { options.classify = try args.bool(3) }
      if args[4] != nil {
        let policy = try args.string(4)
        guard let missing = CSVOptions.Missing(rawValue: policy) else {
          throw args.failure(
            "missing: takes \(CSVOptions.Missing.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", "))", at: 4)
        }
        options.missing = missing
      }
      if args[5] != nil { options.maxCategories = try args.integer(5, atLeast: 1) }
      if args[6] != nil {
        guard let encoding = CSVOptions.Encoding(rawValue: try args.string(6)) else {
          throw args.failure(
            "encoding: takes \(CSVOptions.Encoding.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", "))",
            at: 6)
        }
        options.encoding = encoding
      }
      if let id = args[7] {
        let names = id.isList ? try args.list(7) : [id]
        options.ids = try names.map { name in
          guard case .string(let column) = name else { throw args.failure("id: names columns by strings", at: 7) }
          return column
        }
      }
      let absolute = try args.path(0, for: .reading).absolute
      let dataset = try args.data(at: 0, asking: options.target, namesAt: 1, file: path) {
        try CSVReader.read(path: absolute, name: path, options: options)
      }
      for note in dataset.notes { args.interpreter.note(Diagnostic(severity: .note, message: note, at: args.site)) }
      for warning in dataset.warnings {
        args.interpreter.note(Diagnostic(severity: .warning, message: warning, at: args.site))
      }
      return .dataset(dataset)
    },
    generator("spirals", "classes? n? noise? seed? imbalance?", "arms of a spiral, one per class") { args, rng in
      try Synthetic.spirals(
        classes: try args.integer(0, default: 3), n: try args.integer(1, default: 300),
        noise: try args.number(2, default: 0.2),
        imbalance: try args.number(4, default: 1), using: &rng)
    },
    generator("moons", "n? noise? seed? imbalance?", "two interleaving half circles") { args, rng in
      try Synthetic.moons(
        n: try args.integer(0, default: 300), noise: try args.number(1, default: 0.1),
        imbalance: try args.number(3, default: 1),
        using: &rng)
    },
    generator("circles", "n? noise? seed? imbalance?", "a small circle inside a larger one") { args, rng in
      try Synthetic.circles(
        n: try args.integer(0, default: 300), noise: try args.number(1, default: 0.05),
        imbalance: try args.number(3, default: 1),
        using: &rng)
    },
    generator("blobs", "classes? features? n? noise? seed? imbalance?", "Gaussian clusters, one per class") {
      args, rng in
      try Synthetic.blobs(
        classes: try args.integer(0, default: 3), features: try args.integer(1, default: 2),
        n: try args.integer(2, default: 300),
        noise: try args.number(3, default: 1), imbalance: try args.number(5, default: 1), using: &rng)
    },
    generator("xor", "n? noise? seed? imbalance?", "points labelled by whether x and y share a sign") { args, rng in
      try Synthetic.xor(
        n: try args.integer(0, default: 300), noise: try args.number(1, default: 0.1),
        imbalance: try args.number(3, default: 1),
        using: &rng)
    },
    generator("regression", "features? n? noise? seed?", "a linear target of Gaussian features, with noise") {
      args, rng in
      try Synthetic.regression(
        features: try args.integer(0, default: 1), n: try args.integer(1, default: 300),
        noise: try args.number(2, default: 0.1),
        using: &rng)
    },
    Builtin(
      "standardize", "data target?",
      "features (and with target: true a regression target) to mean 0, std 1, fitted on the training part"
    ) { args in
      let dataset = try args.dataset(0)
      let target = args[1] == nil ? false : try args.bool(1)
      return .dataset(try args.data(at: 1) { try dataset.standardized(target: target) })
    },
    Builtin(
      "minmax", "data target?",
      "features (and with target: true a regression target) to [0, 1], fitted on the training part"
    ) { args in
      let dataset = try args.dataset(0)
      let target = args[1] == nil ? false : try args.bool(1)
      return .dataset(try args.data(at: 1) { try dataset.minmaxed(target: target) })
    },
    Builtin("onehot", "data columns?", "coded category features (or the named ones) as one indicator feature per value")
    { args in
      let dataset = try args.dataset(0)
      let columns = try args[1].map { _ in
        try args.list(1).map { v -> String in
          guard case .string(let s) = v else { throw args.failure("columns are named by strings", at: 1) }
          return s
        }
      }
      return .dataset(try args.data(at: 1, namesAt: 1) { try dataset.onehot(columns: columns) })
    },
    Builtin("balance", "data", "the training part oversampled until every class is as large as the largest") { args in
      let dataset = try args.dataset(0)
      return .dataset(try args.data(at: 0) { try dataset.balanced(using: &args.interpreter.random) })
    },
    Builtin("describe", "data", "prints statistics per feature, class counts and warnings") { args in
      args.interpreter.output(DatasetDescription(try args.dataset(0)).report)
      return .none
    },
  ]

  /// A generator with an optional `seed:` of its own; without it, the session's seed.
  static func generator(
    _ name: String, _ signature: String, _ summary: String,
    _ make: @escaping @Sendable (Arguments, inout SeededGenerator) throws -> Dataset
  ) -> Builtin {
    Builtin(name, signature, summary) { args in
      let seedIndex = Builtin.parameterIndex("seed", in: signature)!
      if args[seedIndex] != nil {
        var rng = SeededGenerator(seed: UInt64(try args.integer(seedIndex, atLeast: 0)))
        return .dataset(try args.data(at: nil) { try make(args, &rng) })
      }
      return .dataset(try args.data(at: nil) { try make(args, &args.interpreter.random) })
    }
  }
}

extension Arguments {
  /// Argument `i` as a dataset.
  func dataset(_ i: Int) throws -> Dataset {
    let v = try value(i)
    guard case .dataset(let d) = v else { throw failure("expected a dataset, found \(v.typeName)", at: i) }
    return d.dataset
  }

  /// Argument `i` as true or false.
  public func bool(_ i: Int) throws -> Bool {
    let v = try value(i)
    guard case .bool(let b) = v else { throw failure("expected true or false, found \(v.typeName)", at: i) }
    return b
  }

  func integer(_ i: Int, default fallback: Int) throws -> Int { values[i] == nil ? fallback : try integer(i) }

  func integer(_ i: Int, atLeast low: Int) throws -> Int {
    let n = try integer(i)
    guard n >= low else { throw failure("expected a whole number ≥ \(low), found \(n)", at: i) }
    return n
  }

  /// Runs data work, turning a `DataError` into a script failure at argument `i` (the whole
  /// call when nil). Where the error lists names, the one closest to `asking` (the value of
  /// argument `namesAt`, by default `i`) becomes a "did you mean".
  func data<T>(at i: Int?, asking: String? = nil, namesAt: Int? = nil, file: String? = nil, _ work: () throws -> T)
    throws -> T
  {
    do {
      return try work()
    } catch let error as DataError {
      // A line of a file reads as `data.csv:12: …`, like a diagnostic in a script.
      let place = error.line.map { line in file.map { "\($0):\(line): " } ?? "line \(line): " } ?? ""
      var label = error.problem.map(\.phrasedHint) ?? error.hint
      if let asking, let best = Suggestions.closest(to: asking, in: error.names) { label = "did you mean '\(best)'?" }
      let argument = (error.names.isEmpty ? i : (namesAt ?? i)).flatMap { sources[$0] } ?? i.flatMap { sources[$0] }
      throw ScriptFailure(place + (error.problem?.phrased ?? error.message), argument: argument, label: label)
    }
  }
}

extension Builtin {
  static func parameterIndex(_ name: String, in signature: String) -> Int? {
    signature.split(separator: " ").firstIndex { $0.trimmingCharacters(in: ["?", "."]) == name }
  }
}
