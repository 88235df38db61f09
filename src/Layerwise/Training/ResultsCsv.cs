using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Layerwise.Data;
using Layerwise.IO;
using Microsoft.Data.Analysis;

namespace Layerwise.Training;

/// <summary>
/// results.csv, the one writer and reader. Columns: paper_results.csv's (model_family, size, backend, n_layers,
/// dataset, eer_percent, source), then seed (empty = a mean over seeds); a producer may append columns of its own
/// (<c>replicate</c>: eer_definition, eer_official_percent). The source is always quoted. Reading goes by column
/// name, so files written before the seed column (and paper_results.csv) still load: their seed is taken from the
/// source text "… (single run, seed N)", anything else counts as a seed mean. Extra columns are ignored.
/// </summary>
public static partial class ResultsCsv
{
    /// <summary>The columns every results.csv starts with, in this order.</summary>
    public static IReadOnlyList<string> Columns { get; } =
        ["model_family", "size", "backend", "n_layers", "dataset", "eer_percent", "source", "seed"];

    /// <summary>The columns a results CSV must have (seed and source may be absent).</summary>
    public static IReadOnlyList<string> RequiredColumns { get; } = ["model_family", "size", "backend", "n_layers", "dataset", "eer_percent"];

    /// <summary>EER in round-trip precision (the default of <see cref="Format(IEnumerable{ResultRecord}, Func{double, string}?)"/>).</summary>
    public static string RoundTrip(double eer) => eer.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>The CSV text of <paramref name="rows"/>; <paramref name="eer"/> formats eer_percent (default round-trip).</summary>
    public static string Format(IEnumerable<ResultRecord> rows, Func<double, string>? eer = null) =>
        Format(rows.Select(r => (r, (IReadOnlyList<string>)[])), [], eer);

    /// <summary>The CSV text of rows with <paramref name="extraColumns"/> after <see cref="Columns"/>; each row brings
    /// one value per extra column.</summary>
    public static string Format(IEnumerable<(ResultRecord Row, IReadOnlyList<string> Extra)> rows, IReadOnlyList<string> extraColumns,
        Func<double, string>? eer = null)
    {
        eer ??= RoundTrip;
        var sb = new StringBuilder(string.Join(",", Columns.Concat(extraColumns))).Append('\n');
        foreach (var (r, extra) in rows)
        {
            if (extra.Count != extraColumns.Count)
                throw new ArgumentException($"a row has {extra.Count} extra values for {extraColumns.Count} extra columns", nameof(rows));
            sb.Append(Field(r.ModelFamily)).Append(',').Append(Field(r.Size)).Append(',').Append(Field(r.Backend)).Append(',')
              .Append(r.NumLayers.ToString(CultureInfo.InvariantCulture)).Append(',')
              .Append(Field(r.Dataset)).Append(',')
              .Append(eer(r.EerPercent)).Append(',')
              .Append('"').Append(r.Source.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"').Append(',')
              .Append(r.Seed?.ToString(CultureInfo.InvariantCulture) ?? "");
            foreach (var x in extra)
                sb.Append(',').Append(Field(x));
            sb.Append('\n');
        }
        return sb.ToString();
    }

    /// <summary>Writes <see cref="Format(IEnumerable{ResultRecord}, Func{double, string}?)"/> atomically.</summary>
    public static void Write(string path, IEnumerable<ResultRecord> rows, Func<double, string>? eer = null) =>
        AtomicFile.WriteAllText(path, Format(rows, eer));

    public static IReadOnlyList<ResultRecord> Read(string path)
    {
        if (!File.Exists(path))
            throw new ResultsFormatException(path, 0, "file not found");
        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>Parses a results CSV: a header with at least model_family, size, backend, n_layers, dataset and
    /// eer_percent, in any order; seed and source are optional.</summary>
    public static IReadOnlyList<ResultRecord> Parse(string text, string source = "<results>")
    {
        var lines = CsvReader.Parse(text, source).ToList();
        if (lines.Count == 0)
            throw new ResultsFormatException(source, 1, "empty file: a header line is required");
        var header = lines[0].Fields.Select(f => f.Trim()).ToArray();
        var missing = RequiredColumns.Where(c => !header.Contains(c)).ToList();
        if (missing.Count > 0)
            throw new ResultsFormatException(source, lines[0].Line, $"header lacks column(s) {string.Join(", ", missing)} (found: {string.Join(",", header)})");
        int Col(string name) => Array.IndexOf(header, name);
        int family = Col("model_family"), size = Col("size"), backend = Col("backend"), n = Col("n_layers"),
            dataset = Col("dataset"), eer = Col("eer_percent"), seed = Col("seed"), src = Col("source");
        var records = new List<ResultRecord>();
        foreach (var (line, f) in lines.Skip(1))
        {
            if (f.Length != header.Length)
                throw new ResultsFormatException(source, line, $"{f.Length} fields, the header has {header.Length}");
            if (!int.TryParse(f[n], NumberStyles.Integer, CultureInfo.InvariantCulture, out int layers) || layers <= 0)
                throw new ResultsFormatException(source, line, $"n_layers '{f[n]}' is not a positive integer");
            if (!double.TryParse(f[eer], NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || double.IsNaN(value))
                throw new ResultsFormatException(source, line, $"eer_percent '{f[eer]}' is not a number");
            string sourceText = src >= 0 ? f[src] : "";
            int? seedValue;
            if (seed < 0)
                seedValue = SeedFromSource(sourceText);
            else if (f[seed].Length == 0)
                seedValue = null;
            else if (int.TryParse(f[seed], NumberStyles.Integer, CultureInfo.InvariantCulture, out int s))
                seedValue = s;
            else
                throw new ResultsFormatException(source, line, $"seed '{f[seed]}' is not an integer (leave it empty for a mean over seeds)");
            foreach (int i in new[] { family, size, backend, dataset })
                if (f[i].Length == 0)
                    throw new ResultsFormatException(source, line, $"empty {header[i]}");
            records.Add(new ResultRecord(f[family], f[size], f[backend], layers, seedValue, f[dataset], value, sourceText));
        }
        return records;
    }

    /// <summary>"… (single run, seed 42)" → 42, as paper_results.csv and results.csv before its seed column have it;
    /// otherwise null (a mean).</summary>
    public static int? SeedFromSource(string source)
    {
        var m = SingleRunSeed().Match(source);
        return m.Success ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : null;
    }

    [GeneratedRegex(@"single run, seed (\d+)")]
    private static partial Regex SingleRunSeed();

    /// <summary>The rows as a DataFrame in <see cref="Columns"/>' order (EER unrounded; seed a nullable int column).</summary>
    public static DataFrame ToDataFrame(IReadOnlyList<ResultRecord> rows) => new(
        new StringDataFrameColumn("model_family", rows.Select(r => r.ModelFamily)),
        new StringDataFrameColumn("size", rows.Select(r => r.Size)),
        new StringDataFrameColumn("backend", rows.Select(r => r.Backend)),
        new PrimitiveDataFrameColumn<int>("n_layers", rows.Select(r => r.NumLayers)),
        new StringDataFrameColumn("dataset", rows.Select(r => r.Dataset)),
        new PrimitiveDataFrameColumn<double>("eer_percent", rows.Select(r => r.EerPercent)),
        new StringDataFrameColumn("source", rows.Select(r => r.Source)),
        new PrimitiveDataFrameColumn<int>("seed", rows.Select(r => r.Seed)));

    static string Field(string value) =>
        value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
}
