namespace Layerwise.Data.Readers;

/// <summary>Shared checks: the root exists, the split is one of <see cref="Splits"/> (case-insensitive).</summary>
public abstract class DatasetReaderBase : IDatasetReader
{
    public abstract string Id { get; }
    public abstract IReadOnlyList<string> Splits { get; }
    public virtual string DefaultSplit => Splits[^1];

    public DatasetSplit Read(string root, string split)
    {
        if (!Directory.Exists(root))
            throw new DatasetLayoutException($"{Id}: root folder '{root}' does not exist");
        string canonical = Splits.FirstOrDefault(s => s.Equals(split, StringComparison.OrdinalIgnoreCase))
            ?? AcceptOtherSplit(root, split)
            ?? throw new DatasetLayoutException($"{Id}: unknown split '{split}'; splits are {string.Join(", ", Splits)}");
        return ReadSplit(Path.GetFullPath(root), canonical);
    }

    /// <summary>Readers whose split names are not fixed (generic protocol files, extra folders) return a name here.</summary>
    protected virtual string? AcceptOtherSplit(string root, string split) => null;

    protected abstract DatasetSplit ReadSplit(string root, string split);

    protected static string Dot(string extension) => extension.StartsWith('.') ? extension : "." + extension;
}
