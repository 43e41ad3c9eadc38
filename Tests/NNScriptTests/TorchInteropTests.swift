import Foundation
import NNCore
import Testing

@testable import NNScript

/// A saved model in real PyTorch: the `nn.Sequential` of the file's `nnscript.torch` takes its
/// tensors with `load_state_dict(strict=True)` and predicts what nnscript predicted, and the
/// README's snippet runs as printed. Skipped, saying why, where PyTorch cannot be had.
@Suite(.enabled(if: PythonTorch.shared.python != nil, "\(PythonTorch.shared.problem ?? "")"))
struct TorchInteropTests {
  /// Networks over every layer kind and activation, each with the data it trains on: dense with
  /// batch norm and dropout, a regression, conv2d on digits' 8×8×1 images with pooling and
  /// `flatten`, conv1d with batch norm after `flatten`, and `pad: same` with strides (PyTorch's
  /// padding modules where the odd zero goes after) and `gap`.
  static let networks: [(prepare: String, network: String)] = [
    (
      "seed 4\ndata = split(standardize(load(\"iris\")), 0.8)",
      "net < dense 12 relu; bn; dropout 0.1; dense 3 softmax >"
    ),
    (
      "seed 6\ndata = split(minmax(regression(features: 3, n: 120, seed: 5), target: true), 0.8)",
      "net < dense 10 tanh; bn; dense 1 >"
    ),
    (ModelFileTests.convolutional[0].prepare, ModelFileTests.convolutional[0].network),
    (ModelFileTests.convolutional[1].prepare, ModelFileTests.convolutional[1].network),
    (
      "seed 2\ndata = split(minmax(load(\"digits\")), 0.8)",
      "net < conv2d 4 3 elu pad: same stride: 2; bn; conv2d 6 2 gelu pad: same; avgpool 2; dropout 0.2; gap; "
        + "dense 8 bias: false; leaky_relu 0.2; selu; dense 12 swish; sigmoid; softplus; dense 10 softmax >"
    ),
    (
      "seed 3\ndata = split(standardize(reshape(regression(features: 12, n: 160, seed: 5), 6, 2)), 0.8)",
      "net < conv1d 4 2 relu pad: same; maxpool 2; conv1d 3 2 tanh pad: same stride: 2; bn; gap; dense 1 >"
    ),
  ]

  /// Builds the file's own `nnscript.torch` (the test wrote the file: evaluated with nothing
  /// but torch.nn in reach), loads the tensors strictly, and prints the outputs for argv[2]'s
  /// rows, which are channels last as nnscript's are: PyTorch takes them channels first. Then
  /// tunes the model as training in PyTorch would (a step in training mode moves batch norm's
  /// statistics and counts the batch; every parameter changes), saves it to argv[3] with the
  /// file's metadata, and prints its outputs again.
  static let forward = """
    import sys, json
    import torch
    from torch import nn
    from safetensors import safe_open
    from safetensors.torch import load_file, save_file
    with safe_open(sys.argv[1], framework="pt") as f:
        metadata = f.metadata()
    model = eval(metadata["nnscript.torch"], {"__builtins__": {}, "nn": nn})
    model.load_state_dict(load_file(sys.argv[1]), strict=True)
    model.eval()
    x = torch.tensor(json.loads(sys.argv[2]), dtype=torch.float32)
    if "nnscript.input_shape" in metadata:
        x = x.reshape([len(x)] + json.loads(metadata["nnscript.input_shape"])).movedim(-1, 1)
    with torch.no_grad():
        print(json.dumps(model(x).tolist()))
        model.train()
        model(x)
        for parameter in model.parameters():
            parameter.mul_(1.1)
        model.eval()
        print(json.dumps(model(x).tolist()))
    save_file(model.state_dict(), sys.argv[3], metadata=metadata)
    """

  /// The rows as a JSON list of lists.
  static func json(_ rows: Matrix) -> String {
    "["
      + (0..<rows.rows).map { "[" + rows.row($0).map { "\(Double($0))" }.joined(separator: ", ") + "]" }
      .joined(separator: ", ") + "]"
  }

