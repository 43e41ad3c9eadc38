import Foundation
import NNCore
import Testing

@testable import NNScript

/// `save` and `load_net`: a saved network loads back predicting the same numbers bit for bit,
/// a broken file is an error naming it, and PyTorch's safetensors package reads the file.
struct ModelFileTests {
  static func succeeded(_ run: (engine: Engine, output: String, errors: String, outcome: Outcome)) -> Bool {
    run.outcome.status == .success
  }

  /// Trains a network with batch norm and dropout on standardised iris and saves it; the
  /// file, and what `eval` said of the network.
  @discardableResult
  static func savedIris(in folder: URL) throws -> (file: URL, evaluation: Value?) {
    let file = folder.appendingPathComponent("iris.safetensors")
    let run = Support.run(
      """
      seed 4
      data = split(standardize(load("iris")), 0.8)
      net < dense 12 relu; bn; dropout 0.1; dense 3 softmax >
      train epochs: 8 batch: 16 quiet: true
      e = eval
      save "\(file.path)"
      """)
    #expect(Self.succeeded(run), "\(run.errors)")
    return (file, run.engine[variable: "e"])
  }

  @Test func aLoadedNetworkPredictsExactlyAsTheSavedOne() throws {
    let folder = try Support.folder("models")
    let file = folder.appendingPathComponent("regression.safetensors")
    // A regression target scaled by minmax: predictions are mapped back to its units, so the
    // numbers show every bit of the weights and of the preparation.
    let prepare = """
      data = split(minmax(regression(features: 3, n: 120, seed: 5), target: true), 0.8)
      samples = [[0.5, -1, 2], [3, 0.25, -0.75]]
      """
    let trained = Support.run(
      """
      seed 6
      \(prepare)
      net < dense 10 tanh; bn; dense 1 >
      train epochs: 6 batch: 16 quiet: true
      before = predict(samples)
      on_data = predict(data)
      save "\(file.path)"
      """)
    #expect(Self.succeeded(trained), "\(trained.errors)")
    let loaded = Support.run(
      """
      \(prepare)
      m = load_net("\(file.path)")
      after = predict(samples)
      checked = predict(samples, net: m)
      on_data = predict(data)
      """)
    #expect(Self.succeeded(loaded), "\(loaded.errors)")
    let before = try #require(trained.engine[variable: "before"])
    #expect(before.isEqual(to: try #require(loaded.engine[variable: "after"])))
    #expect(before.isEqual(to: try #require(loaded.engine[variable: "checked"])))
    #expect(
      try #require(trained.engine[variable: "on_data"]).isEqual(to: try #require(loaded.engine[variable: "on_data"])))
    #expect(loaded.engine[variable: "m"]?.description == "net < dense 10 tanh; bn; dense 1 >")
  }

  @Test func classesComeBackByNameAndSavingAgainWritesTheSameBytes() throws {
    let folder = try Support.folder("models")
    let (file, evaluation) = try Self.savedIris(in: folder)
    let copy = folder.appendingPathComponent("copy.safetensors")
    let run = Support.run(
      """
      seed 4
      data = split(standardize(load("iris")), 0.8)
      load_net("\(file.path)")
      print predict([5.1, 3.5, 1.4, 0.2]) predict([6.7, 3.0, 5.2, 2.3])
      e = eval
      save "\(copy.path)"
      """)
    #expect(Self.succeeded(run), "\(run.errors)")
    #expect(run.output == "setosa virginica\n")
    #expect(try Data(contentsOf: file) == Data(contentsOf: copy))
    let evaluated = try #require(run.engine[variable: "e"])
    #expect(evaluated.isEqual(to: try #require(evaluation)), "eval of the loaded network: \(evaluated)")
  }

  /// Convolutional networks to save, each with the data it trains on, and its forward pass in
  /// PyTorch's conventions for `torchForward`: conv2d on digits' 8×8×1 images, with batch norm
  /// per channel; conv1d on 6×2 sequences, with batch norm after `flatten` (per feature, so in
  /// PyTorch's flatten order in the file).
  static let convolutional: [(prepare: String, network: String, shape: [Int], torch: String)] = [
    (
      "seed 2\ndata = split(minmax(load(\"digits\")), 0.8)",
      "net < conv2d 4 3 relu; bn; conv2d 6 3 relu; maxpool 2; flatten; dense 10 softmax >", [8, 8, 1],
      """
      x = rows.reshape(-1, 8, 8, 1).transpose(0, 3, 1, 2)
      x = bn(relu(conv(x, "0.")), "2.")
      x = pool(relu(conv(x, "3.")), 2, np.max)
      out = softmax(dense(x.reshape(len(x), -1), "7."))
      """
    ),
    (
      "seed 3\ndata = split(standardize(reshape(regression(features: 12, n: 160, seed: 5), 6, 2)), 0.8)",
      "net < conv1d 4 3 tanh; avgpool 2; flatten; bn; dense 1 >", [6, 2],
      """
      x = rows.reshape(-1, 6, 2).transpose(0, 2, 1)
      x = pool(np.tanh(conv(x, "0.")), 2, np.mean)
      out = dense(bn(x.reshape(len(x), -1), "4."), "5.")
      """
    ),
  ]

