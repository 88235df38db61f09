namespace Layerwise.Data;

/// <summary>Reads one dataset from the folder its official archive(s) extract into.</summary>
public interface IDatasetReader
{
    /// <summary>The catalog id, e.g. "asvspoof2019-la".</summary>
    string Id { get; }

    IReadOnlyList<string> Splits { get; }

    /// <summary>The split read when none is named (the evaluation split where there is one).</summary>
    string DefaultSplit => Splits[Splits.Count - 1];

    DatasetSplit Read(string root, string split);
}
