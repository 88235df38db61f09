namespace Layerwise.Data;

/// <summary>
/// A data home: one folder holding one sub-folder per dataset, named by catalog id (<c>asvspoof2019-la/</c>,
/// <c>in-the-wild/</c>, …), each the folder that dataset's official archive extracts into. Named by
/// <c>--data-home</c> on the CLI, the <c>dataHome</c> notebook parameter, or <c>LAYERWISE_DATA</c>, so one setting
/// finds every dataset.
/// </summary>
public sealed class DataHome
{
    /// <summary>Environment variable naming the data home.</summary>
    public const string Variable = "LAYERWISE_DATA";

    public DataHome(string root)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        Root = Path.GetFullPath(root);
    }

    /// <summary>Absolute path of the data home.</summary>
    public string Root { get; }

    /// <summary>True when the data home folder exists.</summary>
    public bool Exists => Directory.Exists(Root);

    /// <summary>The explicit folder when given, else <c>LAYERWISE_DATA</c>, else null (no data home).</summary>
    public static DataHome? Resolve(string? explicitRoot, Func<string, string?>? environment = null)
    {
        if (!string.IsNullOrWhiteSpace(explicitRoot))
        {
            return new DataHome(explicitRoot);
        }
        string? fromEnvironment = (environment ?? Environment.GetEnvironmentVariable)(Variable);
        return string.IsNullOrWhiteSpace(fromEnvironment) ? null : new DataHome(fromEnvironment);
    }

    /// <summary>The folder where dataset <paramref name="datasetId"/> is expected (whether or not it exists).
    /// Throws <see cref="DatasetLayoutException"/> listing the valid ids for an unknown id.</summary>
    public string FolderOf(string datasetId)
    {
        string id = CanonicalId(datasetId);
        return Path.Combine(Root, id);
    }

    /// <summary>True when the dataset's folder exists in the data home.</summary>
    public bool Has(string datasetId) => Directory.Exists(FolderOf(datasetId));

    /// <summary>The dataset root to read: <paramref name="explicitRoot"/> when given, else the data home's folder
    /// for the dataset. Throws <see cref="DatasetLayoutException"/> when neither is available.</summary>
    public static string RootFor(string datasetId, string? explicitRoot, DataHome? home)
    {
        if (!string.IsNullOrWhiteSpace(explicitRoot))
        {
            return Path.GetFullPath(explicitRoot);
        }
        if (home is null)
        {
            throw new DatasetLayoutException(
                $"dataset '{datasetId}': no root given and no data home set (--data-home or {Variable})");
        }
        return home.FolderOf(datasetId);
    }

    /// <summary>The catalog's spelling of <paramref name="datasetId"/>; unknown ids throw, listing the valid ones.</summary>
    public static string CanonicalId(string datasetId)
    {
        string lower = datasetId.Trim().ToLowerInvariant();
        if (!DatasetCatalog.Ids.Contains(lower))
        {
            throw new DatasetLayoutException(
                $"unknown dataset '{datasetId}'; known: {string.Join(", ", DatasetCatalog.Ids)}");
        }
        return lower;
    }
}
