using Layerwise.Data.Readers;

namespace Layerwise.Data;

/// <summary>Dataset ids -> readers. Each reader is given the folder its official archive(s) extract into.
/// "demo" is the ASVspoof 2019 LA reader over the synthetic demo corpus (written in that layout).</summary>
public static class DatasetCatalog
{
    public const string DemoId = "demo";

    /// <summary>In the order of the issue: the paper's datasets, then generic and demo.</summary>
    public static IReadOnlyList<string> Ids { get; } =
    [
        Asvspoof2019LaReader.CatalogId, Asvspoof2021Reader.LaId, Asvspoof2021Reader.DfId, InTheWildReader.CatalogId,
        Add2023Reader.CatalogId, HablaReader.CatalogId, PartialSpoofReader.CatalogId, HadReader.CatalogId,
        SceneFakeReader.CatalogId, CtrSvddReader.CatalogId, GenericProtocolReader.CatalogId, DemoId,
    ];

    /// <summary>The reader for <paramref name="id"/> (case-insensitive); throws <see cref="DatasetLayoutException"/>
    /// listing the known ids otherwise.</summary>
    public static IDatasetReader Get(string id, DatasetReaderOptions? options = null)
    {
        options ??= DatasetReaderOptions.Default;
        return id.ToLowerInvariant() switch
        {
            Asvspoof2019LaReader.CatalogId => new Asvspoof2019LaReader(),
            Asvspoof2021Reader.LaId => new Asvspoof2021Reader("LA", options.Phase),
            Asvspoof2021Reader.DfId => new Asvspoof2021Reader("DF", options.Phase),
            InTheWildReader.CatalogId => new InTheWildReader(),
            Add2023Reader.CatalogId => new Add2023Reader(),
            HablaReader.CatalogId => new HablaReader(),
            PartialSpoofReader.CatalogId => new PartialSpoofReader(options),
            HadReader.CatalogId => new HadReader(),
            SceneFakeReader.CatalogId => new SceneFakeReader(),
            CtrSvddReader.CatalogId => new CtrSvddReader(),
            GenericProtocolReader.CatalogId => new GenericProtocolReader(options),
            DemoId => new Asvspoof2019LaReader(DemoId),
            _ => throw new DatasetLayoutException($"unknown dataset '{id}'; known: {string.Join(", ", Ids)}"),
        };
    }

    public static IReadOnlyList<string> SplitsOf(string id) => Get(id).Splits;

    public static string DefaultSplitOf(string id) => Get(id).DefaultSplit;

    /// <summary>Reads one split (the dataset's default split when <paramref name="split"/> is null).</summary>
    public static DatasetSplit Read(string id, string root, string? split = null, DatasetReaderOptions? options = null)
    {
        var reader = Get(id, options);
        return reader.Read(root, split ?? reader.DefaultSplit);
    }

    /// <summary>Reads every split of a dataset that is present under <paramref name="root"/> (splits whose files
    /// are absent are skipped; malformed files still throw).</summary>
    public static IReadOnlyList<DatasetSplit> ReadAvailable(string id, string root, DatasetReaderOptions? options = null)
    {
        var reader = Get(id, options);
        var result = new List<DatasetSplit>();
        foreach (string split in reader.Splits)
        {
            try
            {
                result.Add(reader.Read(root, split));
            }
            catch (DatasetLayoutException) when (Directory.Exists(root))
            {
            }
        }
        return result;
    }
}
