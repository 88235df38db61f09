using System.Globalization;
using System.Reflection;
using System.Runtime.InteropServices;
using ScottPlot;

namespace Layerwise.Analysis;

/// <summary>
/// Static PNG charts (ScottPlot 5 on SkiaSharp, no browser): the same primitives as the Plotly <see cref="Charts"/>,
/// PNG bytes out. A PNG shows wherever no script runs (GitHub's notebook viewer, offline viewers, papers); the
/// toolbox's <see cref="LayerAnalysis.AnalysisImages"/> writes these images to files.
/// </summary>
public static class ChartImages
{
    public const int Width = 720, Height = 420;

    static ChartImages() => SkiaNative.EnsureResolvable();

    /// <summary>One line with markers per series over own x values, optional ± error bars, integer x ticks and a log y axis.</summary>
    public static byte[] Lines(string title, string xTitle, string yTitle, string[] names, double[][] xs, double[][] ys,
        bool logY = false, double[][]? errors = null, int[]? xTicks = null)
    {
        var plot = New(title, xTitle, yTitle);
        for (int i = 0; i < names.Length; i++)
        {
            var color = plot.Add.Palette.GetColor(i);
            double[] y = logY ? ys[i].Select(Math.Log10).ToArray() : ys[i];
            var line = plot.Add.Scatter(xs[i], y, color);
            line.LegendText = names[i];
            line.MarkerSize = xs[i].Length > 200 ? 0 : 5; // a waveform envelope is a line, a curve over depths has points
            if (errors?[i] is { } e && e.Any(v => v > 0))
                plot.Add.ErrorBar(xs[i], y, e).Color = color;
        }
        if (logY)
            plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
            {
                LabelFormatter = v => Math.Pow(10, v).ToString("G3", CultureInfo.InvariantCulture),
            };
        xTicks ??= IntegerTicks(xs); // n_layers, layers: no 1.5 layers
        if (xTicks is not null)
            plot.Axes.Bottom.SetTicks(xTicks.Select(t => (double)t).ToArray(), xTicks.Select(t => t.ToString(CultureInfo.InvariantCulture)).ToArray());
        Legend(plot, names.Length);
        return Encode(plot);
    }

    /// <summary>Markers per series, each point optionally labelled (e.g. EER vs time labelled "n=N").</summary>
    public static byte[] Scatter(string title, string xTitle, string yTitle, string[] names, double[][] xs, double[][] ys, string[][]? pointLabels = null)
    {
        var plot = New(title, xTitle, yTitle);
        for (int i = 0; i < names.Length; i++)
        {
            var color = plot.Add.Palette.GetColor(i);
            var points = plot.Add.Scatter(xs[i], ys[i], color);
            points.LineWidth = 0;
            points.MarkerSize = 8;
            points.LegendText = names[i];
            if (pointLabels?[i] is { } labels)
                for (int k = 0; k < labels.Length; k++)
                {
                    var text = plot.Add.Text(labels[k], xs[i][k], ys[i][k]);
                    text.LabelFontColor = color;
                    text.LabelAlignment = Alignment.LowerCenter;
                    text.LabelFontSize = 12;
                }
        }
        plot.Axes.Margins(0.15, 0.2); // room for the labels above the points
        Legend(plot, names.Length);
        return Encode(plot);
    }

    /// <summary>A heatmap of z[row][column] with labelled rows (top to bottom) and columns, and a colour bar;
    /// NaN cells (e.g. layers a shallower model lacks) stay empty.</summary>
    public static byte[] Heatmap(string title, string xTitle, string yTitle, string[] columns, string[] rows, double[][] z,
        double? min = null, double? max = null)
    {
        var plot = New(title, xTitle, yTitle);
        int m = rows.Length, n = columns.Length;
        var map = plot.Add.Heatmap(Cells(m, n, (r, c) => c < z[r].Length ? z[r][c] : double.NaN)); // row 0 is drawn on top
        map.Colormap = new ScottPlot.Colormaps.Viridis();
        map.Rectangle = new CoordinateRect(0.5, n + 0.5, 0.5, m + 0.5);
        if (min is double lo && max is double hi)
            map.ManualRange = new ScottPlot.Range(lo, hi);
        plot.Add.ColorBar(map);
        plot.Axes.Bottom.SetTicks(Enumerable.Range(1, n).Select(i => (double)i).ToArray(), columns);
        int every = (m + 19) / 20; // at most about 20 row labels (e.g. 40 epochs): every k-th, the first on top
        var labelled = Enumerable.Range(0, m).Where(r => r % every == 0).ToArray();
        plot.Axes.Left.SetTicks(labelled.Select(r => (double)(m - r)).ToArray(), labelled.Select(r => rows[r]).ToArray());
        plot.Axes.SetLimits(0.5, n + 0.5, 0.5, m + 0.5);
        return Encode(plot);
    }