  /// Trains `convolutional[index]` for an epoch and saves it.
  static func savedConvolutional(_ index: Int, in folder: URL) throws -> (
    file: URL, run: (engine: Engine, output: String, errors: String, outcome: Outcome)
  ) {
    let (prepare, network, _, _) = convolutional[index]
    let file = folder.appendingPathComponent("conv-\(index).safetensors")
    let run = Support.run(
      """
      \(prepare)
      \(network)
      train epochs: 1 batch: 32 quiet: true
      before = predict(data)
      save "\(file.path)"
      """)
    #expect(Self.succeeded(run), "\(run.errors)")
    return (file, run)
  }

  @Test(arguments: 0..<convolutional.count)
  func aConvolutionalNetworkComesBackWithItsInputShape(_ index: Int) throws {
    let folder = try Support.folder("models")
    let (file, trained) = try Self.savedConvolutional(index, in: folder)
    let copy = folder.appendingPathComponent("copy.safetensors")
    let loaded = Support.run(
      "\(Self.convolutional[index].prepare)\nload_net(\"\(file.path)\")\nafter = predict(data)\nsave \"\(copy.path)\"")
    #expect(Self.succeeded(loaded), "\(loaded.errors)")
    #expect(
      try #require(trained.engine[variable: "before"]).isEqual(to: try #require(loaded.engine[variable: "after"])))
    let metadata = try ModelMetadata(entries: SafeTensors(decoding: Data(contentsOf: file)).metadata)
    #expect(metadata.shape == Self.convolutional[index].shape)
    // Reordered on load and back on save, with the loaded model's input shape.
    #expect(try Data(contentsOf: file) == Data(contentsOf: copy))
  }

