/// The long scripts the benchmark checks: the same experiment repeated with numbered names,
/// once in nnscript and once in Python, 25 lines per experiment in both so that the two
/// programs have the same number of lines.
enum Workloads {
  static let linesPerBlock = 25

  /// Functions, records, lists, loops, closures, net literals and `train` with options.
  static func nnscript(lines: Int) -> String {
    blocks(lines: lines) { k in
      """
      # experiment \(k): a tower of dense layers, trained two ways
      data = {x: range(\(k % 50 + 10)), y: map(range(\(k % 50 + 10)), fn(v) { return v % 3 })}
      fn tower_\(k)(width, act: "relu", p: 0.2) {
        return net < dense width act; dropout (p / 2); dense (width / 2) act; dense 3 softmax >
      }
      cfg_\(k) = {lr: 1e-3 * \(k % 10 + 1), batch: 32, width: \(64 + k % 64), name: "run \(k)"}
      widths_\(k) = [cfg_\(k).width, 32, 16]
      total_\(k) = 0
      for w in widths_\(k) {
        if w > 20 and w % 2 == 0 {
          total_\(k) += w * 2
        } else {
          total_\(k) -= 1
        }
      }
      i_\(k) = 0
      while i_\(k) < 3 { i_\(k) += 1 }
      net < dense cfg_\(k).width relu; bn; dense 3 softmax >
      m_\(k) = tower_\(k)(cfg_\(k).width, act: "gelu")
      r_\(k) = train epochs: 5 batch: cfg_\(k).batch opt: adam lr: exp(1e-2, 0.5, 20) clip: 1.0 net: m_\(k)
      s_\(k) = train opt: sgd(momentum: 0.9, nesterov: true) lr: cosine(0.1, 30) loss: ce early: 3 seed: \(k)
      scaled_\(k) = map(widths_\(k), fn(w) { return w * 2 })
      best_\(k) = max(r_\(k).val_acc, s_\(k).val_acc)
      print cfg_\(k).name "total" total_\(k) "best" best_\(k)
      assert len(scaled_\(k)) == 3, "three widths in experiment \(k)"
      """
    }
  }

  /// The same experiment in Python. Python needs no closing braces, so its loop body does a
  /// little more to keep 25 lines.
  static func python(lines: Int) -> String {
    blocks(lines: lines) { k in
      """
      # experiment \(k): a tower of dense layers, trained two ways
      data = {"x": list(range(\(k % 50 + 10))), "y": list(map(lambda v: v % 3, range(\(k % 50 + 10))))}
      def tower_\(k)(width, act="relu", p=0.2):
          layers = [Dense(width, act), Dropout(p / 2), Dense(width / 2, act)]
          return Net(layers + [Dense(3, "softmax")])
      cfg_\(k) = {"lr": 1e-3 * \(k % 10 + 1), "batch": 32, "width": \(64 + k % 64), "name": "run \(k)"}
      widths_\(k) = [cfg_\(k)["width"], 32, 16]
      total_\(k) = count_\(k) = 0
      for w in widths_\(k):
          if w > 20 and w % 2 == 0:
              total_\(k) += w * 2
          else:
              total_\(k) -= 1
          count_\(k) += 1
          last_\(k) = w
      i_\(k) = 0
      while i_\(k) < 3: i_\(k) += 1
      set_network(Net([Dense(cfg_\(k)["width"], "relu"), BatchNorm(), Dense(3, "softmax")]))
      m_\(k) = tower_\(k)(cfg_\(k)["width"], act="gelu")
      r_\(k) = train(epochs=5, batch=cfg_\(k)["batch"], opt="adam", lr=exp(1e-2, 0.5, 20), clip=1.0, net=m_\(k))
      s_\(k) = train(opt=sgd(momentum=0.9, nesterov=True), lr=cosine(0.1, 30), loss="ce", early=3, seed=\(k))
      scaled_\(k) = list(map(lambda w: w * 2, widths_\(k)))
      best_\(k) = max(r_\(k).val_acc, s_\(k).val_acc)
      print(cfg_\(k)["name"], "total", total_\(k), "best", best_\(k))
      assert len(scaled_\(k)) == 3, "three widths in experiment \(k)"
      """
    }
  }

  /// Enough numbered blocks for `lines` lines (a multiple of `linesPerBlock`).
  private static func blocks(lines: Int, _ block: (Int) -> String) -> String {
    (0..<lines / linesPerBlock).map { block($0) + "\n" }.joined()
  }
}
