namespace Layerwise.Replication;

/// <summary>The paper's results columns by (dataset, split) (reference 2.7), e.g. asvspoof2021-df/eval → DF21.</summary>
public static class PaperColumns
{
    /// <summary>The paper's column name, or null when the paper has no column for that split.</summary>
    public static string? Of(string dataset, string split) => (dataset.ToLowerInvariant(), split.ToLowerInvariant()) switch
    {
        ("asvspoof2019-la", "eval") => "LA19",
        ("asvspoof2021-la", "eval") => "LA21",
        ("asvspoof2021-df", "eval") => "DF21",
        ("add2023", "testr1") => "ADD23.1",
        ("add2023", "testr2") => "ADD23.2",
        ("habla", "test") => "HABLA",
        ("partialspoof", "eval") => "PartialSpoof",
        ("had", "test") => "HAD",
        ("scenefake", "eval") => "SceneFake",
        ("ctrsvdd", "test") => "CtrSVDD",
        _ => null,
    };

    /// <summary>A results table's dataset name for a scored split: the paper's column, else the dataset id (with the
    /// split when the dataset has several scored splits), never the bare split name.</summary>
    public static string NameOf(string dataset, string split, bool severalSplits) =>
        Of(dataset, split) ?? (severalSplits ? $"{dataset}-{split}" : dataset);
}
