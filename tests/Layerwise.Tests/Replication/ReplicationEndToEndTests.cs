using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Layerwise.Analysis;
using Layerwise.Metrics;
using Layerwise.Tests.Data;

namespace Layerwise.Tests.Replication;

/// <summary>
/// The scaled-down matrix (MiniPaper: 2 models of different sizes and weight formats, both back-ends, 2 seeds, 2 studies,
/// 3 eval columns) end to end: the one-shot run's files have the paper repository's exact layout and their values
/// are recomputed here from the cells' score files; running the cells one by one in separate processes and then
/// --collect gives byte-identical files; a cell killed with SIGKILL mid-training and rerun gives them too.
/// </summary>
[Collection("Engine")]
public sealed partial class ReplicationEndToEndTests : IDisposable
{
    static readonly string[] Columns = ["LA19", "LA21", "SceneFake"];
    static readonly (string Model, string Size, string Family, int[] Grid)[] Models =
        [("hubert-base-tiny", "small", "hubert", [2, 4]), ("w2v2-large-tiny", "large", "wav2vec2", [4])];
    static readonly string[] Backends = ["FFN", "AASIST"];

    readonly TempDir dir = new();

    public void Dispose() => dir.Dispose();

    [Fact]
    public void ScaledDownMatrixGivesThePaperTablesAndTheSameBytesOneShotCellByCellAndAfterASigkill()
    {
        var config = MiniPaper.Create(dir.Path);
        var home = Path.Combine(dir.Path, "data");
        string[] Args(string outDir, params string[] more) => ["replicate", "--config", config, "--out", outDir, "--data-home", home, .. more];

        // One shot.
        var oneShot = Path.Combine(dir.Path, "one-shot");
        var summary = JsonDocument.Parse(ReplicateProcess.Run(Args(oneShot))).RootElement;
        Assert.Equal(24, summary.GetProperty("cells_total").GetInt32());
        Assert.Equal(24, summary.GetProperty("cells_done").GetInt32());
        CheckTables(oneShot);

        // Cell by cell, each in its own process, then --collect.
        var (code, listing, err) = CliRunner.Run(Args(Path.Combine(dir.Path, "by-cell"), "--list"));
        Assert.True(code == 0, err);
        var ids = listing.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(24, ids.Length);
        Assert.Contains("hubert-base-tiny/asvspoof2019-la/aasist/n2/s42", ids);
        var byCell = Path.Combine(dir.Path, "by-cell");
        // Each cell alone in its own process, two at a time (cells of one model share its caches).
        Parallel.ForEach(ids, new ParallelOptions { MaxDegreeOfParallelism = 2 }, id => ReplicateProcess.Run(Args(byCell, "--cell", id)));
        ReplicateProcess.Run(Args(byCell, "--collect"));
        AssertSameOutputs(oneShot, byCell);

        // SIGKILL during a cell (after its first epoch's checkpoint), then rerun everything that is missing.
        var killed = Path.Combine(dir.Path, "killed");
        string victim = "hubert-base-tiny/scenefake/aasist/n4/s1";
        CopyCells(oneShot, killed, except: victim);
        using (var child = ReplicateProcess.Start(Args(killed)))
        {
            child.BeginOutputReadLine();
            child.BeginErrorReadLine();
            var state = Path.Combine(killed, "cells", victim, "checkpoints", "state.json");
            var clock = Stopwatch.StartNew();
            while (!File.Exists(state) && !child.HasExited && clock.Elapsed < TimeSpan.FromMinutes(2))
                Thread.Sleep(5);
            Assert.False(child.HasExited, "the run ended before the cell could be killed");
            child.Kill(entireProcessTree: true); // SIGKILL
            child.WaitForExit();
        }
        Assert.False(File.Exists(Path.Combine(killed, "cells", victim, "metrics.json")), "the killed cell must not look finished");
        ReplicateProcess.Run(Args(killed));
        AssertSameOutputs(oneShot, killed);
    }