  /// Records where PyTorch's outputs, JSON on the `back`th line from the end of `output`, and
  /// nnscript's differ by more than float32's rounding through a few layers allows.
  static func expectClose(_ output: String, back: Int = 1, to expected: Matrix, _ name: String) throws {
    // Counted from the end: PyTorch may warn before.
    let lines = output.split(separator: "\n")
    let line = lines.count >= back ? String(lines[lines.count - back]) : ""
    let computed = try #require(
      try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [[Double]], "\(name): \(output)")
    #expect(computed.count == expected.rows)
    var largest = 0.0
    for (row, outputs) in computed.enumerated() {
      let own = expected.row(row).map(Double.init)
      #expect(outputs.count == own.count)
      largest = zip(outputs, own).reduce(largest) { max($0, abs($1.0 - $1.1)) }
    }
    #expect(largest <= 1e-5, "\(name): PyTorch's outputs are up to \(largest) from nnscript's")
  }

  /// And back: the model tuned in PyTorch and saved with `save_file` loads into nnscript,
  /// which predicts as PyTorch does.
  @Test(arguments: networks.indices)
  func theSequentialOfTheFileLoadsStrictlyAndPredictsAsNNScript(_ index: Int) throws {
    let python = try #require(PythonTorch.shared.python)
    let (prepare, network) = Self.networks[index]
    let folder = try Support.folder("torch")
    let (file, tuned) = (
      folder.appendingPathComponent("model.safetensors"), folder.appendingPathComponent("tuned.safetensors")
    )
    let run = Support.run("\(prepare)\n\(network)\ntrain epochs: 1 batch: 32 quiet: true\nsave \"\(file.path)\"")
    #expect(ModelFileTests.succeeded(run), "\(run.errors)")
    let model = try #require(run.engine.trainedModel)
    guard case .dataset(let data)? = run.engine[variable: "data"] else {
      Issue.record("data is not a dataset")
      return
    }
    let rows = data.features.rows(Array(0..<8))
    let (status, output) = try PythonSafetensors.run(
      python, ["-c", Self.forward, file.path, Self.json(rows), tuned.path])
    #expect(status == 0, "\(output)")
    try Self.expectClose(output, back: 2, to: try model.network.predict(rows), network)
    let loaded = Support.run("\(prepare)\nload_net(\"\(tuned.path)\")")
    #expect(ModelFileTests.succeeded(loaded), "\(loaded.errors)")
    let back = try #require(loaded.engine.trainedModel)
    try Self.expectClose(output, to: try back.network.predict(rows), "\(network), tuned in PyTorch")
  }

  /// An embedding into recurrent layers: the file's `nn.Sequential` takes its tensors strictly,
  /// and its modules, run one by one on the tokens as integers (`nn.Sequential` can pass on
  /// neither the recurrent modules' tuples nor nnscript's float inputs), give nnscript's outputs.
  @Test func anEmbeddingsTableIsNNEmbeddingsWeight() throws {
    let python = try #require(PythonTorch.shared.python)
    let prepare = "seed 5\ndata = split(parity(n: 200, length: 6, seed: 2), 0.8)"
    let network = "net < embedding 2 4; lstm 3 seq: true dropout: 0.25; gru 2; dense 2 softmax >"
    let file = try Support.folder("torch").appendingPathComponent("embedding.safetensors")
    let run = Support.run("\(prepare)\n\(network)\ntrain epochs: 2 batch: 16 quiet: true\nsave \"\(file.path)\"")
    #expect(ModelFileTests.succeeded(run), "\(run.errors)")
    let model = try #require(run.engine.trainedModel)
    guard case .dataset(let data)? = run.engine[variable: "data"] else {
      Issue.record("data is not a dataset")
      return
    }
    let rows = data.features.rows(Array(0..<8))
    let script = """
      import sys, json
      import torch
      from torch import nn
      from safetensors import safe_open
      from safetensors.torch import load_file
      with safe_open(sys.argv[1], framework="pt") as f:
          metadata = f.metadata()
      model = eval(metadata["nnscript.torch"], {"__builtins__": {}, "nn": nn})
      model.load_state_dict(load_file(sys.argv[1]), strict=True)
      model.eval()
      embedding, lstm, dropout, gru, linear, softmax = model
      tokens = torch.tensor(json.loads(sys.argv[2])).long()
      with torch.no_grad():
          states = gru(dropout(lstm(embedding(tokens))[0]))[0][:, -1]
          print(json.dumps(softmax(linear(states)).tolist()))
      """
    let (status, output) = try PythonSafetensors.run(python, ["-c", script, file.path, Self.json(rows)])
    #expect(status == 0, "\(output)")
    try Self.expectClose(output, to: try model.network.predict(rows), network)
  }

  /// The README's Python, run as printed beside the file it names, prints the probabilities
  /// nnscript gives the same raw samples; its `nn.Sequential` is the file's `nnscript.torch`.
  @Test func theReadmesSnippetRunsAsPrinted() throws {
    let python = try #require(PythonTorch.shared.python)
    let readme = try String(contentsOf: Support.root.appendingPathComponent("README.md"), encoding: .utf8)
    // Its one Python block, less the indentation of the list item it is in.
    let lines = readme.components(separatedBy: "\n")
    let starts = lines.indices.filter { lines[$0].trimmingCharacters(in: .whitespaces) == "```python" }
    #expect(starts.count == 1, "the README has one Python snippet")
    let start = try #require(starts.first)
    let indent = lines[start].prefix { $0 == " " }
    let snippet = lines[(start + 1)...].prefix { $0.trimmingCharacters(in: .whitespaces) != "```" }
      .map { $0.hasPrefix(indent) ? String($0.dropFirst(indent.count)) : $0 }.joined(separator: "\n")
    let folder = try Support.folder("torch")
    let file = try ModelFileTests.savedIris(in: folder).file
    let contents = try SafeTensors(decoding: Data(contentsOf: file))
    let sequential = try #require(contents.metadata[ModelFile.torchKey])
    #expect(snippet.contains(sequential), "the snippet builds \(sequential)")
    let loaded = Support.run("m = load_net(\"\(file.path)\")")
    let model = try #require(loaded.engine.trainedModel)
    // The snippet's samples, prepared as predict prepares raw samples.
    let rows = model.preparation.features(
      of: Matrix(rows: 2, columns: 4, values: [5.1, 3.5, 1.4, 0.2, 6.7, 3.0, 5.2, 2.3]))
    let (status, output) = try PythonSafetensors.run(python, ["-c", snippet], in: folder)
    #expect(status == 0, "\(output)")
    try Self.expectClose(output, to: try model.network.predict(rows), "the README's snippet")
  }
}

