import NNCore

extension Builtins {
  static let collections: [Builtin] = [
    Builtin("range", "a b? step?", "the numbers from a up to (not including) b by step; range(n) is 0 to n − 1") {
      args in
      var start = 0.0
      var end = try args.number(0)
      if args[1] != nil {
        start = end
        end = try args.number(1)
      }
      let step = try args.number(2, default: 1)
      guard step != 0, step.isFinite else { throw args.failure("the step must not be 0", at: 2) }
      let count = ((end - start) / step).rounded(.up)
      guard count <= Double(Interpreter.maxCount) else {
        throw ScriptFailure("the range would hold more than \(Interpreter.maxCount) numbers")
      }
      guard count > 0 else { return .list([]) }
      return .list((0..<Int(count)).map { .number(start + Double($0) * step) })
    },
    Builtin("append", "xs item", "a new list with the item added at the end") { args in
      let item = try args.value(1)
      if item.nesting() + 1 > Value.maxNesting {
        throw args.failure("lists and records may not nest more than \(Value.maxNesting) levels deep", at: 1)
      }
      let items = try args.list(0)
      try args.interpreter.checkCount(items.count + 1, at: args.site)
      return .list(items + [item])
    },
    // map, filter and zip build their list once, where `out = append(out, x)` in a loop would
    // copy it at every element.
    Builtin("map", "xs f", "f(x) for each element x of xs") { args in
      let f = try args.callable(1)
      return .list(
        try args.elements(0).map { x in
          try args.interpreter.checkInterrupt(at: args.site)
          return try args.call(f, [x])
        })
    },
    Builtin("filter", "xs keep", "the elements x of xs for which keep(x) is true") { args in
      let keep = try args.callable(1)
      return .list(
        try args.elements(0).filter { x in
          try args.interpreter.checkInterrupt(at: args.site)
          let kept = try args.call(keep, [x])
          guard case .bool(let answer) = kept else {
            throw args.failure("keep must return true or false, found \(kept.typeName)", at: 1)
          }
          return answer
        })
    },
    Builtin("zip", "a b", "pairs [a[i], b[i]], as long as the shorter list") { args in
      let (a, b) = (try args.elements(0), try args.elements(1))
      return .list(zip(a, b).map { .list([$0, $1]) })
    },
    Builtin("slice", "xs start end?", "the elements (or characters) from start up to end; negative counts from the end")
    { args in
      let value = try args.value(0)
      // A string is sliced by its characters as they are, not as a list of one-character strings.
      let count: Int
      switch value {
      case .list(let items): count = items.count
      case .string(let s): count = s.count
      default: throw args.failure("expected a list or a string, found \(value.typeName)", at: 0)
      }
      func bound(_ i: Int) throws -> Int {
        let n = try args.integer(i)
        return Swift.max(0, Swift.min(count, n < 0 ? n + count : n))
      }
      let start = try bound(1)
      let end = Swift.max(start, args[2] == nil ? count : try bound(2))
      if case .string(let s) = value { return .string(String(s.dropFirst(start).prefix(end - start))) }
      return .list(Array(try args.list(0)[start..<end]))
    },
    Builtin("reverse", "xs", "the list in reverse order") { args in .list(try args.list(0).reversed()) },
    Builtin("sort", "xs key?", "the list sorted ascending; by key(x) when a function is given") { args in
      let items = try args.list(0)
      let keys: [Value]
      if args[1] != nil {
        let key = try args.callable(1)
        keys = try items.map { try args.call(key, [$0]) }
      } else {
        keys = items
      }
      let numbers = keys.compactMap { if case .number(let n) = $0 { return n } else { return nil } }
      let strings = keys.compactMap { if case .string(let s) = $0 { return s } else { return nil } }
      let order: [Int]
      if numbers.count == keys.count {
        order = keys.indices.sorted { numbers[$0] < numbers[$1] || (numbers[$0] == numbers[$1] && $0 < $1) }
      } else if strings.count == keys.count {
        order = keys.indices.sorted { strings[$0] < strings[$1] || (strings[$0] == strings[$1] && $0 < $1) }
      } else {
        throw ScriptFailure("sort needs all numbers or all strings")
      }
      return .list(order.map { items[$0] })
    },
    Builtin("keys", "r", "the field names of a record, in order") { args in
      .list(try args.record(0).keys.map { .string($0) })
    },
    Builtin("values", "r", "the field values of a record, in order") { args in
      .list(try args.record(0).fields.map(\.value))
    },
    Builtin("choice", "xs", "a random element of the list") { args in
      let items = try args.list(0)
      guard !items.isEmpty else { throw args.failure("the list is empty", at: 0) }
      return items[Int(args.interpreter.random.nextUnit() * Double(items.count))]
    },
  ]
}