  /// The file's conv weights are [out, in, kh, kw] and the dense layer after `flatten` reads
  /// its inputs channel by channel, each value the network's own from its place there.
  @Test func convolutionWeightsAreInPyTorchsLayout() throws {
    let (file, run) = try Self.savedConvolutional(0, in: try Support.folder("models"))
    let network = try #require(run.engine.trainedModel?.network)
    let contents = try SafeTensors(decoding: Data(contentsOf: file))
    /// Layer `layer`'s weights, and those of the file's module `module`.
    func weights(_ layer: Int, _ module: Int) throws -> (file: SafeTensors.Tensor, network: Matrix) {
      guard case .dense(let weights, _)? = network.parameters(ofLayer: layer) else {
        throw FileFailure("layer \(layer) has no weights")
      }
      return (try #require(contents["\(module).weight"]), weights)
    }
    #expect(contents["0.weight"]?.shape == [4, 1, 3, 3])
    // 4 input channels: the network's patch is (kernel row, kernel column, channel).
    let conv = try weights(2, 3)
    #expect(conv.file.shape == [6, 4, 3, 3])
    var convExpected: [Float] = []
    for o in 0..<6 {
      for c in 0..<4 {
        for i in 0..<3 {
          for j in 0..<3 { convExpected.append(conv.network.values[o * 36 + (i * 3 + j) * 4 + c]) }
        }
      }
    }
    #expect(conv.file.floats == convExpected)
    // After maxpool: 2×2 positions × 6 channels, flattened as (c, h, w) in the file.
    let dense = try weights(5, 7)
    #expect(dense.file.shape == [10, 24])
    var denseExpected: [Float] = []
    for unit in 0..<10 {
      for c in 0..<6 {
        for position in 0..<4 { denseExpected.append(dense.network.values[unit * 24 + position * 6 + c]) }
      }
    }
    #expect(dense.file.floats == denseExpected)
    #expect(contents["2.running_mean"]?.floats?.count == 4)
  }

  @Test func theFileHoldsTheTensorsAndMetadataAsDocumented() throws {
    let file = try Self.savedIris(in: try Support.folder("models")).file
    let contents = try SafeTensors(decoding: Data(contentsOf: file))
    #expect(
      contents.tensors.map(\.name).sorted() == [
        "0.bias", "0.weight", "2.bias", "2.num_batches_tracked", "2.running_mean", "2.running_var", "2.weight",
        "4.bias", "4.weight",
      ])
    #expect(contents["0.weight"]?.shape == [12, 4])
    #expect(contents["4.weight"]?.shape == [3, 12])
    #expect(contents["2.running_var"]?.shape == [12])
    #expect(contents["2.num_batches_tracked"]?.shape == [])
    #expect(
      contents.metadata["nnscript.torch"]
        == "nn.Sequential(nn.Linear(4, 12), nn.ReLU(), nn.BatchNorm1d(12), nn.Dropout(p=0.1), nn.Linear(12, 3), nn.Softmax(dim=1))"
    )
    #expect(
      contents.metadata["nnscript.torch_source"] == """
        model = \(contents.metadata["nnscript.torch"] ?? "")


        def inputs(rows):
            \"\"\"nnscript's rows, (N, 4) channels last, as the model reads them: as they are.\"\"\"
            return rows

        """)
    let metadata = try ModelMetadata(entries: contents.metadata)
    #expect(metadata.network == "net < dense 12 relu; bn; dropout 0.1; dense 3 softmax >")
    #expect(metadata.inputs == ["sepal_length", "sepal_width", "petal_length", "petal_width"])
    #expect(metadata.classes == ["setosa", "versicolor", "virginica"])
    guard let standardize = metadata.preparation.scalers.first else {
      Issue.record("the file should hold the standardisation")
      return
    }
    #expect(standardize.kind == "standardize" && standardize.shift.count == 4 && standardize.scale.count == 4)
  }

  @Test func trainingGoesOnFromALoadedNetwork() throws {
    let file = try Self.savedIris(in: try Support.folder("models")).file
    let run = Support.run(
      """
      seed 9
      data = split(standardize(load("iris")), 0.8)
      m = load_net("\(file.path)")
      loaded = train net: m epochs: 1 quiet: true
      net < dense 12 relu; bn; dropout 0.1; dense 3 softmax >
      fresh = train epochs: 1 quiet: true
      """)
    #expect(Self.succeeded(run), "\(run.errors)")
    let loaded = try #require(Support.number(Support.member(run.engine[variable: "loaded"], "loss")))
    let fresh = try #require(Support.number(Support.member(run.engine[variable: "fresh"], "loss")))
    #expect(loaded < fresh / 2, "the loaded network starts trained")
  }

  /// `save` writes what the model knows of its own data, whatever the session trained since:
  /// here a run the doctor refused before its first step, on other data with another network.
  @Test func saveWritesTheDataOfTheModelItself() throws {
    let folder = try Support.folder("models")
    let (first, again) = (
      folder.appendingPathComponent("a.safetensors"), folder.appendingPathComponent("b.safetensors")
    )
    let engine = Engine()
    let trained = engine.run(
      SourceFile(
        name: "a.nns",
        text: """
          seed 4
          data = split(standardize(load("iris")), 0.8)
          net < dense 12 relu; bn; dense 3 softmax >
          train epochs: 2 batch: 16 quiet: true
          save "\(first.path)"
          """))
    #expect(trained.status == .success)
    let refused = engine.run(
      SourceFile(
        name: "b.nns",
        text:
          "data = split(load(\"breast_cancer\"), 0.8)\nother = net < dense 8 relu; dense 1 softmax >\ntrain net: other quiet: true"
      ))
    #expect(refused.status == .failed)
    let saved = engine.run(SourceFile(name: "c.nns", text: "save \"\(again.path)\""))
    #expect(saved.status == .success, "\(DiagnosticRenderer().render(saved.diagnostics))")
    #expect(try Data(contentsOf: first) == Data(contentsOf: again))
  }

  /// A trained model goes on training only on samples of its data's shape: digits as 8×8×1
  /// images are not 4×16 sequences or 64 flat features, though just as wide.
  @Test func trainingGoesOnOnlyOnDataOfTheSameShape() throws {
    let engine = Engine()
    func train(_ line: String) throws -> Model {
      let outcome = engine.run(SourceFile(name: "train.nns", text: "\(line)\ntrain epochs: 1 quiet: true"))
      #expect(outcome.status == .success, "\(DiagnosticRenderer().render(outcome.diagnostics))")
      return try #require(engine.trainedModel)
    }
    let images = try train("seed 1\ndata = split(minmax(load(\"digits\")), 0.8)\nnet < dense 10 softmax >")
    #expect(images.inputShape == SampleShape([8, 8, 1]))
    #expect(try train("") === images, "the same data goes on")
    let sequences = try train("data = reshape(data, 4, 16)")
    #expect(sequences !== images)
    #expect(sequences.inputShape == SampleShape([4, 16]))
    let flat = try train("data = reshape(data, 64)")
    #expect(flat !== sequences)
    #expect(flat.inputShape == .flat(64))
    #expect(try train("") === flat)
  }

  @Test func predictWithAnotherNetworkIsAnError() throws {
    let file = try Self.savedIris(in: try Support.folder("models")).file
    let run = Support.run(
      """
      data = split(standardize(load("iris")), 0.8)
      m = load_net("\(file.path)")
      other = net < dense 12 relu; bn; dropout 0.1; dense 3 softmax >
      predict([1, 2, 3, 4], net: other)
      """)
    #expect(run.outcome.status == .failed)
    #expect(run.errors.contains("test.nns:4:23: error: predict: this network is not the one the session trained"))
  }

  @Test func savingNeedsATrainedNetworkAndAPath() throws {
    let folder = try Support.folder("models")
    let cases: [(String, String)] = [
      ("save \"m.safetensors\"", "'save' needs a trained network: train first"),
      (
        "data = load(\"iris\")\nnet < dense 3 softmax >\ntrain epochs: 1 quiet: true\nsave 3",
        "save expects a file path, found number"
      ),
      (
        "data = load(\"iris\")\nnet < dense 3 softmax >\ntrain epochs: 1 quiet: true\nsave \"\(folder.path)\"",
        "cannot write '\(folder.path)': "
      ),
    ]
    for (script, message) in cases {
      let run = Support.run(script)
      #expect(run.outcome.status == .failed)
      #expect(run.outcome.diagnostics.last?.message.hasPrefix(message) == true, "\(run.errors)")
    }
  }

  // MARK: Broken files

  /// Every cut of a model file short of its end is an error, never a crash.
  @Test func everyTruncationIsAnError() throws {
    let bytes = try Data(contentsOf: try Self.savedIris(in: try Support.folder("models")).file)
    for length in 0..<bytes.count {
      #expect(throws: FileFailure.self, "cut at \(length) bytes") {
        try SafeTensors(decoding: bytes.prefix(length))
      }
    }
  }

  /// A header with the given JSON, then `data` bytes of tensor data.
  static func file(header: String, data: Int = 0) -> Data {
    var bytes = Data()
    withUnsafeBytes(of: UInt64(header.utf8.count).littleEndian) { bytes.append(contentsOf: $0) }
    bytes.append(contentsOf: Array(header.utf8))
    bytes.append(Data(count: data))
    return bytes
  }

  @Test(
    "broken headers are errors",
    arguments: [
      (file(header: "{", data: 0), "its header is not a JSON object"),
      (file(header: "[1, 2]"), "its header is not a JSON object"),
      (
        file(header: #"{"a": {"dtype": "F16", "shape": [2], "data_offsets": [0, 4]}}"#, data: 4),
        "tensor 'a' is F16; nnscript reads F32, F64 and I64 tensors"
      ),
      (
        file(header: #"{"a": {"dtype": "F32", "shape": [3], "data_offsets": [0, 8]}}"#, data: 8),
        "tensor 'a' has 8 bytes, but its shape [3] needs 12"
      ),
      (
        file(header: #"{"a": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]}}"#, data: 4),
        "tensor 'a' runs past the end of the file"
      ),
      (
        file(
          header:
            #"{"a": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]}, "b": {"dtype": "F32", "shape": [2], "data_offsets": [4, 12]}}"#,
          data: 12),
        "tensors 'a' and 'b' overlap"
      ),
      (
        file(header: #"{"a": {"dtype": "F32", "shape": [-1], "data_offsets": [0, 0]}}"#),
        "tensor 'a' has an impossible shape [-1]"
      ),
      (
        file(header: #"{"a": {"dtype": "F32", "shape": [4611686018427387904, 4], "data_offsets": [0, 0]}}"#),
        "tensor 'a' has an impossible shape"
      ),
      (
        file(header: #"{"a": {"dtype": "F32", "shape": [1.5], "data_offsets": [0, 4]}}"#, data: 4),
        "tensor 'a' needs a dtype, a shape and data_offsets of whole numbers"
      ),
      (
        file(header: #"{"a": {"dtype": "F32", "shape": [1], "data_offsets": [4, 0]}}"#, data: 4),
        "tensor 'a' has data_offsets that are not a [start, end] pair"
      ),
      (file(header: #"{"__metadata__": {"a": 1}}"#), "its __metadata__ does not map strings to strings"),
      (Data([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]), "its header length"),
    ])
  func brokenHeader(_ bytes: Data, _ reason: String) throws {
    #expect {
      try SafeTensors(decoding: bytes)
    } throws: { error in
      (error as? FileFailure)?.reason.hasPrefix(reason) == true
    }
  }

  /// Files that are sound safetensors but not a network nnscript can rebuild: each is an error
  /// at the `load_net` call, naming the file.
  @Test func filesThatDoNotFitTheirNetworkAreErrors() throws {
    let folder = try Support.folder("models")
    let original = try SafeTensors(decoding: Data(contentsOf: try Self.savedIris(in: folder).file))
    func variant(_ change: (inout SafeTensors) -> Void) -> SafeTensors {
      var copy = original
      change(&copy)
      return copy
    }
    let cases: [(SafeTensors, String)] = [
      (variant { $0.metadata = [:] }, "its metadata holds no nnscript network"),
      (variant { $0.tensors.removeAll { $0.name == "0.bias" } }, "it has no tensor '0.bias'"),
      (
        variant {
          $0.tensors = $0.tensors.map { tensor in
            tensor.name != "0.bias"
              ? tensor : SafeTensors.Tensor(tensor.name, shape: tensor.shape, .f64(tensor.floats!.map(Double.init)))
          }
        },
        "tensor '0.bias' is F64, but parameters are F32"
      ),
      (
        variant {
          $0.metadata["nnscript.inputs"] = #"["a", "b", "c"]"#
          $0.metadata["nnscript.preparation"] = "[]"
        },
        "tensor '0.weight' has shape [12, 4], but layer 1 (dense 12 relu) needs [12, 3]"
      ),
      (
        variant { $0.tensors.append(SafeTensors.Tensor("extra", shape: [1], .f32([0]))) },
        "it holds a tensor 'extra' that its network has no place for"
      ),
      (
        variant { $0.tensors.removeAll { $0.name == "2.num_batches_tracked" } },
        "it has no tensor '2.num_batches_tracked' for layer 2 (bn)"
      ),
      (
        variant {
          $0.tensors = $0.tensors.map {
            $0.name != "2.num_batches_tracked" ? $0 : SafeTensors.Tensor($0.name, shape: [], .f32([0]))
          }
        },
        "tensor '2.num_batches_tracked' is not I64"
      ),
      (variant { $0.metadata["nnscript.preparation"] = "[{" }, "its metadata's nnscript.preparation is malformed"),
      (
        variant { $0.metadata["nnscript.classes"] = #"["setosa", "setosa", "virginica"]"# },
        "its metadata's nnscript.classes names a class twice"
      ),
      (
        variant {
          $0.metadata["nnscript.preparation"] =
            #"{"columns": [{"name": "a"}], "imputation": "none", "steps": [], "fills": [null], "encodings": [{"value": {}}], "scalers": [], "targetScales": []}"#
        },
        "its preparation is wrong: it makes other features than the network's 4 inputs"
      ),
      (
        variant {
          $0.metadata["nnscript.preparation"] =
            #"{"columns": [{"name": "a", "levels": ["x"]}], "imputation": "none", "steps": [], "fills": [null], "encodings": [{"indicators": {"_0": [0, 7]}}], "scalers": [], "targetScales": []}"#
        },
        "its preparation is wrong: the indicators of 'a' name texts it does not have"
      ),
      (
        variant {
          $0.metadata["nnscript.preparation"] =
            #"{"columns": [{"name": "a", "levels": ["x", "x"]}], "imputation": "none", "steps": [], "fills": [null], "encodings": [{"indicators": {"_0": [0, 1]}}], "scalers": [], "targetScales": []}"#
        },
        "its preparation is wrong: column 'a' names a text twice"
      ),
      (
        variant {
          $0.metadata["nnscript.preparation"] =
            #"{"columns": [{"name": "a"}], "imputation": "none", "steps": [], "fills": [null], "encodings": [{"indicators": {"_0": [3, 3]}}], "scalers": [], "targetScales": []}"#
        },
        "its preparation is wrong: the indicators of 'a' repeat a value"
      ),
      (
        variant { $0.metadata["nnscript.preparation"] = #"[{"step": "standardize", "mean": [0], "std": [1]}]"# },
        "its standardize step does not have one statistic per input (4)"
      ),
      (variant { $0.metadata["nnscript.format"] = "9" }, "it was written in nnscript's model format 9"),
      (
        variant { $0.metadata["nnscript.input_shape"] = "[3, 3]" },
        "its input shape [3, 3] does not hold its 4 inputs"
      ),
      (variant { Self.replaceFirst(of: "0.bias", in: &$0, with: .nan) }, "tensor '0.bias' holds NaN"),
      (
        variant { Self.replaceFirst(of: "4.weight", in: &$0, with: -.infinity) },
        "tensor '4.weight' holds NaN or infinite values"
      ),
    ]
    for (index, (contents, reason)) in cases.enumerated() {
      let file = folder.appendingPathComponent("broken-\(index).safetensors")
      try contents.encoded().write(to: file)
      let run = Support.run("data = load(\"iris\")\nload_net(\"\(file.path)\")")
      #expect(run.outcome.status == .failed)
      let error = try #require(run.outcome.diagnostics.last)
      #expect(error.message.hasPrefix("load_net: cannot load '\(file.path)': \(reason)"), "\(run.errors)")
      #expect(error.range?.line == 2)
    }
    let network = folder.appendingPathComponent("network.safetensors")
    try variant { $0.metadata["nnscript.net"] = "net < dense 12 relu; bn; dropout 0.1; dense 5 softmax >" }.encoded()
      .write(to: network)
    let run = Support.run("load_net(\"\(network.path)\")")
    #expect(
      run.errors.hasPrefix(
        "\(network.path):1:39: error: the output layer has 5 units, but the data has 3 classes"), "\(run.errors)")
  }

  /// Sets the first value of the F32 tensor `name` to `value`.
  static func replaceFirst(of name: String, in file: inout SafeTensors, with value: Float) {
    file.tensors = file.tensors.map { tensor in
      guard tensor.name == name, var values = tensor.floats else { return tensor }
      values[0] = value
      return SafeTensors.Tensor(name, shape: tensor.shape, .f32(values))
    }
  }

  /// `file` as nnscript wrote it in an earlier `format`: each module's tensors under the net
  /// literal's `layers.N` that `layers` gives for it, a checkpoint's best epoch's after `best.`
  /// likewise, without `num_batches_tracked`; other tensors as they are.
  static func earlier(_ file: SafeTensors, format: Int, layers: [String: Int]) -> SafeTensors {
    var old = file
    old.metadata["nnscript.format"] = "\(format)"
    old.metadata["nnscript.torch"] = nil
    old.tensors = file.tensors.compactMap { tensor in
      let prefix = tensor.name.hasPrefix("best.") ? "best." : ""
      let parts = tensor.name.dropFirst(prefix.count).split(separator: ".", maxSplits: 1).map(String.init)
      guard parts.count == 2, let layer = layers[parts[0]] else { return tensor }
      guard parts[1] != "num_batches_tracked" else { return nil }
      return SafeTensors.Tensor("\(prefix)layers.\(layer).\(parts[1])", shape: tensor.shape, tensor.values)
    }
    return old
  }

  /// The net literal's layer of each module holding tensors, for `savedIris` and
  /// `convolutional[0]`.
  static let irisLayers = ["0": 0, "2": 1, "4": 3]
  static let convolutionalLayers = ["0": 0, "2": 1, "3": 2, "7": 5]

  /// A conv weight in nnscript's own [filters, patch] shape is an error naming the shape
  /// PyTorch's layout needs. Format 1 kept that shape, so its files are read only for networks
  /// whose tensors are the same in both formats.
  @Test func convolutionWeightsOfTheOldLayoutAreErrors() throws {
    let folder = try Support.folder("models")
    let conv = try SafeTensors(decoding: Data(contentsOf: try Self.savedConvolutional(0, in: folder).file))
    var flat = conv
    flat.tensors = conv.tensors.map {
      $0.name == "3.weight" ? SafeTensors.Tensor($0.name, shape: [6, 36], $0.values) : $0
    }
    let cases = [
      (flat, "tensor '3.weight' has shape [6, 36], but layer 3 (conv2d 6 3 relu) needs [6, 4, 3, 3]"),
      (
        Self.earlier(conv, format: 1, layers: Self.convolutionalLayers),
        "it was written in nnscript's model format 1, before convolution weights were in PyTorch's layout"
      ),
    ]
    for (index, (contents, reason)) in cases.enumerated() {
      let file = folder.appendingPathComponent("old-\(index).safetensors")
      try contents.encoded().write(to: file)
      let run = Support.run("load_net(\"\(file.path)\")")
      #expect(
        run.outcome.diagnostics.last?.message.hasPrefix("load_net: cannot load '\(file.path)': \(reason)") == true)
    }
  }

  /// Files of formats 1 and 2 name tensors by the net literal's layers (`layers.1.weight`) and
  /// load so, predicting as when they were saved; saving again writes the current format.
  /// Each format reads only its own names.
  @Test func filesOfEarlierFormatsLoadByTheirOwnNames() throws {
    let folder = try Support.folder("models")
    let irisFile = try Self.savedIris(in: folder).file
    let iris = try SafeTensors(decoding: Data(contentsOf: irisFile))
    let (convFile, trained) = try Self.savedConvolutional(0, in: folder)
    let conv = try SafeTensors(decoding: Data(contentsOf: convFile))
    let cases = [
      (Self.earlier(iris, format: 1, layers: Self.irisLayers), ""),
      (Self.earlier(iris, format: 2, layers: Self.irisLayers), ""),
      (Self.earlier(conv, format: 2, layers: Self.convolutionalLayers), Self.convolutional[0].prepare),
    ]
    for (index, (contents, prepare)) in cases.enumerated() {
      let file = folder.appendingPathComponent("format-\(index).safetensors")
      let again = folder.appendingPathComponent("again-\(index).safetensors")
      try contents.encoded().write(to: file)
      let run = Support.run(
        "\(prepare)\nload_net(\"\(file.path)\")\nsave \"\(again.path)\"\n"
          + (prepare.isEmpty
            ? "print predict([5.1, 3.5, 1.4, 0.2]) predict([6.7, 3.0, 5.2, 2.3])" : "after = predict(data)"))
      #expect(Self.succeeded(run), "\(run.errors)")
      if prepare.isEmpty {
        #expect(run.output == "setosa virginica\n")
        #expect(try Data(contentsOf: again) == Data(contentsOf: irisFile))
      } else {
        let before = try #require(trained.engine[variable: "before"])
        #expect(before.isEqual(to: try #require(run.engine[variable: "after"])))
        #expect(try Data(contentsOf: again) == Data(contentsOf: convFile))
      }
    }
    let mislabelled = Self.earlier(iris, format: 3, layers: Self.irisLayers)
    let file = folder.appendingPathComponent("mislabelled.safetensors")
    try mislabelled.encoded().write(to: file)
    let run = Support.run("load_net(\"\(file.path)\")")
    #expect(
      run.outcome.diagnostics.last?.message
        == "load_net: cannot load '\(file.path)': it has no tensor '0.weight' for layer 1 (dense 12 relu)")
  }

  @Test func aMissingFileOrAFolderIsAnError() throws {
    let folder = try Support.folder("models")
    // A device or a FIFO is refused before it is read: the one never ends, the other waits.
    let fifo = folder.appendingPathComponent("fifo.safetensors").path
    #expect(mkfifo(fifo, 0o600) == 0)
    for (path, reason) in [
      ("nowhere.safetensors", "there is no such file"), (folder.path, "it is a folder"),
      ("/dev/zero", "it is not a regular file"), (fifo, "it is not a regular file"),
    ] {
      let run = Support.run("load_net(\"\(path)\")")
      #expect(run.outcome.diagnostics.last?.message == "load_net: cannot load '\(path)': \(reason)")
    }
  }

  // MARK: Crafted files

  /// Network texts a crafted model file may hold instead of a network: `{folder}` is the
  /// file's folder, `{self}` the file itself. Each is refused where it stops being data.
  static let craftedNetworks: [(text: String, message: String)] = [
    ("net < dense len([1, 2, 3]) relu; dense 3 softmax >", "nnscript.net holds '[' where nnscript writes a number"),
    (
      "net < dense (fn() { save [{a: 1}] to: \"{folder}/written.csv\"\n return 12 })() relu; dense 3 softmax >",
      "nnscript.net holds '(' where nnscript writes a number, true, false or a word"
    ),
    (
      "net < dense len(csv(\"/etc/passwd\")) relu; dense 3 softmax >",
      "nnscript.net holds '(' where nnscript writes ',' or ')'"
    ),
    (
      "net < dense (fn() { while true { } })() relu; dense 3 softmax >",
      "nnscript.net holds '(' where nnscript writes a number"
    ),
    ("net < dense fail(\"boom\") relu; dense 3 softmax >", "nnscript.net holds a string where nnscript writes"),
    // A word's arguments are checked as a script's are, not dropped for the default.
    (
      "net < dense 12 leaky_relu(alpah: 0.2); bn; dropout 0.1; dense 3 softmax >",
      "'leaky_relu' has no parameter 'alpah'"
    ),
    (
      "net < dense " + String(repeating: "(", count: 100_000) + "12" + String(repeating: ")", count: 100_000)
        + " relu; dense 3 softmax >",
      "nnscript.net holds '(' where nnscript writes a number"
    ),
    ("net < dense 12 (load_net(\"{self}\")); dense 3 softmax >", "nnscript.net holds '(' where nnscript writes"),
    ("net < dense len(load_net(\"{self}\")) relu; dense 3 softmax >", "nnscript.net holds '(' where nnscript writes"),
    ("net < dense width relu; dense 3 softmax >", "the units of 'dense' must be a whole number ≥ 1, found word"),
    ("net < dense 6 * 2 relu; dense 3 softmax >", "nnscript.net holds '*' where nnscript writes"),
    ("net < dense 12 relu; dense 3 softmax > print(1)", "nnscript.net holds 'print' where nnscript writes"),
    ("data = 1", "nnscript.net holds 'data' where nnscript writes net < … >"),
  ]

  /// A model file's network is read as data: a text that calls, saves, reads a CSV, loops,
  /// fails, nests deeply, uses a variable or loads the file itself is an error at its first
  /// character that is not a layer word, a number or an option word, and nothing it asks for
  /// happens: no file is written, the loader neither hangs nor recurses.
  @Test(arguments: craftedNetworks.indices)
  func aNetworkTextIsReadAsData(_ index: Int) throws {
    let folder = try Support.folder("models")
    let original = try SafeTensors(decoding: Data(contentsOf: try Self.savedIris(in: folder).file))
    let file = folder.appendingPathComponent("crafted.safetensors")
    var crafted = original
    let (text, message) = Self.craftedNetworks[index]
    crafted.metadata["nnscript.net"] = text.replacingOccurrences(of: "{folder}", with: folder.path)
      .replacingOccurrences(of: "{self}", with: file.path)
    try crafted.encoded().write(to: file)
    let before = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
    let run = Support.run("data = load(\"iris\")\nload_net(\"\(file.path)\")")
    #expect(run.outcome.status == .failed)
    let error = try #require(run.outcome.diagnostics.last)
    #expect(error.message.hasPrefix(message), "\(run.errors)")
    #expect(error.range?.file.name == file.path)
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == before)
  }

  /// A header that declares 1 GB is refused from its first 8 bytes: the loader stays within
  /// 400 MB of data, where reading the file whole would need more than 1 GB.
  @Test func aHugeHeaderIsRefusedBeforeItIsRead() throws {
    let folder = try Support.folder("models")
    let file = folder.appendingPathComponent("huge.safetensors")
    var header = Data()
    withUnsafeBytes(of: UInt64(1_000_000_000).littleEndian) { header.append(contentsOf: $0) }
    header.append(contentsOf: Array(#"{"__metadata__": {"nnscript.net": ""#.utf8))
    try header.write(to: file)
    // Sparse: a gigabyte of file without a gigabyte of disk.
    #expect(truncate(file.path, 1_000_000_100) == 0)
    let script = folder.appendingPathComponent("load.nns")
    try "load_net(\"\(file.path)\")\n".write(to: script, atomically: true, encoding: .utf8)
    let stderr = try ChildProcess.run([script.path], memoryLimit: 400 << 20, in: folder).errors
    #expect(stderr.contains("its header length (1000000000 bytes) is not plausible"), "\(stderr)")
  }

  // MARK: Python

  @Test(.enabled(if: PythonSafetensors.shared.python != nil, "\(PythonSafetensors.shared.problem ?? "")"))
  func pythonsSafetensorsReadsTheFile() throws {
    let file = try Self.savedIris(in: try Support.folder("models")).file
    let script = """
      import sys, json
      from safetensors import safe_open
      from safetensors.numpy import load_file
      tensors = load_file(sys.argv[1])
      for name in sorted(tensors):
          print(name, list(tensors[name].shape), tensors[name].dtype)
      with safe_open(sys.argv[1], framework="np") as f:
          metadata = f.metadata()
      print(" ".join(sorted(metadata)))
      print(json.loads(metadata["nnscript.classes"]))
      """
    let python = try #require(PythonSafetensors.shared.python)
    let (status, output) = try PythonSafetensors.run(python, ["-c", script, file.path])
    #expect(status == 0, "\(output)")
    #expect(
      output == """
        0.bias [12] float32
        0.weight [12, 4] float32
        2.bias [12] float32
        2.num_batches_tracked [] int64
        2.running_mean [12] float32
        2.running_var [12] float32
        2.weight [12] float32
        4.bias [3] float32
        4.weight [3, 12] float32
        nnscript.classes nnscript.format nnscript.inputs nnscript.net nnscript.preparation nnscript.target nnscript.torch nnscript.torch_source
        ['setosa', 'versicolor', 'virginica']

        """)
  }
}

extension ModelFileTests {
  /// A saved network's forward pass in numpy, in PyTorch's conventions (NCHW or NCL samples,
  /// OIHW or OIL weights, channels-first flatten), from the file's tensors alone (argv[1]).
  /// argv[2] holds the samples as JSON, channels last as nnscript's rows are; a case's own
  /// lines follow, leaving its outputs in `out`, which are printed as JSON.
  static func torchForward(_ network: String) -> String {
    """
    import sys, json
    import numpy as np
    from safetensors.numpy import load_file
    t = {name: value.astype(np.float64) for name, value in load_file(sys.argv[1]).items()}
    rows = np.array(json.loads(sys.argv[2]), dtype=np.float64)

    def conv(x, n):  # valid, stride 1: x is (N, C, *spatial), the weight (O, C, *kernel)
        w, b = t[n + "weight"], t[n + "bias"]
        kernel = w.shape[2:]
        size = tuple(s - k + 1 for s, k in zip(x.shape[2:], kernel))
        y = np.zeros((x.shape[0], w.shape[0]) + size)
        axes = list(range(1, w.ndim))
        for at in np.ndindex(*size):
            window = x[(slice(None), slice(None)) + tuple(slice(i, i + k) for i, k in zip(at, kernel))]
            y[(slice(None), slice(None)) + at] = np.tensordot(window, w, axes=(axes, axes))
        return y + b.reshape((1, -1) + (1,) * len(kernel))

    def pool(x, k, reduce):  # windows of k at stride k, a remainder left out
        n, c, *spatial = x.shape
        x = x[(slice(None), slice(None)) + tuple(slice(0, s // k * k) for s in spatial)]
        x = x.reshape([n, c] + [d for s in spatial for d in (s // k, k)])
        return reduce(x, axis=tuple(range(3, 3 + 2 * len(spatial), 2)))

    def bn(x, n):  # over axis 1: channels, or the features of a flat vector
        shape = (1, -1) + (1,) * (x.ndim - 2)
        g, b, m, v = (t[n + s].reshape(shape) for s in ("weight", "bias", "running_mean", "running_var"))
        return (x - m) / np.sqrt(v + 1e-5) * g + b

    def dense(x, n):
        return x @ t[n + "weight"].T + t[n + "bias"]

    def softmax(z):
        e = np.exp(z - z.max(axis=1, keepdims=True))
        return e / e.sum(axis=1, keepdims=True)

    def relu(x):
        return np.maximum(x, 0)

    \(network)
    print(json.dumps(out.tolist()))
    """
  }

  /// numpy, reading the file as PyTorch's `nn.Sequential` would, computes what the network
  /// predicts on the first rows of its data (the probabilities for digits).
  @Test(
    .enabled(if: PythonSafetensors.shared.python != nil, "\(PythonSafetensors.shared.problem ?? "")"),
    arguments: 0..<convolutional.count)
  func pyTorchsConventionsPredictAsNNScriptFromTheFile(_ index: Int) throws {
    let python = try #require(PythonSafetensors.shared.python)
    let (file, run) = try Self.savedConvolutional(index, in: try Support.folder("models"))
    let model = try #require(run.engine.trainedModel)
    guard case .dataset(let data)? = run.engine[variable: "data"] else {
      Issue.record("data is not a dataset")
      return
    }
    let rows = data.features.rows(Array(0..<5))
    let expected = try model.network.predict(rows)
    let json =
      "["
      + (0..<rows.rows).map { "[" + rows.row($0).map { "\(Double($0))" }.joined(separator: ", ") + "]" }
      .joined(separator: ", ") + "]"
    let script = Self.torchForward(Self.convolutional[index].torch)
    let (status, output) = try PythonSafetensors.run(python, ["-c", script, file.path, json])
    #expect(status == 0, "\(output)")
    let computed = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [[Double]], "\(output)")
    #expect(computed.count == expected.rows)
    for (row, outputs) in computed.enumerated() {
      let own = expected.row(row).map(Double.init)
      #expect(outputs.count == own.count)
      let close = zip(outputs, own).allSatisfy { abs($0 - $1) <= 1e-4 * max(1, abs($0)) }
      #expect(close, "row \(row): numpy \(outputs), nnscript \(own)")
    }
  }
}

/// A Python with the `safetensors` and `numpy` packages, in a virtual environment under
/// `.build/py-venv` made once and kept between runs; nil with the reason when it cannot be made
/// (no network, no python3).
final class PythonSafetensors: Sendable {
  static let shared = PythonSafetensors()

  let python: URL?
  let problem: String?

  private init() {
    let venv = Support.root.appendingPathComponent(".build/py-venv")
    let python = venv.appendingPathComponent("bin/python")
    let check = ["-c", "import safetensors, numpy"]
    if let (status, _) = try? Self.run(python, check), status == 0 {
      (self.python, problem) = (python, nil)
      return
    }
    let steps: [(URL, [String])] = [
      (URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-m", "venv", venv.path]),
      (venv.appendingPathComponent("bin/pip"), ["install", "--quiet", "safetensors", "numpy"]),
      (python, check),
    ]
    for (program, arguments) in steps {
      let result = try? Self.run(program, arguments)
      guard let result, result.status == 0 else {
        let said = result.map { String($0.output.suffix(300)) } ?? "cannot run \(program.path)"
        (self.python, problem) = (nil, "skipped: no Python with safetensors: \(said)")
        return
      }
    }
    (self.python, problem) = (python, nil)
  }

  /// Runs a program, in `directory` when given; its exit status and what it wrote to standard
  /// output and error.
  static func run(_ program: URL, _ arguments: [String], in directory: URL? = nil) throws -> (
    status: Int32, output: String
  ) {
    let process = Process()
    process.executableURL = program
    process.arguments = arguments
    process.currentDirectoryURL = directory
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
  }
}
