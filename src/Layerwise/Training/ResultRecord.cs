namespace Layerwise.Training;

/// <summary>
/// One EER value of a results table, the one row type of results.csv (<see cref="ResultsCsv"/>), sweeps, the
/// replication and the analysis tables: the columns of the paper's results file (paper_results.csv), model_family,
/// size, backend, n_layers, dataset, eer_percent, source; plus <see cref="Seed"/> (null = a mean over seeds, as the
/// paper's avg_*.txt rows). <see cref="Dataset"/> is a test set name or "AVG".
/// </summary>
public sealed record ResultRecord(
    string ModelFamily,
    string Size,
    string Backend,
    int NumLayers,
    int? Seed,
    string Dataset,
    double EerPercent,
    string Source = "")
{
    /// <summary>The configuration key (model_family, size, backend).</summary>
    public ResultConfiguration Configuration => new(ModelFamily, Size, Backend);
}

/// <summary>A (model_family, size, backend) combination, e.g. wav2vec2 / small / FFN.</summary>
public sealed record ResultConfiguration(string ModelFamily, string Size, string Backend)
{
    public override string ToString() => $"{ModelFamily}-{Size} {Backend}";
}
