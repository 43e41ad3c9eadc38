import Foundation
import PackagePlugin

/// Compiles a target's data files (the `.csv`, `.nns` and `.py` files in its folder, which the
/// target excludes from its sources) into an `EmbeddedFiles` enum, so that a copied binary
/// still has them. The bytes go in as base64 string literals, which compile in a moment where
/// a resource embedded as an array of numbers takes minutes.
@main
struct EmbedFiles: BuildToolPlugin {
  static let suffixes: Set = ["csv", "nns", "py"]

  func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
    guard let target = target as? SourceModuleTarget else { return [] }
    var inputs: [URL] = []
    let walk = FileManager.default.enumerator(at: target.directoryURL, includingPropertiesForKeys: nil)
    while let url = walk?.nextObject() as? URL {
      if Self.suffixes.contains(url.pathExtension) { inputs.append(url) }
    }
    inputs.sort { $0.path < $1.path }
    let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedFiles.swift")
    return [
      .buildCommand(
        displayName: "Embedding \(inputs.count) files in \(target.name)",
        executable: try context.tool(named: "embed-files").url,
        arguments: [output.path] + inputs.map(\.path),
        inputFiles: inputs, outputFiles: [output])
    ]
  }
}
