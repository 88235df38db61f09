using System.Reflection;
using System.Runtime.InteropServices;
using ScottPlot;

namespace Layerwise.LayerAnalysis;

/// <summary>
/// Static PNG charts of the toolbox (ScottPlot 5 on SkiaSharp): curves with seed error bars, heatmaps, grouped
/// bars, histograms. Static images, unlike the Plotly HTML charts, go into papers and stay readable without a browser.
/// </summary>
public static class AnalysisImages
{
    public const int Width = 720, Height = 420;

    static AnalysisImages() => SkiaNative.EnsureResolvable();

    /// <summary>One line per series over shared or own x values, with optional ± error bars.</summary>
    public static void Lines(string path, string title, string xTitle, string yTitle, string[] names, double[][] xs, double[][] ys,
        double[][]? errors = null, int[]? xTicks = null)
    {
        var plot = New(title, xTitle, yTitle);
        for (int i = 0; i < names.Length; i++)
        {
            var color = plot.Add.Palette.GetColor(i);
            var line = plot.Add.Scatter(xs[i], ys[i], color);
            line.LegendText = names[i];
            if (errors?[i] is { } e && e.Any(v => v > 0))
                plot.Add.ErrorBar(xs[i], ys[i], e).Color = color;
        }
        if (xTicks is not null)
            plot.Axes.Bottom.SetTicks(xTicks.Select(t => (double)t).ToArray(), xTicks.Select(t => t.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray());
        if (names.Length > 1)
            plot.ShowLegend(Edge.Right); // beside the plot: curves fill the whole area
        Save(plot, path);
    }

    /// <summary>A heatmap of z[row, column] with labelled rows (top to bottom) and columns, and a colour bar.</summary>
    public static void Heatmap(string path, string title, string xTitle, string yTitle, string[] columns, string[] rows, double[,] z,
        double? min = null, double? max = null)
    {
        var plot = New(title, xTitle, yTitle);
        int m = rows.Length, n = columns.Length;
        var map = plot.Add.Heatmap(z);
        map.Colormap = new ScottPlot.Colormaps.Viridis();
        map.Extent = new CoordinateRect(0.5, n + 0.5, 0.5, m + 0.5);
        if (min is double lo && max is double hi)
            map.ManualRange = new ScottPlot.Range(lo, hi);
        plot.Add.ColorBar(map);
        plot.Axes.Bottom.SetTicks(Enumerable.Range(1, n).Select(i => (double)i).ToArray(), columns);
        plot.Axes.Left.SetTicks(Enumerable.Range(0, m).Select(r => (double)(m - r)).ToArray(), rows); // row 0 is drawn on top
        plot.Axes.SetLimits(0.5, n + 0.5, 0.5, m + 0.5);
        Save(plot, path);
    }

    /// <summary>Grouped bars over categories (e.g. layers), one colour per series, optional ± error bars.</summary>
    public static void Bars(string path, string title, string xTitle, string yTitle, string[] categories, string[] names, double[][] values,
        double[][]? errors = null)
    {
        var plot = New(title, xTitle, yTitle);
        int groups = names.Length;
        double width = 0.8 / groups;
        for (int s = 0; s < groups; s++)
        {
            var color = plot.Add.Palette.GetColor(s);
            var bars = categories.Select((_, c) => new Bar
            {
                Position = c + 1 - 0.4 + width * (s + 0.5),
                Value = values[s][c],
                Error = errors?[s][c] ?? 0,
                Size = width * 0.95,
                FillColor = color,
            }).ToArray();
            plot.Add.Bars(bars);
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = names[s], FillColor = color });
        }
        plot.Axes.Bottom.SetTicks(Enumerable.Range(1, categories.Length).Select(i => (double)i).ToArray(), categories);
        plot.Axes.Margins(bottom: 0);
        if (groups > 1)
            plot.ShowLegend(Alignment.UpperRight);
        Save(plot, path);
    }

    /// <summary>Histogram series as step outlines over shared bins.</summary>
    public static void Histogram(string path, ScoreHistogram histogram, string xTitle = "score (bona fide logit)")
    {
        var plot = New(histogram.Title, xTitle, "utterances");
        var e = histogram.Edges;
        for (int s = 0; s < histogram.Series.Count; s++)
        {
            var counts = histogram.Series[s].Counts;
            var xs = new List<double>();
            var ys = new List<double>();
            for (int b = 0; b < counts.Length; b++)
            {
                xs.Add(e[b]); ys.Add(counts[b]);
                xs.Add(e[b + 1]); ys.Add(counts[b]);
            }
            var line = plot.Add.Scatter(xs.ToArray(), ys.ToArray(), plot.Add.Palette.GetColor(s));
            line.MarkerSize = 0;
            line.LineWidth = 2;
            line.LegendText = histogram.Series[s].Group;
        }
        plot.ShowLegend(Alignment.UpperRight);
        Save(plot, path);
    }

    static Plot New(string title, string xTitle, string yTitle)
    {
        var plot = new Plot();
        plot.Title(title);
        plot.XLabel(xTitle);
        plot.YLabel(yTitle);
        return plot;
    }

    static void Save(Plot plot, string path) => IO.AtomicFile.Write(path, temp => plot.SavePng(temp, Width, Height));

    /// <summary>
    /// SkiaSharp's native library sits in runtimes/&lt;rid&gt;/native/ beside the managed one. The CLI finds it through its
    /// deps.json; a notebook kernel that loads Layerwise.dll by path does not, so look there too.
    /// </summary>
    static class SkiaNative
    {
        static int done;

        public static void EnsureResolvable()
        {
            if (Interlocked.Exchange(ref done, 1) == 1)
                return;
            var skia = typeof(SkiaSharp.SKBitmap).Assembly;
            try
            {
                NativeLibrary.SetDllImportResolver(skia, Resolve);
            }
            catch (InvalidOperationException)
            {
                // someone (SkiaSharp itself, or the host) already resolves it
            }
        }

        static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath)
        {
            if (NativeLibrary.TryLoad(name, assembly, searchPath, out var handle))
                return handle;
            string dir = Path.GetDirectoryName(assembly.Location) ?? AppContext.BaseDirectory;
            string file = OperatingSystem.IsWindows() ? name + ".dll" : OperatingSystem.IsMacOS() ? name + ".dylib" : name + ".so";
            string candidate = Path.Combine(dir, "runtimes", RuntimeInformation.RuntimeIdentifier, "native", file);
            if (!File.Exists(candidate))
                candidate = Path.Combine(dir, "runtimes", $"{(OperatingSystem.IsLinux() ? "linux" : OperatingSystem.IsMacOS() ? "osx" : "win")}-{RuntimeInformation.OSArchitecture.ToString().ToLowerInvariant()}", "native", file);
            return File.Exists(candidate) && NativeLibrary.TryLoad(candidate, out handle) ? handle : IntPtr.Zero;
        }
    }
}
