using System.Globalization;
using System.Net;
using System.Text;
using Layerwise.Analysis;
using Layerwise.IO;
using Layerwise.Training;

namespace Layerwise.Replication;

/// <summary>What --collect wrote and what is still missing.</summary>
public sealed record CollectReport(int CellsDone, int CellsTotal, IReadOnlyList<string> Files, IReadOnlyList<string> Missing);

/// <summary>
/// Writes a replication's tables, figures and report from its finished cells (atomically, file by file):
/// results/&lt;seed&gt;_&lt;size&gt;.txt, results/avg_&lt;size&gt;.txt, results/weights.&lt;size&gt;.txt (ReplicationTables),
/// results.csv, comparison.csv, figures/*.svg and report.html. Everything depends only on the cells' metrics, so
/// collecting the same cells always gives the same bytes, however and wherever they ran.
/// </summary>
public static class ReplicationCollector
{
    public static CollectReport Collect(ReplicationRunner runner)
    {
        var r = ReplicationResults.Load(runner);
        var c = runner.Config;
        string dir = runner.OutDirectory;
        var files = new List<string>();
        void Write(string relative, string text)
        {
            AtomicFile.WriteAllText(Path.Combine(dir, relative), text);
            files.Add(relative);
        }
        foreach (var size in ReplicationTables.Sizes(c))
        {
            foreach (int seed in c.Seeds)
                Write(Path.Combine("results", $"{seed}_{size}.txt"), ReplicationTables.SeedTable(r, size, seed));
            Write(Path.Combine("results", $"avg_{size}.txt"), ReplicationTables.AverageTable(r, size));
            Write(Path.Combine("results", $"weights.{size}.txt"), ReplicationTables.WeightsTable(r, size));
        }
        Write("results.csv", ReplicationTables.ResultsCsv(r));
        Write("comparison.csv", ReplicationTables.ComparisonCsv(r));
        var figures = new List<(string Title, string File)>();
        foreach (var m in c.Models)
        {
            foreach (var col in c.Columns.Select(x => x.Column).Append(ResultsTable.Average))
            {
                string f = $"figures/eer_{m.Name}_{col}.svg";
                Write(f, SvgFigures.EerVsLayers(r, m, col));
                figures.Add(($"{m.Name}: {col}", f));
            }
            foreach (var b in c.Backends)
            {
                string f = $"figures/weights_{m.Name}_{Sweep.BackendLabel(b)}.svg";
                Write(f, SvgFigures.Heatmap(r, m, b));
                figures.Add(($"{m.Name} {Sweep.BackendLabel(b)}: layer weights", f));
            }
        }
        var cells = ReplicationPlan.Cells(c);
        var missing = cells.Where(x => !runner.IsDone(x)).Select(x => x.Id).ToList();
        Write("report.html", Report(r, figures, cells.Count, missing));
        return new CollectReport(cells.Count - missing.Count, cells.Count, files, missing);
    }

    static string Report(ReplicationResults r, IReadOnlyList<(string Title, string File)> figures, int total, IReadOnlyList<string> missing)
    {
        var c = r.Config;
        var sb = new StringBuilder("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>layerwise replicate</title>\n")
            .Append("<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;font-size:12px}td,th{border:1px solid #ccc;padding:2px 6px;text-align:right}")
            .Append("figure{display:inline-block;margin:4px}figcaption{font-size:12px}</style></head><body>\n")
            .Append("<h1>Replication of El Kheir et al. (NAACL Findings 2025)</h1>\n")
            .Append(CultureInfo.InvariantCulture, $"<p>{total - missing.Count} of {total} cells finished. EER per column: ")
            .Append(string.Join(", ", c.Columns.Select(x => $"{Enc(x.Column)} {(x.Definition == EerDefinition.Official ? "official ASVspoof" : "scikit-learn")}")))
            .Append("; AVG = mean over the columns; seed means over seeds ").Append(string.Join(", ", c.Seeds)).Append(".</p>\n");
        if (missing.Count > 0)
            sb.Append("<p><b>Missing cells:</b> ").Append(Enc(string.Join(", ", missing.Take(20)))).Append(missing.Count > 20 ? " …" : "").Append("</p>\n");
        foreach (var size in ReplicationTables.Sizes(c))
        {
            sb.Append(CultureInfo.InvariantCulture, $"<h2>Seed means, {size} models (results/avg_{size}.txt)</h2>\n<table><tr><th>model</th><th>back-end</th><th>n</th>");
            foreach (var col in c.Columns)
                sb.Append("<th>").Append(Enc(col.Column)).Append("</th>");
            sb.Append("<th>AVG</th></tr>\n");
            foreach (var m in c.Models.Where(m => m.Size == size))
                foreach (var b in c.Backends)
                    foreach (int n in m.Grid)
                    {
                        sb.Append(CultureInfo.InvariantCulture, $"<tr><td>{Enc(m.Name)}</td><td>{Sweep.BackendLabel(b)}</td><td>{n}</td>");
                        foreach (var col in c.Columns)
                            sb.Append("<td>").Append(PythonFloat.Round2(r.SeedMean(m, b, n, col.Column))).Append("</td>");
                        sb.Append("<td>").Append(PythonFloat.Round2(r.SeedMeanAverage(m, b, n))).Append("</td></tr>\n");
                    }
            sb.Append("</table>\n");
        }
        sb.Append("<h2>Figures</h2>\n<p>EER vs n_layers: ours (seed mean, bar = min–max over seeds, solid) beside the paper's seed mean (dashed, where it has the cell). ")
          .Append("Layer weights: rows = training sets, columns = layers, min–max normalised softmax weights at the deepest n, mean over seeds.</p>\n");
        foreach (var (title, file) in figures)
            sb.Append("<figure><img src=\"").Append(Enc(file)).Append("\" alt=\"").Append(Enc(title)).Append("\"><figcaption>").Append(Enc(title)).Append("</figcaption></figure>\n");
        sb.Append("<p>Tables: results/*.txt (the paper repository's layout), results.csv, comparison.csv.</p>\n</body></html>\n");
        return sb.ToString();
    }

    static string Enc(string s) => WebUtility.HtmlEncode(s);
}
