using YamlDotNet.RepresentationModel;

namespace Probe.Metrics.Tests;

/// <summary>Reads a YAML file of the repository as a node tree, with path lookups that name what is missing.</summary>
internal sealed class YamlFile(string path, YamlMappingNode root)
{
    public string Path { get; } = path;

    public YamlMappingNode Root { get; } = root;

    public static YamlFile Load(string path)
    {
        var stream = new YamlStream();
        using (var reader = new StreamReader(path))
            stream.Load(reader);
        return new YamlFile(path, (YamlMappingNode)stream.Documents[0].RootNode);
    }

    /// <summary>The node at a path of mapping keys and sequence indexes, e.g. ("services", "grafana", "volumes", 0).</summary>
    public YamlNode At(params object[] path)
    {
        YamlNode node = Root;
        foreach (object step in path)
        {
            node = (node, step) switch
            {
                (YamlMappingNode m, string key) when m.Children.TryGetValue(new YamlScalarNode(key), out YamlNode? child) => child,
                (YamlSequenceNode s, int index) when index < s.Children.Count => s.Children[index],
                _ => throw new KeyNotFoundException($"{Path}: no {string.Join(".", path)} (stopped at {step})"),
            };
        }
        return node;
    }

    public string Scalar(params object[] path) =>
        ((YamlScalarNode)At(path)).Value ?? throw new InvalidOperationException($"{Path}: {string.Join(".", path)} is empty");

    public IEnumerable<string> Scalars(params object[] path) =>
        ((YamlSequenceNode)At(path)).Children.Select(n => ((YamlScalarNode)n).Value!);
}