    /// <summary>Every file's layout, and every value recomputed from the score files (EER per column definition).</summary>
    static void CheckTables(string outDir)
    {
        // eer[(model, backend, n, seed, column)] from the labelled score files, in the paper's definition per column.
        double Eer(string model, string backend, int n, int seed, string column)
        {
            string study = column == "SceneFake" ? "scenefake" : "asvspoof2019-la";
            var lines = File.ReadAllLines(Path.Combine(outDir, "cells", model, study, backend.ToLowerInvariant(), $"n{n}", $"s{seed}", "scores", $"{column}.labelled.txt"));
            var bona = new List<double>();
            var spoof = new List<double>();
            foreach (var f in lines.Select(l => l.Split(' ')))
                (f[1] == "bonafide" ? bona : spoof).Add(double.Parse(f[2], CultureInfo.InvariantCulture));
            return 100 * (column == "SceneFake" ? Layerwise.Metrics.Eer.ComputeSklearn(bona, spoof) : Layerwise.Metrics.Eer.Compute(bona, spoof)).Eer;
        }
        double Avg(string m, string b, int n, int seed) => Columns.Average(c => Eer(m, b, n, seed, c));

        string header5 = "\t\t\t\t\tLA19\tLA21\tSceneFake\tAVG\t\t", header4 = "\t\t\t\tLA19\tLA21\tSceneFake\tAVG\t\t";
        foreach (var (model, size, family, grid) in Models)
        {
            foreach (int seed in MiniPaper.Seeds)
            {
                var lines = ReadLines(Path.Combine(outDir, "results", $"{seed}_{size}.txt"));
                var expected = new List<string> { header5, family == "hubert" ? "hub" : "w2v" };
                int k = 2;
                Assert.Equal(expected, lines.Take(2));
                foreach (var b in Backends)
                {
                    Assert.Equal("\t" + b, lines[k++]);
                    foreach (int n in grid)
                    {
                        var row = lines[k++];
                        Assert.StartsWith($"\t\t{n}\t\t\t", row);
                        var values = row[$"\t\t{n}\t\t\t".Length..].Split('\t');
                        Assert.Equal(4, values.Length);
                        var truth = Columns.Select(c => Eer(model, b, n, seed, c)).Append(Avg(model, b, n, seed)).ToList();
                        for (int i = 0; i < 4; i++)
                            AssertRounded(truth[i], values[i], $"{seed}_{size}.txt {model} {b} n={n} column {i}");
                    }
                }
                Assert.Equal(k, lines.Count);
            }

            var avg = ReadLines(Path.Combine(outDir, "results", $"avg_{size}.txt"));
            Assert.Equal(header4, avg[0]);
            int r = 1;
            foreach (var b in Backends)
                foreach (var (n, row) in grid.Select((n, i) => (n, i)))
                {
                    var f = avg[r++].Split('\t');
                    Assert.Equal([family == "hubert" ? "Hubert" : "Wav2Vec", b, row.ToString(CultureInfo.InvariantCulture)], f[..3]);
                    Assert.Equal(3 + 5, f.Length); // 3 columns, AVG, AVG again
                    for (int i = 0; i < 3; i++)
                        AssertRounded(MiniPaper.Seeds.Average(s => Eer(model, b, n, s, Columns[i])), f[3 + i], $"avg_{size}.txt {b} n={n} {Columns[i]}");
                    AssertRounded(MiniPaper.Seeds.Average(s => Avg(model, b, n, s)), f[6], $"avg_{size}.txt {b} n={n} AVG");
                    Assert.Equal(f[6], f[7]);
                }
            Assert.Equal(r, avg.Count);

            // weights: TRAINSET \t family \t BACKEND \t [python list], at the deepest n, mean over seeds, min–max normalised.
            var weights = ReadLines(Path.Combine(outDir, "results", $"weights.{size}.txt"));
            Assert.Equal(header4, weights[0]);
            int w = 1;
            foreach (var (tag, study) in new[] { ("ASV19", "asvspoof2019-la"), ("sceneFake", "scenefake") })
                foreach (var b in Backends)
                {
                    var f = weights[w++].Split('\t');
                    Assert.Equal([tag, family == "hubert" ? "hub" : "w2v", b], f[..3]);
                    Assert.Matches(@"^\[(-?[0-9.e+-]+, )*-?[0-9.e+-]+\]$", f[3]);
                    var values = f[3].Trim('[', ']').Split(", ").Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
                    int deepest = grid.Max();
                    var mean = Enumerable.Range(0, deepest).Select(layer => MiniPaper.Seeds.Average(s =>
                        Metrics(outDir, model, study, b, deepest, s).GetProperty("softmax_layer_weights")[layer].GetDouble())).ToArray();
                    double lo = mean.Min(), hi = mean.Max();
                    Assert.Equal(deepest, values.Length);
                    for (int i = 0; i < deepest; i++)
                        Assert.Equal((mean[i] - lo) / (hi - lo), values[i], 12);
                }
            Assert.Equal(w, weights.Count);
        }

        var csv = ReadLines(Path.Combine(outDir, "results.csv"));
        Assert.Equal("model_family,size,backend,n_layers,dataset,eer_percent,source,seed,eer_definition,eer_official_percent", csv[0]);
        // per (model, backend, n): 2 seeds × (3 columns + AVG) + the seed means (3 columns + AVG)
        Assert.Equal(1 + 6 * 3 * 4, csv.Count);
        var la21 = csv.Single(l => l.StartsWith("hubert,small,FFN,2,LA21,", StringComparison.Ordinal) && l.Contains(",42,", StringComparison.Ordinal)).Split(',');
        Assert.Equal(Eer("hubert-base-tiny", "FFN", 2, 42, "LA21"), double.Parse(la21[5], CultureInfo.InvariantCulture), 3);
        Assert.Equal("asvspoof-official", la21[^2]);
        var scene = csv.Single(l => l.StartsWith("hubert,small,AASIST,4,SceneFake,", StringComparison.Ordinal) && l.Contains(",,sklearn,", StringComparison.Ordinal)).Split(',');
        Assert.Equal(MiniPaper.Seeds.Average(s => Eer("hubert-base-tiny", "AASIST", 4, s, "SceneFake")), double.Parse(scene[5], CultureInfo.InvariantCulture), 3);

        // comparison.csv: ours against the paper's seed mean where the paper has the cell (all of them here, AVG included).
        var cmp = ReadLines(Path.Combine(outDir, "comparison.csv"));
        Assert.Equal("model_family,size,backend,n_layers,dataset,paper_eer_percent,our_mean_eer_percent,our_min_eer_percent,our_max_eer_percent,seeds,difference", cmp[0]);
        Assert.Equal(1 + 6 * 4, cmp.Count);
        var c = cmp.Single(l => l.StartsWith("wav2vec2,large,AASIST,4,LA19,", StringComparison.Ordinal)).Split(',');
        double paper = PaperResults.Table.Select("wav2vec2", "large", "AASIST").Single(x => x.NumLayers == 4 && x.Dataset == "LA19").EerPercent;
        double ours = MiniPaper.Seeds.Average(s => Eer("w2v2-large-tiny", "AASIST", 4, s, "LA19"));
        Assert.Equal(paper, double.Parse(c[5], CultureInfo.InvariantCulture), 4);
        Assert.Equal(ours, double.Parse(c[6], CultureInfo.InvariantCulture), 3);
        Assert.Equal(ours - paper, double.Parse(c[10], CultureInfo.InvariantCulture), 3);

        var report = File.ReadAllText(Path.Combine(outDir, "report.html"));
        foreach (var figure in new[] { "figures/eer_hubert-base-tiny_LA21.svg", "figures/eer_w2v2-large-tiny_AVG.svg", "figures/weights_hubert-base-tiny_AASIST.svg" })
        {
            Assert.Contains($"src=\"{figure}\"", report);
            Assert.StartsWith("<svg ", File.ReadAllText(Path.Combine(outDir, figure)));
        }
    }

