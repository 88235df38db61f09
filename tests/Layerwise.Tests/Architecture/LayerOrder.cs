using System.Text.RegularExpressions;

namespace Layerwise.Tests.Architecture;

/// <summary>
/// The library's layer order as ARCHITECTURE.md states it: the numbered list under "## Layer order", lowest first,
/// each item naming one or more namespaces in backticks (several on one line are peers). A namespace covers its
/// sub-namespaces unless they have an item of their own; the root namespace covers only itself.
/// </summary>
public sealed partial class LayerOrder
{
    public const string Heading = "## Layer order";
    readonly List<(string Namespace, int Level)> entries;

    LayerOrder(List<(string, int)> entries) => this.entries = entries;

    public IReadOnlyList<(string Namespace, int Level)> Entries => entries;

    public static LayerOrder Parse(string markdown)
    {
        var lines = markdown.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        int start = lines.FindIndex(l => l.Trim() == Heading);
        if (start < 0)
            throw new FormatException($"no '{Heading}' section");
        var entries = new List<(string, int)>();
        int level = 0;
        foreach (var line in lines.Skip(start + 1).TakeWhile(l => !l.StartsWith("## ", StringComparison.Ordinal)))
        {
            var item = Item().Match(line);
            if (!item.Success)
                continue;
            // The namespaces are the backticked names before the description (after " — ").
            string names = item.Groups[1].Value.Split(" — ")[0];
            var found = Name().Matches(names).Select(m => m.Groups[1].Value).ToList();
            if (found.Count == 0)
                throw new FormatException($"layer item without a namespace: {line}");
            level++;
            foreach (var n in found)
                entries.Add((n, level));
        }
        if (entries.Count == 0)
            throw new FormatException($"'{Heading}' lists no layers");
        var twice = entries.GroupBy(e => e.Item1).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null)
            throw new FormatException($"{twice.Key} is listed twice");
        return new LayerOrder(entries);
    }

    /// <summary>The level of a namespace (the longest listed prefix), or null when no item covers it.</summary>
    public int? LevelOf(string ns)
    {
        (string Namespace, int Level)? best = null;
        foreach (var e in entries)
        {
            bool covers = ns == e.Namespace || (e.Namespace.Contains('.') && ns.StartsWith(e.Namespace + ".", StringComparison.Ordinal));
            if (covers && (best is null || e.Namespace.Length > best.Value.Namespace.Length))
                best = e;
        }
        return best?.Level;
    }

    /// <summary>The references that point up the order, and the namespaces of the assembly no item covers.</summary>
    public IReadOnlyList<string> Violations(IEnumerable<TypeReference> references, string prefix)
    {
        var problems = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var r in references.Where(r => r.FromNamespace.StartsWith(prefix, StringComparison.Ordinal)
                                               && r.ToNamespace.StartsWith(prefix, StringComparison.Ordinal)))
        {
            int? from = LevelOf(r.FromNamespace), to = LevelOf(r.ToNamespace);
            if (from is null)
                problems.Add($"{r.FromNamespace} is not in the layer order");
            if (to is null)
                problems.Add($"{r.ToNamespace} is not in the layer order");
            if (from is int f && to is int t && t > f)
                problems.Add($"{r.FromNamespace}.{r.FromType} (layer {f}) uses {r.ToNamespace}.{r.ToType} (layer {t}), which is above it");
        }
        return [.. problems];
    }

    [GeneratedRegex(@"^\s*\d+\.\s+(.*)$")]
    private static partial Regex Item();

    [GeneratedRegex(@"`(Layerwise(?:\.[A-Za-z0-9]+)*)`")]
    private static partial Regex Name();
}