/// A Python with PyTorch and safetensors in `.build/torch-venv`, made once and kept between
/// runs. With `NNSCRIPT_TORCH_PYTHON` naming a Python that has torch, the venv takes its torch
/// from there; otherwise PyTorch's CPU wheel is installed into it (about 200 MB, as
/// `.build/ray-venv` holds Ray). nil with the reason when neither works (no network, no python3).
final class PythonTorch: Sendable {
  static let shared = PythonTorch()

  let python: URL?
  let problem: String?

  private init() {
    let venv = Support.root.appendingPathComponent(".build/torch-venv")
    let python = venv.appendingPathComponent("bin/python")
    let pip = venv.appendingPathComponent("bin/pip")
    let check = ["-c", "import torch, numpy, safetensors.torch"]
    if let (status, _) = try? PythonSafetensors.run(python, check), status == 0 {
      (self.python, problem) = (python, nil)
      return
    }
    var steps: [(URL, [String])]
    if let base = ProcessInfo.processInfo.environment["NNSCRIPT_TORCH_PYTHON"] {
      let base = URL(fileURLWithPath: base)
      // A .pth file puts the other Python's packages on the venv's path, torch among them.
      let linking = """
        import site, subprocess, sys
        found = subprocess.run([sys.argv[1], "-c", "import os, torch; print(os.path.dirname(os.path.dirname(torch.__file__)))"], capture_output=True, text=True, check=True)
        open(site.getsitepackages()[0] + "/nnscript-torch.pth", "w").write(found.stdout)
        """
      steps = [(base, ["-m", "venv", venv.path]), (python, ["-c", linking, base.path])]
    } else {
      steps = [
        (URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-m", "venv", venv.path]),
        (
          pip, ["install", "--quiet", "--retries", "1", "torch", "--index-url", "https://download.pytorch.org/whl/cpu"]
        ),
      ]
    }
    steps += [(pip, ["install", "--quiet", "safetensors", "numpy"]), (python, check)]
    for (program, arguments) in steps {
      let result = try? PythonSafetensors.run(program, arguments)
      guard let result, result.status == 0 else {
        let said = result.map { String($0.output.suffix(300)) } ?? "cannot run \(program.path)"
        (self.python, problem) = (
          nil,
          "skipped: no Python with PyTorch in .build/torch-venv (set NNSCRIPT_TORCH_PYTHON to a Python that has torch): \(said)"
        )
        return
      }
    }
    (self.python, problem) = (python, nil)
  }
}