    static JsonElement Metrics(string outDir, string model, string study, string backend, int n, int seed) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "cells", model, study, backend.ToLowerInvariant(), $"n{n}", $"s{seed}", "metrics.json"))).RootElement;

    /// <summary>A table value: Python's repr(round(x, 2)) ("0.5", "12.25", "3.0"), within rounding of the truth.</summary>
    static void AssertRounded(double truth, string text, string where)
    {
        Assert.True(PythonRound2().IsMatch(text), $"{where}: '{text}' is not repr(round(x, 2))");
        Assert.True(Math.Abs(double.Parse(text, CultureInfo.InvariantCulture) - truth) <= 0.005 + 1e-9, $"{where}: {text} vs recomputed {truth}");
    }

    [GeneratedRegex(@"^\d+\.(0|\d?[1-9])$")]
    private static partial Regex PythonRound2();

    /// <summary>Lines of a '\n'-terminated file (and it must end in '\n').</summary>
    static List<string> ReadLines(string path)
    {
        var text = File.ReadAllText(path);
        Assert.EndsWith("\n", text);
        return text[..^1].Split('\n').ToList();
    }

    static void AssertSameOutputs(string expectedDir, string actualDir)
    {
        var files = new[] { "results.csv", "comparison.csv", "report.html" }
            .Concat(Directory.GetFiles(Path.Combine(expectedDir, "results")).Select(f => Path.Combine("results", Path.GetFileName(f))))
            .Concat(Directory.GetFiles(Path.Combine(expectedDir, "figures")).Select(f => Path.Combine("figures", Path.GetFileName(f))))
            .ToList();
        Assert.True(files.Count > 10);
        foreach (var f in files)
            Assert.True(File.ReadAllBytes(Path.Combine(expectedDir, f)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(actualDir, f))),
                $"{f} differs between {expectedDir} and {actualDir}");
    }

    static void CopyCells(string from, string to, string except)
    {
        foreach (var metrics in Directory.GetFiles(Path.Combine(from, "cells"), "metrics.json", SearchOption.AllDirectories))
        {
            var cellDir = Path.GetDirectoryName(metrics)!;
            var id = Path.GetRelativePath(Path.Combine(from, "cells"), cellDir).Replace('\\', '/');
            if (id == except)
                continue;
            foreach (var file in Directory.GetFiles(cellDir, "*", SearchOption.AllDirectories))
            {
                var target = Path.Combine(to, "cells", id, Path.GetRelativePath(cellDir, file));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(file, target);
            }
        }
    }
}