    /// <summary>A heatmap over numeric axes (e.g. a spectrogram: x = time, y = frequency); z[row = y][column = x], y ascending.</summary>
    public static byte[] NumericHeatmap(string title, string xTitle, string yTitle, double[] x, double[] y, double[][] z)
    {
        if (x.Length == 0 || y.Length == 0 || z.Length != y.Length)
            throw new ArgumentException("one z row per y value, and at least one x and one y value");
        var plot = New(title, xTitle, yTitle);
        int m = y.Length, n = x.Length;
        var map = plot.Add.Heatmap(Cells(m, n, (r, c) => z[m - 1 - r][c])); // the lowest y at the bottom
        map.Colormap = new ScottPlot.Colormaps.Viridis();
        double dx = n > 1 ? (x[^1] - x[0]) / (n - 1) : 1, dy = m > 1 ? (y[^1] - y[0]) / (m - 1) : 1;
        map.Rectangle = new CoordinateRect(x[0] - dx / 2, x[^1] + dx / 2, y[0] - dy / 2, y[^1] + dy / 2);
        plot.Add.ColorBar(map);
        plot.Axes.SetLimits(x[0] - dx / 2, x[^1] + dx / 2, y[0] - dy / 2, y[^1] + dy / 2);
        return Encode(plot);
    }

    /// <summary>Grouped bars over categories, one colour per series, optional ± error bars.</summary>
    public static byte[] Bars(string title, string xTitle, string yTitle, string[] categories, string[] names, double[][] values,
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
        return Encode(plot);
    }

    /// <summary>
    /// The cell array of an m × n heatmap. ScottPlot draws nothing for a heatmap one cell high or wide (a single
    /// layer-weight row is common), so such a row or column is given twice: the same picture, drawable.
    /// </summary>
    static double[,] Cells(int m, int n, Func<int, int, double> value)
    {
        int rowRepeat = m == 1 ? 2 : 1, colRepeat = n == 1 ? 2 : 1;
        var cells = new double[m * rowRepeat, n * colRepeat];
        for (int r = 0; r < cells.GetLength(0); r++)
            for (int c = 0; c < cells.GetLength(1); c++)
                cells[r, c] = value(r / rowRepeat, c / colRepeat);
        return cells;
    }

    /// <summary>Below the plot (curves keep the whole width), only when there is more than one series: ScottPlot shows a
    /// legend inside the data area as soon as a series has a name, where it covers points (the title names one series).</summary>
    static void Legend(Plot plot, int series)
    {
        if (series > 1)
            plot.ShowLegend(Edge.Bottom);
        else
            plot.HideLegend();
    }

    /// <summary>The distinct x values as ticks when they are all whole numbers and few (depths, layers), else null.</summary>
    static int[]? IntegerTicks(double[][] xs)
    {
        var all = xs.SelectMany(x => x).Distinct().ToList();
        return all.Count is > 0 and <= 30 && all.All(v => v == Math.Round(v) && Math.Abs(v) < 1e6)
            ? all.Select(v => (int)v).Order().ToArray()
            : null;
    }

    internal static Plot New(string title, string xTitle, string yTitle)
    {
        var plot = new Plot();
        plot.Title(title);
        plot.XLabel(xTitle);
        plot.YLabel(yTitle);
        return plot;
    }

    internal static byte[] Encode(Plot plot) => plot.GetImageBytes(Width, Height, ImageFormat.Png);

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
